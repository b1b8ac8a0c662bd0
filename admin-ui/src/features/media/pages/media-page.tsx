import { Button, Input, Radio, Space, Table, Tag } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { ConfirmLink } from '../../../components/confirm-link.tsx'
import { Muted, PageTitle } from '../../../components/page-title.tsx'
import { api, query } from '../../../lib/api.ts'
import type { MediaLibraryItem } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { w } from '../words.ts'

const PAGE = 40

/** 1.2 MB, 340 KB: sizes as people read them */
function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/**
 * The uploads, newest first: what each is, where it is used (a paid region's use
 * is marked: only entitled readers get that file), its address to copy, and
 * deleting one nothing uses (the server refuses one in use and says why).
 */
export default function MediaPage() {
  const { message } = useNotice()
  const [filters, setFilters] = useState<{ kind?: 'image' | 'file'; q?: string }>({})
  const [items, setItems] = useState<MediaLibraryItem[]>([])
  const [more, setMore] = useState(false)
  const [loading, setLoading] = useState(false)
  const fail = useCallback((error: unknown) => showError(error, (text) => void message.error(text)), [message])

  const load = useCallback(
    async (before?: string) => {
      setLoading(true)
      try {
        const page = await api.get<{ items: MediaLibraryItem[] }>(`/media${query({ ...filters, before, limit: PAGE })}`)
        setItems((old) => (before ? [...old, ...page.items] : page.items))
        setMore(page.items.length === PAGE)
      } catch (error) {
        fail(error)
      } finally {
        setLoading(false)
      }
    },
    [filters, fail],
  )
  useEffect(() => void load(), [load])

  const remove = async (item: MediaLibraryItem) => {
    try {
      await api.delete(`/media/${item.key}`)
      setItems((old) => old.filter((m) => m.key !== item.key))
      void message.success(w('deleted', { name: item.name }))
    } catch (error) {
      fail(error)
    }
  }
  const copy = async (item: MediaLibraryItem) => {
    await navigator.clipboard?.writeText(new URL(item.url, location.origin).href).catch(() => undefined)
    void message.success(w('copied'))
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageTitle>{w('title')}</PageTitle>
      <Space wrap>
        <Radio.Group
          optionType="button"
          value={filters.kind ?? 'all'}
          onChange={(e) => setFilters((f) => ({ ...f, kind: e.target.value === 'all' ? undefined : (e.target.value as 'image' | 'file') }))}
          options={[
            { value: 'all', label: w('all') },
            { value: 'image', label: w('images') },
            { value: 'file', label: w('files') },
          ]}
        />
        <Input.Search allowClear placeholder={w('search')} style={{ width: 240 }} onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined }))} data-testid="media-search" />
      </Space>
      <Muted small>{w('hint')}</Muted>
      <Table<MediaLibraryItem>
        rowKey="key"
        size="middle"
        loading={loading}
        dataSource={items}
        pagination={false}
        columns={[
          {
            title: w('preview'),
            key: 'preview',
            width: 90,
            render: (_: unknown, m) =>
              m.kind === 'image' ? (
                <img src={m.url} alt="" loading="lazy" style={{ width: 64, height: 48, objectFit: 'cover', borderRadius: 4, background: '#f4f4f4' }} />
              ) : (
                <Tag>{m.ext.toUpperCase()}</Tag>
              ),
          },
          { title: w('name'), dataIndex: 'name', render: (name: string, m) => <span data-testid={`media-${m.name}`}>{name}</span> },
          { title: w('size'), dataIndex: 'size', width: 100, render: (n: number) => size(n) },
          { title: w('uploaded'), dataIndex: 'createdAt', width: 170, render: (at: string) => dateTime(at) },
          {
            title: w('uses'),
            key: 'uses',
            width: 170,
            render: (_: unknown, m) =>
              m.usedBy ? (
                <Space size={4}>
                  <span>{w('usedBy', { n: m.usedBy })}</span>
                  {m.paid ? <Tag color="gold">{w('paid')}</Tag> : null}
                </Space>
              ) : (
                <Muted small>{w('unused')}</Muted>
              ),
          },
          {
            title: w('actions'),
            key: 'actions',
            width: 200,
            render: (_: unknown, m) => (
              <Space>
                <a role="button" onClick={() => void copy(m)}>
                  {w('copy')}
                </a>
                {m.usedBy ? (
                  <Muted small>
                    <span title={w('inUse')}>{w('delete')}</span>
                  </Muted>
                ) : (
                  <ConfirmLink danger confirm={w('deleteConfirm')} onConfirm={() => void remove(m)}>
                    <span data-testid={`delete-${m.name}`}>{w('delete')}</span>
                  </ConfirmLink>
                )}
              </Space>
            ),
          },
        ]}
      />
      {more ? <Button onClick={() => void load(items.at(-1)?.createdAt)}>{w('more')}</Button> : null}
    </Space>
  )
}
