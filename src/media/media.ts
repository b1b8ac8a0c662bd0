/** An uploaded file as the console and the site know it. */
export interface MediaItem {
  key: string
  ext: string
  kind: MediaKind
  mime: string
  size: number
  /** the name it was uploaded under (downloads are offered under it) */
  name: string
  url: string
  createdAt: string
}

/** `image`: shown in a page (img); `file`: an attachment, always downloaded, never shown inline. */
export type MediaKind = 'image' | 'file'

/** 128 random bits, base64url: a file's address cannot be guessed. */
const KEY = /^[A-Za-z0-9_-]{22}$/

export const isMediaKey = (key: string): boolean => KEY.test(key)

/** The public path of a file: /media/<key>.<ext> */
export const mediaPath = (key: string, ext: string): string => `/media/${key}.${ext}`

/** "<key>.<ext>" from the path's last part, or undefined when it is not one of ours. */
export function parseMediaFile(file: string): { key: string; ext: string } | undefined {
  const m = /^([A-Za-z0-9_-]{22})\.([a-z0-9]{1,5})$/.exec(file)
  return m ? { key: m[1] as string, ext: m[2] as string } : undefined
}

/**
 * The files an HTML fragment uses: every /media/<key>.<ext> in it, in an
 * attribute or in text, with or without the site's host. Reading more than the
 * links (a URL written as text) only ever makes a file paid, never public.
 */
export function mediaKeysIn(html: string): string[] {
  const keys = new Set<string>()
  for (const m of html.matchAll(/\/media\/([A-Za-z0-9_-]{22})\.[a-z0-9]{1,5}/g)) keys.add(m[1] as string)
  return [...keys]
}
