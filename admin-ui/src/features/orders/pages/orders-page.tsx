import { DownloadOutlined } from '@ant-design/icons'
import { Button, Checkbox, DatePicker, Input, Select, Space, Table, Tag } from 'antd'
import type { Dayjs } from 'dayjs'
import { useCallback, useEffect, useState } from 'react'
import { PageTitle } from '../../../components/page-title.tsx'
import { api, query } from '../../../lib/api.ts'
import type { OrderPage } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { orderState, t } from '../../../lib/i18n.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { OrderDrawer } from '../components/order-drawer.tsx'
import { ow } from '../words.ts'

interface Filters {
  state?: string
  kind?: string
  provider?: string
  from?: string
  to?: string
  member?: string
  post?: string
  flagged?: boolean
}

const PROVIDERS = ['wechat', 'alipay', 'stripe', 'balance', 'sandbox']

/** Orders: searched by the server, a page at a time; the same search as CSV; one opens in a drawer to refund it. */
export default function OrdersPage() {
  const { message } = useNotice()
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [data, setData] = useState<OrderPage>()
  const [open, setOpen] = useState<string>()
  const set = (f: Partial<Filters>) => {
    setFilters((old) => ({ ...old, ...f }))
    setPage((p) => ({ ...p, page: 1 }))
  }
  const load = useCallback(
    () => api.get<OrderPage>(`/orders${query({ ...filters, ...page })}`).then(setData, (error: unknown) => showError(error, (text) => void message.error(text))),
    [filters, page, message],
  )
  useEffect(() => void load(), [load])
  const range = (dates: [Dayjs | null, Dayjs | null] | null) => set({ from: dates?.[0]?.startOf('day').toISOString(), to: dates?.[1]?.endOf('day').toISOString() })
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <PageTitle>{ow('orders.title')}</PageTitle>
        <Button icon={<DownloadOutlined />} href={`/api/admin/orders.csv${query({ ...filters })}`} data-testid="export-csv">
          {ow('orders.exportCsv')}
        </Button>
      </Space>
      <Space wrap>
        <Input.Search
          placeholder={ow('orders.lookupPlaceholder')}
          enterButton={t('common.search')}
          style={{ width: 340 }}
          aria-label={ow('orders.lookup')}
          onSearch={(no) => {
            const clean = no.replace(/\s/g, '')
            if (/^\d{24}$/.test(clean)) setOpen(clean)
            else void message.warning(ow('orders.lookupPlaceholder'))
          }}
        />
        <Select
          allowClear
          placeholder={ow('orders.col.status')}
          style={{ width: 110 }}
          options={['created', 'paid', 'closed', 'refunded'].map((s) => ({ value: s, label: orderState(s) }))}
          onChange={(state: string | undefined) => set({ state })}
        />
        <Select
          allowClear
          placeholder={ow('orders.filter.kind')}
          style={{ width: 100 }}
          options={(['post', 'vip', 'topup'] as const).map((k) => ({ value: k, label: ow(`orders.kind.${k}`) }))}
          onChange={(kind: string | undefined) => set({ kind })}
        />
        <Select
          allowClear
          placeholder={ow('orders.col.provider')}
          style={{ width: 120 }}
          options={PROVIDERS.map((p) => ({ value: p, label: p }))}
          onChange={(provider: string | undefined) => set({ provider })}
        />
        <DatePicker.RangePicker onChange={(dates) => range(dates as [Dayjs | null, Dayjs | null] | null)} />
        <Input.Search allowClear placeholder={ow('orders.filter.member')} style={{ width: 220 }} onSearch={(member) => set({ member: member || undefined })} />
        <Input.Search allowClear placeholder={ow('orders.filter.post')} style={{ width: 160 }} onSearch={(post) => set({ post: post || undefined })} />
        <Checkbox onChange={(e) => set({ flagged: e.target.checked ? true : undefined })}>{ow('orders.filter.flagged')}</Checkbox>
      </Space>
      <Table
        rowKey="id"
        size="middle"
        dataSource={data?.items ?? []}
        onRow={(o) => ({ onClick: () => setOpen(o.orderNo), style: { cursor: 'pointer' } })}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showTotal: (n) => ow('orders.total', { n }) }}
        onChange={(p) => setPage({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
        columns={[
          { title: ow('orders.col.no'), dataIndex: 'orderNo' },
          { title: ow('orders.col.title'), dataIndex: 'title' },
          { title: ow('orders.col.amount'), dataIndex: 'amountText' },
          { title: ow('orders.col.status'), dataIndex: 'state', render: (s: string) => <Tag>{orderState(s)}</Tag> },
          { title: ow('orders.col.provider'), dataIndex: 'provider', render: (p: string | null) => p ?? '—' },
          { title: ow('orders.col.flag'), dataIndex: 'flag', render: (f: string | null) => (f ? <Tag color="red">{f}</Tag> : null) },
          { title: ow('orders.col.created'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
        ]}
      />
      <OrderDrawer orderNo={open} onClose={() => setOpen(undefined)} onChanged={() => void load()} />
    </Space>
  )
}
