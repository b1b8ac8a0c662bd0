import { Form, Input, InputNumber, Modal, Radio, Select } from 'antd'
import { useEffect } from 'react'
import type { ChannelItem } from '../../../lib/contract.ts'
import { t } from '../../../lib/i18n.ts'
import { cw } from '../words.ts'

export interface ChannelValues {
  name: string
  slug: string
  kind: 'list' | 'section' | 'link'
  parent: string | null
  linkUrl?: string
  pageSize: number
  vipLevel: number
  seoTitle?: string
  seoKeywords?: string
  seoDescription?: string
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,59}$/

/** Adding or changing one channel; the server's refusals come back at their field. */
export function ChannelForm({
  open,
  editing,
  channels,
  onCancel,
  onSubmit,
  form,
}: {
  open: boolean
  editing: ChannelItem | undefined
  channels: ChannelItem[]
  onCancel: () => void
  onSubmit: (values: ChannelValues) => void
  form: ReturnType<typeof Form.useForm<ChannelValues>>[0]
}) {
  const kind = Form.useWatch('kind', form)
  useEffect(() => {
    if (!open) return
    const parent = editing?.parentId ? (channels.find((c) => c.id === editing.parentId)?.slug ?? null) : null
    form.setFieldsValue(
      editing
        ? { ...editing, kind: editing.kind as ChannelValues['kind'], parent, linkUrl: editing.linkUrl ?? '' }
        : { name: '', slug: '', kind: 'list', parent: null, pageSize: 20, vipLevel: 0, seoTitle: '', seoKeywords: '', seoDescription: '', linkUrl: '' },
    )
  }, [open, editing, channels, form])
  const sections = channels.filter((c) => c.kind === 'section' && c.id !== editing?.id)
  const required = (field: string) => [{ required: true, whitespace: true, message: t('editor.required', { field }) }]
  return (
    <Modal
      open={open}
      title={editing ? cw('channels.edit') : cw('channels.new')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onSubmit} requiredMark={false}>
        <Form.Item name="name" label={cw('channels.name')} rules={required(cw('channels.name'))}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="slug" label={cw('channels.slug')} rules={[...required(cw('channels.slug')), { pattern: SLUG, message: t('editor.slugInvalid') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label={cw('channels.kind')}>
          <Radio.Group options={(['list', 'section', 'link'] as const).map((k) => ({ value: k, label: cw(`channels.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="parent" label={cw('channels.parent')}>
          <Select allowClear placeholder={cw('channels.top')} options={sections.map((c) => ({ value: c.slug, label: c.name }))} />
        </Form.Item>
        {kind === 'link' ? (
          <Form.Item name="linkUrl" label={cw('channels.linkUrl')} rules={required(cw('channels.linkUrl'))}>
            <Input placeholder="https://" maxLength={500} />
          </Form.Item>
        ) : null}
        {kind === 'list' ? (
          <>
            <Form.Item name="pageSize" label={cw('channels.pageSize')}>
              <InputNumber min={5} max={100} />
            </Form.Item>
            <Form.Item name="vipLevel" label={cw('channels.vipLevel')}>
              <InputNumber min={0} max={99} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="seoTitle" label={cw('channels.seoTitle')}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="seoKeywords" label={cw('channels.seoKeywords')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="seoDescription" label={cw('channels.seoDescription')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
