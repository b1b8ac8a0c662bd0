import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/** Each page's text of a PDF as a reader's viewer extracts it (PDF.js: the embedded font's ToUnicode map), in order. */
export async function pdfPages(bytes: Buffer | Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise
  try {
    const pages: string[] = []
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent()
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''))
    }
    return pages
  } finally {
    await pdf.destroy()
  }
}

export const isPdf = (contentType: unknown) => String(contentType).startsWith('application/pdf')
