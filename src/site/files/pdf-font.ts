import { existsSync } from 'node:fs'

/** A font PDF downloads are set in: a file, and the face within a collection (.ttc). */
export interface PdfFont {
  path: string
  face?: string
}

export interface PdfFonts {
  regular: PdfFont
  /** headings and bold text; the regular face when the system has no bold one */
  bold: PdfFont
}

/** Where systems keep a Chinese font, best first (Noto Serif CJK reads like the 宋体 of 公文). */
const KNOWN: Array<{ regular: PdfFont; bold?: PdfFont }> = [
  ...['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk', '/usr/share/fonts/google-noto-serif-cjk-fonts'].map((dir) => ({
    regular: { path: `${dir}/NotoSerifCJK-Regular.ttc`, face: 'NotoSerifCJKsc-Regular' },
    bold: { path: `${dir}/NotoSansCJK-Bold.ttc`, face: 'NotoSansCJKsc-Bold' },
  })),
  ...['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk'].map((dir) => ({
    regular: { path: `${dir}/NotoSansCJK-Regular.ttc`, face: 'NotoSansCJKsc-Regular' },
    bold: { path: `${dir}/NotoSansCJK-Bold.ttc`, face: 'NotoSansCJKsc-Bold' },
  })),
  { regular: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' } },
  { regular: { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' } },
]

/** `path` or `path#PostScriptName` (a face of a collection) */
export function parseFontSpec(spec: string): PdfFont {
  const hash = spec.lastIndexOf('#')
  return hash > 0 ? { path: spec.slice(0, hash), face: spec.slice(hash + 1) } : { path: spec }
}

/**
 * The fonts for PDF downloads: the configured one (INKGATE_PDF_FONT), else the
 * first the system has. Undefined when there is none: a PDF without Chinese
 * glyphs would be empty boxes, so the site then offers Word files only.
 */
export function findPdfFonts(configured: string | undefined, exists: (path: string) => boolean = existsSync): PdfFonts | undefined {
  if (configured) {
    const font = parseFontSpec(configured)
    return exists(font.path) ? { regular: font, bold: font } : undefined
  }
  for (const k of KNOWN) if (exists(k.regular.path)) return { regular: k.regular, bold: k.bold && exists(k.bold.path) ? k.bold : k.regular }
  return undefined
}
