import { Input, Space, Table, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import type { Order } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { orderState, t } from '../../../lib/i18n.ts'
import { ordersApi } from '../api/orders-api.ts'
import { OrderDrawer } from '../components/order-drawer.tsx'

/** Orders: find one by its number, see those waiting for staff, open one to refund it. */
export default function OrdersPage() {
  const { message } = useNotice()
  const [flagged, setFlagged] = useState<Order[]>([])
  const [open, setOpen] = useState<string>()
  const load = useCallback(
    () =>
      ordersApi.flagged().then(
        (r) => setFlagged(r.items),
        (error: unknown) => showError(error, (text) => void message.error(text)),
      ),
    [message],
  )
  useEffect(() => void load(), [load])
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('orders.title')}
      </Typography.Title>
      <Input.Search
        placeholder={t('orders.lookupPlaceholder')}
        enterButton={t('common.search')}
        style={{ maxWidth: 420 }}
        aria-label={t('orders.lookup')}
        onSearch={(no) => {
          const clean = no.replace(/\s/g, '')
          if (/^\d{24}$/.test(clean)) setOpen(clean)
          else void message.warning(t('orders.lookupPlaceholder'))
        }}
      />
      <Typography.Title level={5}>{t('orders.flagged')}</Typography.Title>
      <Table<Order>
        rowKey="id"
        size="middle"
        dataSource={flagged}
        locale={{ emptyText: t('orders.flaggedEmpty') }}
        onRow={(o) => ({ onClick: () => setOpen(o.orderNo), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('orders.col.no'), dataIndex: 'orderNo' },
          { title: t('orders.col.title'), dataIndex: 'title' },
          { title: t('orders.col.amount'), dataIndex: 'amountText' },
          { title: t('orders.col.status'), dataIndex: 'state', render: (s: string) => <Tag>{orderState(s)}</Tag> },
          { title: t('orders.col.flag'), dataIndex: 'flag', render: (f: string | null) => (f ? <Tag color="red">{f}</Tag> : null) },
          { title: t('orders.col.created'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
        ]}
      />
      <OrderDrawer orderNo={open} onClose={() => setOpen(undefined)} onChanged={() => void load()} />
    </Space>
  )
}
