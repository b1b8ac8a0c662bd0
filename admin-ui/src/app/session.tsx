import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { api, setCsrfToken, whenSignedOut } from '../lib/api.ts'
import type { Session } from '../lib/contract.ts'

interface SessionState {
  session: Session | undefined
  /** reads the session again (after signing in or out, or the owner set-up) */
  refresh: () => Promise<void>
  can: (permission: string) => boolean
}

const SessionContext = createContext<SessionState>({ session: undefined, refresh: async () => {}, can: () => false })

/** Who is signed in, the CSRF token, and whether the site still needs its owner: read once, then after each change. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>()
  const refresh = useCallback(async () => {
    const s = await api.get<Session>('/session')
    setCsrfToken(s.csrfToken)
    setSession(s)
  }, [])
  useEffect(() => {
    whenSignedOut(() => void refresh())
    void refresh()
  }, [refresh])
  const can = useCallback((permission: string) => session?.permissions.includes(permission) ?? false, [session])
  return <SessionContext.Provider value={{ session, refresh, can }}>{children}</SessionContext.Provider>
}

export function useSession(): SessionState {
  return useContext(SessionContext)
}
