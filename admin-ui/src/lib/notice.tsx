import { message } from 'antd'
import { createContext, useContext, type ReactNode } from 'react'

type Notice = ReturnType<typeof message.useMessage>[0]
const NoticeContext = createContext<Notice | undefined>(undefined)

/**
 * Short notices (saved, refused …) in the theme and language of the console.
 * Only antd's message, not its whole App: that would put the modal and the
 * notification code on the first screen.
 */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [api, holder] = message.useMessage()
  return (
    <NoticeContext.Provider value={api}>
      {holder}
      {children}
    </NoticeContext.Provider>
  )
}

export function useNotice(): { message: Notice } {
  const api = useContext(NoticeContext)
  if (!api) throw new Error('useNotice outside NoticeProvider')
  return { message: api }
}
