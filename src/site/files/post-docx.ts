import { AlignmentType, Document, Footer, Header, HeadingLevel, Packer, PageBreak, Paragraph, TextRun } from 'docx'
import { blocksOf } from './post-blocks.ts'

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
    children.push(...paragraphsOf(html))
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

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3, 4: HeadingLevel.HEADING_4 } as const

function paragraphsOf(html: string): Paragraph[] {
  return blocksOf(html).map((b) =>
    b.heading
      ? new Paragraph({ heading: HEADINGS[b.heading], children: b.runs.map((r) => new TextRun({ ...r, font: HEADING_FONT, size: 32, bold: true })) })
      : new Paragraph({ indent: { firstLine: INDENT }, spacing: { line: 560 }, children: b.runs.map((r) => new TextRun({ ...r, font: BODY_FONT, size: BODY_SIZE })) }),
  )
}
