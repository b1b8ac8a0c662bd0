import { Input, Select, Space, Table } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { Label } from '../../../components/label.tsx'
import { PageTitle } from '../../../components/page-title.tsx'
import { api, query } from '../../../lib/api.ts'
import type { MemberList, MemberRow } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { roleName } from '../../../lib/i18n.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { MemberDrawer } from '../components/member-drawer.tsx'
import { mw } from '../words.ts'

/** Members, newest first, by part of a name or e-mail and by role; one opens in a drawer. */
export default function MembersPage() {
  const { message } = useNotice()
  const [filters, setFilters] = useState<{ q?: string; role?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 })
  const [data, setData] = useState<MemberList>()
  const [open, setOpen] = useState<number>()
  const load = useCallback(() => api.get<MemberList>(`/members${query(filters)}`).then(setData, (error: unknown) => showError(error, (text) => void message.error(text))), [filters, message])
  useEffect(() => void load(), [load])
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageTitle>{mw('members.title')}</PageTitle>
      <Space wrap>
        <Input.Search allowClear placeholder={mw('members.search')} style={{ width: 240 }} onSearch={(q) => setFilters((f) => ({ ...f, page: 1, q: q || undefined }))} />
        <Select
          allowClear
          placeholder={mw('members.col.role')}
          style={{ width: 140 }}
          options={['member', 'author', 'editor', 'admin'].map((r) => ({ value: r, label: roleName(r) }))}
          onChange={(role: string | undefined) => setFilters((f) => ({ ...f, page: 1, role }))}
        />
      </Space>
      <Table<MemberRow>
        rowKey="id"
        size="middle"
        dataSource={data?.items ?? []}
        onRow={(m) => ({ onClick: () => setOpen(m.id), style: { cursor: 'pointer' } })}
        pagination={{ current: filters.page, pageSize: filters.pageSize, total: data?.total ?? 0, showTotal: (n) => mw('members.total', { n }) }}
        onChange={(p) => setFilters((f) => ({ ...f, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
        columns={[
          { title: mw('members.col.username'), dataIndex: 'username' },
          { title: mw('members.col.email'), dataIndex: 'email', render: (e: string | null) => e ?? '—' },
          { title: mw('members.col.role'), dataIndex: 'role', render: (r: string) => roleName(r) },
          { title: mw('members.col.joined'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
          {
            title: mw('members.col.state'),
            dataIndex: 'disabled',
            render: (d: boolean) => (d ? <Label color="red">{mw('members.disabled')}</Label> : <Label color="green">{mw('members.active')}</Label>),
          },
        ]}
      />
      <MemberDrawer memberId={open} onClose={() => setOpen(undefined)} onChanged={() => void load()} />
    </Space>
  )
}
