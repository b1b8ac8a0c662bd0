import PDFDocument from 'pdfkit'
import { blocksOf } from './post-blocks.ts'
import type { PdfFonts } from './pdf-font.ts'

export interface PdfInput {
  title: string
  /** each page's sanitised HTML, free and paid segments in their order */
  pages: string[]
  /** who bought it and when: printed at the top and bottom of every page */
  watermark: string
  siteName: string
  fonts: PdfFonts
}

const MARGIN = 72 // pt: an inch, as Word's default
const BODY = 16 // pt: 三号
const INDENT = BODY * 2 // two characters

/**
 * A post as a PDF a buyer can print: A4, the title, each page's headings and
 * paragraphs (a new PDF page at each `##pagebreak##`), body text at 三号 with a
 * two-character first-line indent, and the buyer's mark in the header and the
 * footer of every page. The font is embedded as a subset of the glyphs used
 * (pdfkit with fontkit), so the file is small and reads the same everywhere.
 */
export async function postToPdf(input: PdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: input.title, Author: input.siteName, Subject: input.watermark },
    bufferPages: true,
  })
  doc.registerFont('body', input.fonts.regular.path, input.fonts.regular.face)
  doc.registerFont('bold', input.fonts.bold.path, input.fonts.bold.face)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })

  doc.font('bold').fontSize(22).text(input.title, { align: 'center' })
  doc.moveDown(1)
  input.pages.forEach((html, i) => {
    if (i > 0) doc.addPage()
    for (const block of blocksOf(html)) {
      if (block.heading) {
        doc.moveDown(0.4)
        doc.font('bold').fontSize(block.heading <= 2 ? 18 : BODY)
        doc.text(block.runs.map((r) => (r.break ? '\n' : r.text)).join(''), { lineGap: 6 })
        doc.moveDown(0.3)
        continue
      }
      doc.fontSize(BODY)
      // a paragraph's runs flow on one line (continued); bold runs in the bold face
      block.runs.forEach((r, j) => {
        const last = j === block.runs.length - 1
        doc.font(r.bold ? 'bold' : 'body')
        doc.text(r.break ? '\n' : r.text, { continued: !last, lineGap: 10, ...(j === 0 ? { indent: INDENT } : {}) })
      })
    }
  })

  // every page's header and footer, drawn once the pages are laid out (outside the margins: no new page)
  const range = doc.bufferedPageRange()
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    const width = doc.page.width - MARGIN * 2
    doc.font('body').fontSize(9).fillColor('#888888')
    doc.text(input.watermark, MARGIN, MARGIN / 2 - 4, { width, align: 'center', lineBreak: false })
    doc.text(`${input.siteName} · ${input.watermark} · ${p + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 6, { width, align: 'center', lineBreak: false })
    doc.fillColor('#000000')
    doc.page.margins.bottom = bottom
  }
  doc.end()
  await ended
  return Buffer.concat(chunks)
}
