import { Button, Input, Space, Table, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { api, query } from '../../../lib/api.ts'
import type { AuditList } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { t } from '../../../lib/i18n.ts'

type Row = AuditList['items'][number]

/** Every staff action, newest first, filtered by action (order.refund, or a domain: order.) and target. */
export default function AuditPage() {
  const { message } = useNotice()
  const [rows, setRows] = useState<Row[]>([])
  const [next, setNext] = useState<number | null>(null)
  const [filter, setFilter] = useState<{ action?: string; target?: string }>({})
  const load = useCallback(
    async (before?: number) => {
      try {
        const page = await api.get<AuditList>(`/audit${query({ ...filter, before, limit: 50 })}`)
        setRows((old) => (before ? [...old, ...page.items] : page.items))
        setNext(page.next)
      } catch (error) {
        showError(error, (text) => void message.error(text))
      }
    },
    [filter, message],
  )
  useEffect(() => void load(), [load])
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Space wrap>
        <Input.Search allowClear placeholder="order. / post.update" style={{ width: 220 }} onSearch={(action) => setFilter((f) => ({ ...f, action: action || undefined }))} />
        <Input.Search allowClear placeholder="post:slug / order:no" style={{ width: 220 }} onSearch={(target) => setFilter((f) => ({ ...f, target: target || undefined }))} />
      </Space>
      <Table<Row>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('audit.col.at'), dataIndex: 'at', width: 160, render: (v: string) => dateTime(v) },
          { title: t('audit.col.actor'), dataIndex: 'actor', width: 180 },
          { title: t('audit.col.action'), dataIndex: 'action', width: 150 },
          { title: t('audit.col.target'), dataIndex: 'target', width: 200 },
          { title: t('audit.col.detail'), dataIndex: 'detail', render: (d: Record<string, unknown>) => <code style={{ fontSize: 12 }}>{JSON.stringify(d)}</code> },
          { title: t('audit.col.ip'), render: (_, r) => `${r.via}${r.ip ? ` ${r.ip}` : ''}`, width: 140 },
        ]}
      />
      {next ? <Button onClick={() => void load(next)}>{t('audit.more')}</Button> : null}
    </Space>
  )
}
