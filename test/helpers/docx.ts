import { strFromU8, unzipSync } from 'fflate'

/** The text of a Word file as a reader would see it: the body, headers and footers, tags dropped, in one string. */
export function docxText(bytes: Buffer | Uint8Array): string {
  const files = unzipSync(new Uint8Array(bytes))
  return Object.entries(files)
    .filter(([name]) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(name))
    .map(([name, data]) => `[${name}] ${strFromU8(data).replace(/<[^>]+>/g, ' ')}`)
    .join('\n')
}

/** The raw XML of one part of a Word file (`word/document.xml`). */
export function docxPart(bytes: Buffer | Uint8Array, name: string): string {
  const data = unzipSync(new Uint8Array(bytes))[name]
  if (!data) throw new Error(`no ${name} in the file`)
  return strFromU8(data)
}

export const isDocx = (contentType: unknown) => String(contentType).startsWith('application/vnd.openxmlformats-officedocument.wordprocessingml')
