import { AlignmentType, Document, Footer, Header, HeadingLevel, Packer, PageBreak, Paragraph, TextRun } from 'docx'
import { parseDocument } from 'htmlparser2'
import type { ChildNode, Element } from 'domhandler'

/**
 * A post as a Word file a buyer can edit: the title, then each page's
 * paragraphs and headings (a page break where the post has `##pagebreak##`),
 * body text in 仿宋 三号 (16 pt) with a first-line indent of two characters as
 * in 公文, and the buyer's mark in every page's header and footer.
 */
export interface DocxInput {
  title: string
  /** each page's sanitised HTML, free and paid segments in their order */
  pages: string[]
  /** who bought it and when: printed on every page */
  watermark: string
  siteName: string
}

const BODY_FONT = { ascii: 'FangSong', eastAsia: '仿宋', hAnsi: 'FangSong' }
const HEADING_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' }
const BODY_SIZE = 32 // half-points: 三号
const INDENT = 640 // twips: two characters of 16 pt

export async function postToDocx(input: DocxInput): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: input.title, font: HEADING_FONT, size: 44, bold: true })] }),
  ]
  input.pages.forEach((html, i) => {
    if (i > 0) children.push(new Paragraph({ children: [new PageBreak()] }))
    children.push(...blocksOf(html))
  })
  const mark = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, size: 18, color: '888888', font: BODY_FONT })] })
  const doc = new Document({
    creator: input.siteName,
    title: input.title,
    description: input.watermark,
    sections: [{ headers: { default: new Header({ children: [mark(input.watermark)] }) }, footers: { default: new Footer({ children: [mark(`${input.siteName} · ${input.watermark}`)] }) }, children }],
  })
  return Packer.toBuffer(doc)
}

const HEADINGS: Record<string, (typeof HeadingLevel)[keyof typeof HeadingLevel]> = { h1: HeadingLevel.HEADING_1, h2: HeadingLevel.HEADING_2, h3: HeadingLevel.HEADING_3, h4: HeadingLevel.HEADING_4 }
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'tr', 'div'])

/** the HTML's blocks as paragraphs: a heading stays a heading, everything else a body paragraph with its inline bold and italics */
function blocksOf(html: string): Paragraph[] {
  const out: Paragraph[] = []
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type !== 'tag') continue
      const el = node as Element
      const hasBlockChild = el.children.some((c) => c.type === 'tag' && BLOCKS.has((c as Element).name))
      if (BLOCKS.has(el.name) && !hasBlockChild) {
        const runs = runsOf(el.children, {})
        if (!runs.length) continue
        const heading = HEADINGS[el.name]
        out.push(
          heading
            ? new Paragraph({ heading, children: runs.map((r) => new TextRun({ ...r, font: HEADING_FONT, size: 32, bold: true })) })
            : new Paragraph({ indent: { firstLine: INDENT }, spacing: { line: 560 }, children: runs.map((r) => new TextRun({ ...r, font: BODY_FONT, size: BODY_SIZE })) }),
        )
      } else walk(el.children)
    }
  }
  walk(parseDocument(html).children)
  return out
}

function runsOf(nodes: ChildNode[], style: { bold?: boolean; italics?: boolean }): Array<{ text: string; bold?: boolean; italics?: boolean; break?: number }> {
  const runs: Array<{ text: string; bold?: boolean; italics?: boolean; break?: number }> = []
  for (const node of nodes) {
    if (node.type === 'text') {
      // the body's own first-line spaces (　　) are the indent's job now
      const text = node.data.replace(/\s+/g, ' ').replace(/^[\u3000 ]+/, runs.length ? ' ' : '')
      if (text.trim()) runs.push({ text, ...style })
    } else if (node.type === 'tag') {
      const el = node as Element
      if (el.name === 'br') runs.push({ text: '', break: 1 })
      else runs.push(...runsOf(el.children, { ...style, ...(el.name === 'strong' || el.name === 'b' ? { bold: true } : {}), ...(el.name === 'em' || el.name === 'i' ? { italics: true } : {}) }))
    }
  }
  return runs
}
