import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../../../lib/api.ts'

export interface SavedDraft<V> {
  values: V
  body: string
  format: 'html' | 'text' | 'markdown'
  at: string
}

/** a second after a change to this browser (nothing typed is lost to a closed tab); a few seconds after, to the server */
const LOCAL_MS = 1000
const SERVER_MS = 4000

/**
 * Autosave. The editor's state goes to this browser a second after each change
 * and to the server (`/drafts`, the writer's own draft of this post) a few
 * seconds after, so a draft survives a cleared browser and follows its writer
 * to another computer. On opening, the newer of the two is offered back when it
 * is newer than the post. 保存 stores the post (and drops the server's draft).
 */
export function useDraft<V>(slug: string | undefined) {
  const localTimer = useRef<number | undefined>(undefined)
  const serverTimer = useRef<number | undefined>(undefined)
  const [serverAt, setServerAt] = useState<string>()
  const storageKey = `inkgate.draft.${slug ?? 'new'}`
  const post = slug ?? ''
  useEffect(
    () => () => {
      window.clearTimeout(localTimer.current)
      window.clearTimeout(serverTimer.current)
    },
    [],
  )
  const write = useCallback(
    (values: V, body: string, format: SavedDraft<V>['format']) => {
      window.clearTimeout(localTimer.current)
      window.clearTimeout(serverTimer.current)
      localTimer.current = window.setTimeout(() => {
        localStorage.setItem(storageKey, JSON.stringify({ values, body, format, at: new Date().toISOString() } satisfies SavedDraft<V>))
      }, LOCAL_MS)
      serverTimer.current = window.setTimeout(() => {
        // a failed autosave is tried again with the next change; the browser's copy is there meanwhile
        api.put<{ savedAt: string }>('/drafts', { post, fields: values as Record<string, unknown>, format, source: body }).then(
          (r) => setServerAt(r.savedAt),
          () => undefined,
        )
      }, SERVER_MS)
    },
    [storageKey, post],
  )
  const read = useCallback(async (): Promise<SavedDraft<V> | undefined> => {
    let local: SavedDraft<V> | undefined
    try {
      const raw = localStorage.getItem(storageKey)
      local = raw ? (JSON.parse(raw) as SavedDraft<V>) : undefined
    } catch {}
    const server = await api.get<{ draft: { fields: Record<string, unknown>; format: SavedDraft<V>['format']; source: string; savedAt: string } }>(`/drafts?post=${encodeURIComponent(post)}`).then(
      (r) => ({ values: r.draft.fields as V, body: r.draft.source, format: r.draft.format, at: r.draft.savedAt }),
      // none (404), or the server cannot be reached: the browser's copy decides
      () => undefined,
    )
    if (!local) return server
    if (!server) return local
    return server.at > local.at ? server : local
  }, [storageKey, post])
  const clear = useCallback(async () => {
    window.clearTimeout(localTimer.current)
    window.clearTimeout(serverTimer.current)
    localStorage.removeItem(storageKey)
    setServerAt(undefined)
    await api.delete(`/drafts?post=${encodeURIComponent(post)}`).catch(() => undefined)
  }, [storageKey, post])
  return useMemo(() => ({ write, read, clear, serverAt }), [write, read, clear, serverAt])
}
