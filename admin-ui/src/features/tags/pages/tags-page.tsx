import { Button, Input, Select, Space, Table } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { ConfirmLink } from '../../../components/confirm-link.tsx'
import { PageTitle, Muted } from '../../../components/page-title.tsx'
import { api, query } from '../../../lib/api.ts'
import type { TagItem, TagList } from '../../../lib/contract.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { w } from '../words.ts'

/** One tag's name, edited in place; the server's refusal (a name taken: merge instead) shows under it. */
function RenameCell({ tag, onDone }: { tag: TagItem; onDone: () => void }) {
  const { message } = useNotice()
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(tag.name)
  const [error, setError] = useState<string>()
  if (!editing)
    return (
      <Space>
        <a href={`/t/${encodeURIComponent(tag.slug)}`} target="_blank" rel="noreferrer" title={w('view')}>
          {tag.name}
        </a>
        <a role="button" onClick={() => setEditing(true)} data-testid={`rename-${tag.name}`}>
          {w('rename')}
        </a>
      </Space>
    )
  const save = async () => {
    if (!name.trim()) return setError(w('nameRequired'))
    try {
      const r = await api.put<{ tag: TagItem }>(`/tags/${tag.id}`, { name })
      setEditing(false)
      setError(undefined)
      void message.success(w('renamed', { name: r.tag.name }))
      onDone()
    } catch (e) {
      showError(e, setError)
    }
  }
  return (
    <div>
      <Space.Compact>
        <Input value={name} maxLength={40} autoFocus onChange={(e) => setName(e.target.value)} onPressEnter={() => void save()} status={error ? 'error' : ''} style={{ width: 200 }} />
        <Button type="primary" onClick={() => void save()}>
          {w('save')}
        </Button>
        <Button onClick={() => (setEditing(false), setName(tag.name), setError(undefined))}>{w('cancel')}</Button>
      </Space.Compact>
      {error ? <div style={{ color: '#b4232a', marginTop: 4 }}>{error}</div> : null}
    </div>
  )
}

/** Tags, most used first: rename in place, delete, and merge the selected into one of them. */
export default function TagsPage() {
  const { message } = useNotice()
  const [filters, setFilters] = useState<{ q?: string; page: number; pageSize: number }>({ page: 1, pageSize: 50 })
  const [data, setData] = useState<TagList>()
  const [selected, setSelected] = useState<TagItem[]>([])
  const load = useCallback(() => api.get<TagList>(`/tags${query(filters)}`).then(setData, (error: unknown) => showError(error, (text) => void message.error(text))), [filters, message])
  useEffect(() => void load(), [load])
  const fail = (error: unknown) => showError(error, (text) => void message.error(text))

  const merge = async (into: number) => {
    try {
      const r = await api.post<{ tag: TagItem }>('/tags/merge', { from: selected.map((s) => s.id).filter((id) => id !== into), into })
      setSelected([])
      void message.success(w('merged', { name: r.tag.name }))
      void load()
    } catch (error) {
      fail(error)
    }
  }
  const remove = async (tag: TagItem) => {
    try {
      await api.delete(`/tags/${tag.id}`)
      void message.success(w('deleted'))
      void load()
    } catch (error) {
      fail(error)
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageTitle>{w('title')}</PageTitle>
      <Space wrap>
        <Input.Search allowClear placeholder={w('search')} style={{ width: 240 }} onSearch={(q) => setFilters((f) => ({ ...f, page: 1, q: q || undefined }))} />
        {selected.length > 1 ? (
          <Space data-testid="merge-bar">
            <span>{w('selected', { n: selected.length })}</span>
            <Select
              placeholder={w('mergeInto')}
              style={{ width: 200 }}
              data-testid="merge-into"
              value={null}
              options={selected.map((s) => ({ value: s.id, label: s.name }))}
              onChange={(into: number) => void merge(into)}
            />
          </Space>
        ) : (
          <Muted small>{w('mergeHint')}</Muted>
        )}
      </Space>
      <Table<TagItem>
        rowKey="id"
        size="middle"
        dataSource={data?.items ?? []}
        rowSelection={{ selectedRowKeys: selected.map((s) => s.id), onChange: (_keys, rows) => setSelected(rows) }}
        pagination={{ current: filters.page, pageSize: filters.pageSize, total: data?.total ?? 0, showTotal: (n) => w('total', { n }) }}
        onChange={(p) => setFilters((f) => ({ ...f, page: p.current ?? 1, pageSize: p.pageSize ?? 50 }))}
        columns={[
          { title: w('name'), key: 'name', render: (_: unknown, tag: TagItem) => <RenameCell key={`${tag.id}:${tag.name}`} tag={tag} onDone={() => void load()} /> },
          { title: w('posts'), dataIndex: 'postCount', width: 120 },
          {
            title: w('actions'),
            key: 'actions',
            width: 240,
            render: (_: unknown, tag: TagItem) => (
              <ConfirmLink danger confirm={w('deleteConfirm', { n: tag.postCount })} onConfirm={() => void remove(tag)}>
                {w('delete')}
              </ConfirmLink>
            ),
          },
        ]}
      />
    </Space>
  )
}
