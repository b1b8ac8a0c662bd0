/**
 * A URL we would follow ourselves: an absolute http(s) address, or a path on this
 * site ("/uploads/a.png"). Covers, logos and links are stored only in one of these
 * forms, so no page, feed or API answer can carry `javascript:`, `data:` or a
 * protocol-relative "//host" an editor (or an import) typed.
 */
export function followableUrl(raw: string | null | undefined): string | undefined {
  const value = (raw ?? '').trim()
  if (!value || /[\u0000-\u001f\u007f\s]/.test(value)) return undefined
  if (value.startsWith('/')) return value.startsWith('//') || value.startsWith('/\\') ? undefined : value
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : undefined
  } catch {
    return undefined
  }
}
