import { Label } from '../../../components/label.tsx'
import { PlusOutlined } from '@ant-design/icons'
import { Button, Input, Select, Space, Table } from 'antd'
import { ConfirmLink } from '../../../components/confirm-link.tsx'
import { Muted, PageTitle } from '../../../components/page-title.tsx'
import type { TableProps } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { Link, useLocation } from 'wouter'
import { useSession } from '../../../app/session.tsx'
import type { Choices, PostList, StaffPost } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { t, type MessageKey } from '../../../lib/i18n.ts'
import { postsApi, type PostFilters } from '../api/posts-api.ts'
import { StatusTag } from '../components/status-tag.tsx'

const BULK_LABEL = {
  published: 'posts.bulk.publish',
  hidden: 'posts.bulk.hide',
  draft: 'posts.bulk.draft',
  trash: 'posts.bulk.trash',
  restore: 'posts.bulk.restore',
  purge: 'posts.bulk.purge',
} as const satisfies Record<string, MessageKey>

const SORT_OF: Record<string, PostFilters['sort']> = { publishedAt: 'published', updatedAt: 'updated', priceText: 'price', title: 'title', viewCount: 'views' }

/** Every post a page at a time: filtered, sorted and paged by the server, so 100,000 posts list as fast as 10. */
export default function PostListPage() {
  const { message } = useNotice()
  const { can } = useSession()
  const [, navigate] = useLocation()
  const [filters, setFilters] = useState<PostFilters>({ page: 1, pageSize: 20 })
  const [data, setData] = useState<PostList>()
  const [channels, setChannels] = useState<Choices['channels']>([])
  const [loading, setLoading] = useState(false)
  const [selected, setSelected] = useState<string[]>([])
  const load = useCallback(async () => {
    setLoading(true)
    try {
      setData(await postsApi.list(filters))
    } catch (error) {
      showError(error, (text) => void message.error(text))
    } finally {
      setLoading(false)
    }
  }, [filters, message])
  useEffect(() => void load(), [load])
  useEffect(
    () =>
      void postsApi.choices().then(
        (c) => setChannels(c.channels),
        () => {},
      ),
    [],
  )

  const act = async (run: () => Promise<unknown>) => {
    try {
      await run()
      await load()
    } catch (error) {
      showError(error, (text) => void message.error(text))
    }
  }
  /** one action for every selected post, one request each; what the server refuses (an author's priced post, a bought one purged) is counted, not hidden */
  const bulk = async (action: 'published' | 'hidden' | 'draft' | 'trash' | 'restore' | 'purge') => {
    let ok = 0
    for (const slug of selected) {
      try {
        if (action === 'trash' || action === 'restore') await postsApi.moveTrash(slug, action)
        else if (action === 'purge') await postsApi.remove(slug)
        else await postsApi.setStatus(slug, action)
        ok++
      } catch {}
    }
    void message.info(t('posts.bulk.done', { ok, failed: selected.length - ok }))
    setSelected([])
    await load()
  }
  const channelName = (id: number) => channels.find((c) => c.id === id)?.name ?? ''
  const columns: TableProps<StaffPost>['columns'] = [
    {
      title: t('posts.col.title'),
      dataIndex: 'title',
      sorter: true,
      render: (title: string, p) => (
        <Space orientation="vertical" size={0}>
          <Link href={`/posts/${p.slug}/edit`}>{title}</Link>
          <Muted small>
            {channelName(p.channelId)} {p.tags.length ? `· ${p.tags.join('、')}` : ''}
          </Muted>
        </Space>
      ),
    },
    { title: t('posts.col.status'), dataIndex: 'status', width: 100, render: (s: string, p) => <StatusTag status={s} publishedAt={p.publishedAt} /> },
    { title: t('posts.col.price'), dataIndex: 'priceText', width: 100, sorter: true },
    { title: t('posts.col.paid'), dataIndex: 'paidRegionCount', width: 80, render: (n: number) => (n > 0 ? <Label color="gold">{n}</Label> : '—') },
    { title: t('posts.col.views'), dataIndex: 'viewCount', width: 90, sorter: true },
    { title: t('posts.col.published'), dataIndex: 'publishedAt', width: 160, sorter: true, defaultSortOrder: 'descend', render: (v: string | null) => dateTime(v) },
    {
      title: t('posts.col.actions'),
      width: 220,
      render: (_, p) => (
        <Space size="small">
          <Link href={`/posts/${p.slug}/edit`}>{t('posts.edit')}</Link>
          <a href={`/p/${p.slug}`} target="_blank" rel="noreferrer">
            {t('posts.view')}
          </a>
          {p.status === 'trashed' ? (
            <>
              <a onClick={() => void act(() => postsApi.moveTrash(p.slug, 'restore'))}>{t('posts.restore')}</a>
              <ConfirmLink danger confirm={t('posts.deleteConfirm')} onConfirm={() => void act(() => postsApi.remove(p.slug))}>
                {t('posts.delete')}
              </ConfirmLink>
            </>
          ) : (
            <>
              {p.status === 'published' ? (
                <a onClick={() => void act(() => postsApi.setStatus(p.slug, 'hidden'))}>{t('posts.hide')}</a>
              ) : (
                <a onClick={() => void act(() => postsApi.setStatus(p.slug, 'published'))}>{t('posts.publish')}</a>
              )}
              <a onClick={() => void act(() => postsApi.moveTrash(p.slug, 'trash'))}>{t('posts.trash')}</a>
            </>
          )}
        </Space>
      ),
    },
  ]
  const inTrash = filters.status === 'trashed'
  const statusOptions = (['published', 'draft', 'hidden', 'trashed'] as const).map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <PageTitle>{t('posts.title')}</PageTitle>
        {can('post.write-own') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/posts/new')}>
            {t('posts.new')}
          </Button>
        ) : null}
      </Space>
      <Space wrap>
        <Input.Search allowClear placeholder={t('posts.search')} style={{ width: 240 }} onSearch={(title) => setFilters((f) => ({ ...f, page: 1, title: title || undefined }))} />
        <Select allowClear placeholder={t('posts.filter.status')} style={{ width: 120 }} options={statusOptions} onChange={(status) => setFilters((f) => ({ ...f, page: 1, status }))} />
        <Select
          allowClear
          placeholder={t('posts.filter.paid')}
          style={{ width: 120 }}
          options={[
            { value: 'yes', label: t('posts.filter.paidYes') },
            { value: 'no', label: t('posts.filter.paidNo') },
          ]}
          onChange={(v: string | undefined) => setFilters((f) => ({ ...f, page: 1, paid: v === undefined ? undefined : v === 'yes' }))}
        />
        <Select
          allowClear
          placeholder={t('posts.filter.channel')}
          style={{ width: 160 }}
          options={channels.filter((c) => c.kind === 'list').map((c) => ({ value: c.slug, label: c.name }))}
          onChange={(channel: string | undefined) => setFilters((f) => ({ ...f, page: 1, channel }))}
        />
      </Space>
      {selected.length ? (
        <Space data-testid="bulk-actions">
          <span>{t('posts.bulk.selected', { n: selected.length })}</span>
          {(inTrash ? (['restore', 'purge'] as const) : (['published', 'hidden', 'draft', 'trash'] as const)).map((action) => (
            <Button key={action} size="small" danger={action === 'purge'} onClick={() => void bulk(action)}>
              {t(BULK_LABEL[action])}
            </Button>
          ))}
        </Space>
      ) : null}
      <Table<StaffPost>
        rowKey="slug"
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('posts.total', { n }),
        }}
        onChange={(pagination, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter
          const field = typeof s?.field === 'string' ? s.field : undefined
          setFilters((f) => ({
            ...f,
            page: pagination.current ?? 1,
            pageSize: pagination.pageSize ?? 20,
            sort: field && s?.order ? SORT_OF[field] : undefined,
            order: s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined,
          }))
        }}
      />
    </Space>
  )
}
