import { ConfigProvider, Spin } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import { lazy, Suspense } from 'react'
import { Router } from 'wouter'
import { antdLocale } from '../lib/i18n.ts'
import { NoticeProvider } from '../lib/notice.tsx'
import { SessionProvider, useSession } from './session.tsx'

// the signed-in console (layout, menus, screens) loads after the sign-in screen has shown
const Console = lazy(() => import('./console.tsx'))
const SignInPage = lazy(() => import('../features/session/pages/sign-in-page.tsx'))
const SetupPage = lazy(() => import('../features/session/pages/setup-page.tsx'))

function Gate() {
  const { session } = useSession()
  if (!session) return <Spin fullscreen />
  if (session.setupNeeded && !session.staff) return <SetupPage />
  if (!session.staff) return <SignInPage />
  return <Console />
}

/** antd in the user's language (zh-CN first), the session, and the router under /admin. */
export function App() {
  return (
    <ConfigProvider locale={antdLocale() ?? zhCN} theme={{ token: { colorPrimary: '#b4232a', borderRadius: 6 } }}>
      <NoticeProvider>
        <SessionProvider>
          <Router base="/admin">
            <Suspense fallback={<Spin fullscreen />}>
              <Gate />
            </Suspense>
          </Router>
        </SessionProvider>
      </NoticeProvider>
    </ConfigProvider>
  )
}
