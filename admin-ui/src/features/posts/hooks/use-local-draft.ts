import { useCallback, useEffect, useMemo, useRef } from 'react'

export interface LocalDraft<V> {
  values: V
  body: string
  at: string
}

/**
 * Autosave: the editor's state is written to this browser a second after each
 * change, so a closed tab or a lost connection loses nothing that was typed. The
 * server copy is written by 保存; a draft newer than it is offered back on opening.
 */
export function useLocalDraft<V>(key: string) {
  const timer = useRef<number | undefined>(undefined)
  const storageKey = `inkgate.draft.${key}`
  useEffect(() => () => window.clearTimeout(timer.current), [])
  const write = useCallback(
    (values: V, body: string) => {
      window.clearTimeout(timer.current)
      timer.current = window.setTimeout(() => {
        localStorage.setItem(storageKey, JSON.stringify({ values, body, at: new Date().toISOString() } satisfies LocalDraft<V>))
      }, 1000)
    },
    [storageKey],
  )
  const read = useCallback((): LocalDraft<V> | undefined => {
    try {
      const raw = localStorage.getItem(storageKey)
      return raw ? (JSON.parse(raw) as LocalDraft<V>) : undefined
    } catch {
      return undefined
    }
  }, [storageKey])
  const clear = useCallback(() => {
    window.clearTimeout(timer.current)
    localStorage.removeItem(storageKey)
  }, [storageKey])
  return useMemo(() => ({ write, read, clear }), [write, read, clear])
}
