import { HolderOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Form, Space } from 'antd'
import { useCallback, useEffect, useState, type DragEvent } from 'react'
import { ConfirmLink } from '../../../components/confirm-link.tsx'
import { Label } from '../../../components/label.tsx'
import { Muted, PageTitle } from '../../../components/page-title.tsx'
import { Panel } from '../../../components/panel.tsx'
import { api } from '../../../lib/api.ts'
import type { ChannelItem, ChannelList } from '../../../lib/contract.ts'
import { showError } from '../../../lib/form-errors.ts'
import { t } from '../../../lib/i18n.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { ChannelForm, type ChannelValues } from '../components/channel-form.tsx'
import './channels-page.css'
import { cw } from '../words.ts'

/**
 * The channel tree. Drag a channel among its siblings to order them (the order
 * is saved at once); add, change or delete one (a channel with posts or
 * children cannot be deleted: the server says why).
 */
export default function ChannelsPage() {
  const { message } = useNotice()
  const [channels, setChannels] = useState<ChannelItem[]>([])
  const [editing, setEditing] = useState<ChannelItem | 'new'>()
  const [dragged, setDragged] = useState<ChannelItem>()
  const [form] = Form.useForm<ChannelValues>()
  const fail = useCallback((error: unknown) => showError(error, (text) => void message.error(text)), [message])
  const load = useCallback(() => api.get<ChannelList>('/channels').then((r) => setChannels(r.items), fail), [fail])
  useEffect(() => void load(), [load])

  const submit = async (v: ChannelValues) => {
    const body = { ...v, parent: v.parent ?? null, linkUrl: v.kind === 'link' ? v.linkUrl : null }
    try {
      if (editing === 'new') await api.post('/channels', body)
      else if (editing) await api.put(`/channels/${editing.slug}`, body)
      setEditing(undefined)
      await load()
    } catch (error) {
      showError(error, (text) => void message.error(text), form)
    }
  }
  const drop = async (target: ChannelItem, event: DragEvent) => {
    event.preventDefault()
    if (!dragged || dragged.id === target.id || dragged.parentId !== target.parentId) return setDragged(undefined)
    const siblings = channels.filter((c) => c.parentId === target.parentId && c.id !== dragged.id)
    siblings.splice(siblings.indexOf(target), 0, dragged)
    setDragged(undefined)
    try {
      await api.post('/channels/order', { slugs: siblings.map((c) => c.slug) })
      await load()
    } catch (error) {
      fail(error)
    }
  }
  const render = (parentId: number | null, depth: number): React.ReactNode =>
    channels
      .filter((c) => c.parentId === parentId)
      .map((c) => (
        <div key={c.id}>
          <div
            className={`channel-row${dragged?.id === c.id ? ' dragging' : ''}`}
            style={{ paddingLeft: 8 + depth * 24 }}
            draggable
            data-testid={`channel-${c.slug}`}
            onDragStart={() => setDragged(c)}
            onDragOver={(e) => dragged && dragged.parentId === c.parentId && e.preventDefault()}
            onDrop={(e) => void drop(c, e)}
            onDragEnd={() => setDragged(undefined)}
          >
            <HolderOutlined className="channel-handle" />
            <span className="channel-name">{c.name}</span>
            <Muted small>{c.kind === 'link' ? (c.linkUrl ?? '') : `/c/${c.slug}`}</Muted>
            <Label color={c.kind === 'list' ? 'blue' : c.kind === 'section' ? 'purple' : 'default'}>{cw(`channels.kind.${c.kind}` as 'channels.kind.list')}</Label>
            {c.vipLevel > 0 ? <Label color="gold">VIP {c.vipLevel}</Label> : null}
            {c.kind === 'list' ? <Muted small>{cw('channels.posts', { n: c.postCount })}</Muted> : null}
            <Space size="small" className="channel-actions">
              <a onClick={() => setEditing(c)}>{t('posts.edit')}</a>
              <ConfirmLink danger confirm={cw('channels.deleteConfirm')} onConfirm={() => void api.delete(`/channels/${c.slug}`).then(load, fail)}>
                {t('posts.delete')}
              </ConfirmLink>
            </Space>
          </div>
          {render(c.id, depth + 1)}
        </div>
      ))
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16, maxWidth: 900 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <PageTitle>{cw('channels.title')}</PageTitle>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {cw('channels.new')}
        </Button>
      </Space>
      <Muted small>{cw('channels.dragHelp')}</Muted>
      <Panel>{render(null, 0)}</Panel>
      <ChannelForm
        open={editing !== undefined}
        editing={editing === 'new' ? undefined : editing}
        channels={channels}
        onCancel={() => setEditing(undefined)}
        onSubmit={(v) => void submit(v)}
        form={form}
      />
    </div>
  )
}
