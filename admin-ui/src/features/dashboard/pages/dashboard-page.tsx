import { lazy, Suspense, useEffect, useState } from 'react'
import { Link } from 'wouter'
import { Muted, PageTitle } from '../../../components/page-title.tsx'
import { Figure, Panel } from '../../../components/panel.tsx'
import { api } from '../../../lib/api.ts'
import type { DashboardData } from '../../../lib/contract.ts'
import { showError } from '../../../lib/form-errors.ts'
import { t } from '../../../lib/i18n.ts'
import { yuan } from '../../../lib/money.ts'
import { useNotice } from '../../../lib/notice.tsx'

// the chart library is the heaviest part of the console: it loads after the figures
const RevenueChart = lazy(() => import('../components/revenue-chart.tsx'))

const percent = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 1)}%`

/** The last 30 days at a glance: revenue, orders, members, what sells and what is read. The console opens here: kept light. */
export default function DashboardPage() {
  const { message } = useNotice()
  const [d, setD] = useState<DashboardData>()
  useEffect(() => void api.get<DashboardData>('/dashboard').then(setD, (error: unknown) => showError(error, (text) => void message.error(text))), [message])
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <PageTitle>{t('nav.dashboard')}</PageTitle>
      {d ? (
        <>
          <div className="figure-grid">
            <Figure label={t('dash.revenueToday')} value={yuan(d.revenue.today)} testId="revenue-today" />
            <Figure label={t('dash.revenueYesterday')} value={yuan(d.revenue.yesterday)} />
            <Figure label={t('dash.revenue7')} value={yuan(d.revenue.last7)} />
            <Figure label={t('dash.revenue30')} value={yuan(d.revenue.last30)} testId="revenue-30" />
            <Figure label={t('dash.membersToday')} value={d.newMembers.today} />
            <Figure label={t('dash.members30')} value={d.newMembers.last30} />
            <Figure label={t('dash.paidOrders30')} value={d.ordersByState.paid} />
            <Figure label={t('dash.flagged')} value={d.flaggedOrders} alert={d.flaggedOrders > 0}>
              {d.flaggedOrders ? <Link href="/orders">{t('nav.orders')} →</Link> : null}
            </Figure>
          </div>
          <Panel title={t('dash.chart')}>
            <Suspense fallback={<div style={{ height: 300 }} />}>
              <RevenueChart daily={d.daily} />
            </Suspense>
            <Muted small>{t('dash.chartHelp')}</Muted>
          </Panel>
          <div className="two-columns">
            <Panel title={t('dash.topSelling')}>
              <table className="plain-table" data-testid="top-selling">
                <thead>
                  <tr>
                    <th>{t('posts.col.title')}</th>
                    <th className="num">{t('dash.purchases')}</th>
                    <th className="num">{t('dash.revenue')}</th>
                    <th className="num">{t('posts.col.views')}</th>
                    <th className="num">{t('dash.conversion')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.topSelling.map((p) => (
                    <tr key={p.slug}>
                      <td>
                        <Link href={`/posts/${p.slug}/edit`}>{p.title}</Link>
                      </td>
                      <td className="num">{p.purchases}</td>
                      <td className="num">{yuan(p.revenue)}</td>
                      <td className="num">{p.views}</td>
                      <td className="num">{p.views ? percent(p.conversion) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Panel>
            <Panel title={t('dash.mostRead')}>
              <ol style={{ margin: 0, paddingLeft: 20, lineHeight: 2 }}>
                {d.mostRead.map((p) => (
                  <li key={p.slug}>
                    <Link href={`/posts/${p.slug}/edit`}>{p.title}</Link> <Muted small>{p.views}</Muted>
                  </li>
                ))}
              </ol>
            </Panel>
          </div>
        </>
      ) : null}
    </div>
  )
}
