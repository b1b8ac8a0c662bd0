import { lazy, Suspense } from 'react'
import { Redirect, Route, Switch } from 'wouter'
import { Spin } from 'antd'
import { Refusal } from '../components/page-title.tsx'
import { t } from '../lib/i18n.ts'
import { ConsoleLayout } from './console-layout.tsx'
import { useSession } from './session.tsx'

// one chunk per screen: the editor's TipTap loads only with the editor
const DashboardPage = lazy(() => import('../features/dashboard/pages/dashboard-page.tsx'))
const PostListPage = lazy(() => import('../features/posts/pages/post-list-page.tsx'))
const PostEditorPage = lazy(() => import('../features/posts/pages/post-editor-page.tsx'))
const OrdersPage = lazy(() => import('../features/orders/pages/orders-page.tsx'))
const PlansPage = lazy(() => import('../features/plans/pages/plans-page.tsx'))
const SettingsPage = lazy(() => import('../features/settings/pages/settings-page.tsx'))
const ChannelsPage = lazy(() => import('../features/channels/pages/channels-page.tsx'))
const MembersPage = lazy(() => import('../features/members/pages/members-page.tsx'))
const AuditPage = lazy(() => import('../features/audit/pages/audit-page.tsx'))
const TagsPage = lazy(() => import('../features/tags/pages/tags-page.tsx'))
const MediaPage = lazy(() => import('../features/media/pages/media-page.tsx'))
const AccountPage = lazy(() => import('../features/account/pages/account-page.tsx'))
const MigratePage = lazy(() => import('../features/migrate/pages/migrate-page.tsx'))

/** A screen that needs a permission: the others see why not, not a broken page (the server refuses them anyway). */
function Needs({ permission, children }: { permission: string; children: React.ReactNode }) {
  const { can } = useSession()
  return can(permission) ? children : <Refusal code="403" text={t('common.forbidden')} />
}

export default function Console() {
  const { can } = useSession()
  return (
    <ConsoleLayout>
      <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
        <Switch>
          <Route path="/">{can('order.read') ? <DashboardPage /> : <Redirect to="/posts" replace />}</Route>
          <Route path="/posts" component={PostListPage} />
          <Route path="/posts/new" component={PostEditorPage} />
          <Route path="/posts/:slug/edit" component={PostEditorPage} />
          <Route path="/media" component={MediaPage} />
          <Route path="/orders">
            <Needs permission="order.read">
              <OrdersPage />
            </Needs>
          </Route>
          <Route path="/members">
            <Needs permission="member.read">
              <MembersPage />
            </Needs>
          </Route>
          <Route path="/plans">
            <Needs permission="plan.read">
              <PlansPage />
            </Needs>
          </Route>
          <Route path="/channels">
            <Needs permission="post.write-any">
              <ChannelsPage />
            </Needs>
          </Route>
          <Route path="/tags">
            <Needs permission="post.write-any">
              <TagsPage />
            </Needs>
          </Route>
          <Route path="/settings">
            <Needs permission="settings.manage">
              <SettingsPage />
            </Needs>
          </Route>
          <Route path="/migrate">
            <Needs permission="settings.manage">
              <MigratePage />
            </Needs>
          </Route>
          <Route path="/account" component={AccountPage} />
          <Route path="/audit">
            <Needs permission="audit.read">
              <AuditPage />
            </Needs>
          </Route>
          <Route>
            <Refusal code="404" text={t('common.notFound')} />
          </Route>
        </Switch>
      </Suspense>
    </ConsoleLayout>
  )
}
