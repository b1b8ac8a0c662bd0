import { Descriptions, Drawer, Table, Tabs } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { Label } from '../../../components/label.tsx'
import { api } from '../../../lib/api.ts'
import type { MemberDetail, Plan, PlanList } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { orderState, roleName, t, type MessageKey } from '../../../lib/i18n.ts'
import { yuan } from '../../../lib/money.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { MemberActions } from './member-actions.tsx'
import { mw } from '../words.ts'
import { ow } from '../../orders/words.ts'

/** One member: their money, reading and orders, and what an admin may do about them. */
export function MemberDrawer({ memberId, onClose, onChanged }: { memberId: number | undefined; onClose: () => void; onChanged: () => void }) {
  const { message } = useNotice()
  const [detail, setDetail] = useState<MemberDetail>()
  const [plans, setPlans] = useState<Plan[]>([])
  const load = useCallback(() => {
    if (memberId) api.get<MemberDetail>(`/members/${memberId}`).then(setDetail, (error: unknown) => showError(error, (text) => void message.error(text)))
  }, [memberId, message])
  useEffect(() => {
    setDetail(undefined)
    load()
  }, [load])
  useEffect(
    () =>
      void api.get<PlanList>('/plans').then(
        (r) => setPlans(r.items.filter((p) => p.active)),
        () => {},
      ),
    [],
  )
  const d = detail
  return (
    <Drawer open={memberId !== undefined} onClose={onClose} size="large" title={d?.member.username}>
      {d ? (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={mw('members.col.email')}>{d.member.email ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={mw('members.col.role')}>{roleName(d.member.role)}</Descriptions.Item>
            <Descriptions.Item label={mw('members.balance')}>
              <span data-testid="member-balance">{yuan(d.balance)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={mw('members.vip')}>{d.vip ? mw('members.vipUntil', { plan: d.vip.planName, date: dateTime(d.vip.endsAt) }) : mw('members.vipNone')}</Descriptions.Item>
            <Descriptions.Item label={mw('members.col.joined')}>{dateTime(d.member.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={mw('members.col.state')}>
              {d.member.disabled ? <Label color="red">{mw('members.disabled')}</Label> : <Label color="green">{mw('members.active')}</Label>}
              {d.member.twoFactor ? <Label color="blue">{mw('members.twoFactor')}</Label> : null}
            </Descriptions.Item>
          </Descriptions>
          <div style={{ marginTop: 16 }}>
            <MemberActions
              detail={d}
              plans={plans}
              onChanged={() => {
                load()
                onChanged()
              }}
            />
          </div>
          <Tabs
            items={[
              {
                key: 'ledger',
                label: mw('members.ledger'),
                children: (
                  <Table
                    size="small"
                    rowKey={(_, i) => String(i)}
                    pagination={false}
                    dataSource={d.ledger}
                    columns={[
                      { title: t('audit.col.at'), dataIndex: 'at', render: (v: string) => dateTime(v) },
                      { title: t('audit.col.action'), dataIndex: 'kind', render: (k: string) => t(`ledger.${k}` as MessageKey) },
                      { title: ow('orders.col.amount'), dataIndex: 'delta', render: (n: number) => yuan(n) },
                      { title: mw('members.balance'), dataIndex: 'balanceAfter', render: (n: number) => yuan(n) },
                      { title: t('audit.col.detail'), render: (_, l) => l.note || l.title || '' },
                    ]}
                  />
                ),
              },
              {
                key: 'purchases',
                label: mw('members.purchases'),
                children: (
                  <Table
                    size="small"
                    rowKey={(_, i) => String(i)}
                    pagination={false}
                    dataSource={d.purchases}
                    columns={[
                      { title: t('posts.col.title'), dataIndex: 'title' },
                      { title: t('audit.col.at'), dataIndex: 'at', render: (v: string) => dateTime(v) },
                      { title: t('audit.col.detail'), render: (_, p) => (p.revokedAt ? `✕ ${dateTime(p.revokedAt)}` : (p.grantedBy ?? '')) },
                    ]}
                  />
                ),
              },
              {
                key: 'orders',
                label: mw('members.orders'),
                children: (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={d.orders}
                    columns={[
                      { title: ow('orders.col.no'), dataIndex: 'orderNo' },
                      { title: ow('orders.col.title'), dataIndex: 'title' },
                      { title: ow('orders.col.amount'), dataIndex: 'amountText' },
                      { title: ow('orders.col.status'), dataIndex: 'state', render: (s: string) => orderState(s) },
                    ]}
                  />
                ),
              },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  )
}
