import { Label } from '../components/label.tsx'
import {
  ApartmentOutlined,
  TeamOutlined,
  AuditOutlined,
  DashboardOutlined,
  SettingOutlined,
  ImportOutlined,
  CrownOutlined,
  EditOutlined,
  FileTextOutlined,
  GlobalOutlined,
  LogoutOutlined,
  PictureOutlined,
  ShoppingCartOutlined,
  TagsOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { Button, Layout, Space } from 'antd'
import { Link } from 'wouter'
import './console-layout.css'
import type { ReactNode } from 'react'
import { useLocation } from 'wouter'
import { api } from '../lib/api.ts'
import { switchLanguage, t, type MessageKey } from '../lib/i18n.ts'
import { useSession } from './session.tsx'

/** The menu shows what the role may use; the server decides anyway. */
export function ConsoleLayout({ children }: { children: ReactNode }) {
  const { session, can, refresh } = useSession()
  const [pathname] = useLocation()
  const items = [
    ...(can('order.read') ? [{ key: '/', icon: <DashboardOutlined />, label: t('nav.dashboard') }] : []),
    { key: '/posts', icon: <FileTextOutlined />, label: t('nav.posts') },
    { key: '/posts/new', icon: <EditOutlined />, label: t('nav.newPost') },
    { key: '/media', icon: <PictureOutlined />, label: t('nav.media') },
    ...(can('post.write-any') ? [{ key: '/channels', icon: <ApartmentOutlined />, label: t('nav.channels') }] : []),
    ...(can('post.write-any') ? [{ key: '/tags', icon: <TagsOutlined />, label: t('nav.tags') }] : []),
    ...(can('order.read') ? [{ key: '/orders', icon: <ShoppingCartOutlined />, label: t('nav.orders') }] : []),
    ...(can('member.read') ? [{ key: '/members', icon: <TeamOutlined />, label: t('nav.members') }] : []),
    ...(can('plan.read') ? [{ key: '/plans', icon: <CrownOutlined />, label: t('nav.plans') }] : []),
    ...(can('settings.manage') ? [{ key: '/settings', icon: <SettingOutlined />, label: t('nav.settings') }] : []),
    ...(can('settings.manage') ? [{ key: '/migrate', icon: <ImportOutlined />, label: t('nav.migrate') }] : []),
    ...(can('audit.read') ? [{ key: '/audit', icon: <AuditOutlined />, label: t('nav.audit') }] : []),
  ]
  // a post being edited belongs to 文档; 写文档 is its own entry
  const selected = items.map((i) => i.key).filter((k) => pathname === k || (k === '/posts' && pathname.endsWith('/edit')) || (k.length > 1 && k !== '/posts' && pathname.startsWith(k)))
  const signOut = async () => {
    await api.delete('/session')
    await refresh()
  }
  const role = session?.staff?.role ?? ''
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>{t('app.title')}</div>
        {/* a plain list of links: antd's Menu would add ~25 KB to every screen for five entries */}
        <nav className="console-nav">
          {items.map((item) => (
            <Link key={item.key} href={item.key} className={selected.includes(item.key) ? 'active' : ''}>
              {item.icon} {item.label}
            </Link>
          ))}
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 20px', display: 'flex', justifyContent: 'flex-end' }}>
          <Space>
            <a href="/" target="_blank" rel="noreferrer">
              <GlobalOutlined /> {t('nav.site')}
            </a>
            <Link href="/account" data-testid="staff-name" title={t('app.account')}>
              <UserOutlined /> {session?.staff?.username}
            </Link>
            {role ? <Label>{t(`role.${role}` as MessageKey)}</Label> : null}
            <Button size="small" onClick={switchLanguage}>
              {t('app.language')}
            </Button>
            <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut()}>
              {t('app.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 20 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  )
}
