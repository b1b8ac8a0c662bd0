import type { SiteDeps } from '../site-deps.ts'

/** The files a reader of a whole post may take it as. */
export const DOWNLOAD_FORMATS = {
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  pdf: { type: 'application/pdf' },
} as const
export type DownloadFormat = keyof typeof DOWNLOAD_FORMATS

/** Whether the site offers a format now: the owner's switch, and for a PDF a font to set Chinese in. */
export function offered(deps: Pick<SiteDeps, 'catalog' | 'pdf'>, format: DownloadFormat): boolean {
  const { settings } = deps.catalog.get()
  return format === 'docx' ? settings.downloadDocx : settings.downloadPdf && deps.pdf !== undefined
}
