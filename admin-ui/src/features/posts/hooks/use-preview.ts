import { useEffect, useState } from 'react'
import type { Preview } from '../../../lib/contract.ts'
import { YUAN_PATTERN } from '../../../lib/money.ts'
import { postsApi } from '../api/posts-api.ts'

/** The preview of the body at this price (and the post's own preview share, null for the site's), asked again half a second after the last change. */
export function usePreview(body: string, price: string, format: 'html' | 'text' | 'markdown', previewShare: number | null): { preview: Preview | undefined; loading: boolean } {
  const [preview, setPreview] = useState<Preview>()
  const [loading, setLoading] = useState(false)
  useEffect(() => {
    let stale = false
    const timer = window.setTimeout(() => {
      setLoading(true)
      postsApi
        .preview({ source: body, price: YUAN_PATTERN.test(price) ? price : '0', format, previewShare })
        .then((p) => !stale && setPreview(p))
        .catch(() => {})
        .finally(() => !stale && setLoading(false))
    }, 500)
    return () => {
      stale = true
      window.clearTimeout(timer)
    }
  }, [body, price, format, previewShare])
  return { preview, loading }
}
