import { Alert, Button, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { Fragment, useCallback, useEffect, useState } from 'react'
import { useLocation, useParams } from 'wouter'
import { ApiError } from '../../../lib/api.ts'
import type { Choices, SavedPost } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { t, type MessageKey } from '../../../lib/i18n.ts'
import { YUAN_PATTERN } from '../../../lib/money.ts'
import { postsApi } from '../api/posts-api.ts'
import { BodyEditor } from '../components/body-editor.tsx'
import { pickFiles } from '../components/editor-uploads.ts'
import { PreviewPane } from '../components/preview-pane.tsx'
import { RevisionsDrawer } from '../components/revisions-drawer.tsx'
import { useDraft } from '../hooks/use-draft.ts'
import { ew } from '../editor-words.ts'
import { usePreview } from '../hooks/use-preview.ts'

interface FormValues {
  title: string
  slug: string
  channel: string
  tags: string[]
  flags: Array<'top' | 'hot' | 'recommend' | 'new'>
  price: string
  access: 'members' | 'vip'
  vipLevel: number
  /** the post's own preview share in percent; null: the site's */
  previewPercent: number | null
  coverUrl: string
  weight: number
  publishedAt: Dayjs | null
  status: 'published' | 'draft' | 'hidden'
}
type Format = 'html' | 'text' | 'markdown'
/** what the draft keeps of the form (a date as text) */
type DraftValues = Omit<FormValues, 'publishedAt'> & { publishedAt: string | null }

const EMPTY: FormValues = {
  title: '',
  slug: '',
  channel: '',
  tags: [],
  flags: [],
  price: '0.00',
  access: 'members',
  vipLevel: 0,
  previewPercent: null,
  coverUrl: '',
  weight: 0,
  publishedAt: null,
  status: 'draft',
}
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/

/**
 * Writing a post: the fields, the body with 插入付费内容 / 插入分页符, and beside it
 * the 试读预览 from the compiler that saves. Autosaved to this browser; saved to
 * the server by 保存, through the same operation as the importer.
 */
export default function PostEditorPage() {
  const { slug: existing } = useParams<{ slug?: string }>()
  const [, navigate] = useLocation()
  const { message } = useNotice()
  const uploadFailed = useCallback((error: unknown) => void message.error(error instanceof ApiError ? error.message : String(error)), [message])
  const [form] = Form.useForm<FormValues>()
  const [body, setBody] = useState('')
  const [format, setFormat] = useState<Format>('html')
  const [loaded, setLoaded] = useState(!existing)
  const [choices, setChoices] = useState<Choices>({ channels: [], tags: [] })
  const [saving, setSaving] = useState(false)
  const [warnings, setWarnings] = useState<SavedPost['warnings']>([])
  const [restored, setRestored] = useState<string>()
  const [savedAt, setSavedAt] = useState<string>()
  const [history, setHistory] = useState(false)
  // a post in the trash is shown, not saved: it is restored first
  const [trashed, setTrashed] = useState(false)
  const [customFields, setCustomFields] = useState<Array<{ name: string; value: string }>>([])
  const draft = useDraft<DraftValues>(existing)
  const price = Form.useWatch('price', form) ?? '0.00'
  const previewPercent = (Form.useWatch('previewPercent', form) as number | null | undefined) ?? null
  const ownShare = previewPercent !== null && previewPercent >= 5 && previewPercent <= 90 ? previewPercent / 100 : null
  const { preview, loading } = usePreview(body, price, format, ownShare)

  const restoreDraft = useCallback(
    async (serverUpdatedAt: string | undefined) => {
      const saved = await draft.read()
      if (!saved || (serverUpdatedAt && saved.at <= serverUpdatedAt)) return
      form.setFieldsValue({ ...saved.values, publishedAt: saved.values.publishedAt ? dayjs(saved.values.publishedAt) : null })
      setBody(saved.body)
      if (saved.format) setFormat(saved.format)
      setRestored(saved.at)
    },
    [draft, form],
  )

  useEffect(() => {
    void postsApi.choices().then(setChoices, () => {})
    if (!existing) {
      form.setFieldsValue(EMPTY)
      void restoreDraft(undefined)
      return
    }
    postsApi.open(existing).then(
      ({ post }) => {
        setTrashed(post.status === 'trashed')
        form.setFieldsValue({
          ...post,
          status: post.status === 'trashed' ? 'draft' : post.status,
          coverUrl: post.coverUrl ?? '',
          publishedAt: post.publishedAt ? dayjs(post.publishedAt) : null,
          previewPercent: post.previewShare === null ? null : Math.round(post.previewShare * 100),
        })
        setBody(post.source)
        setFormat(post.format)
        setCustomFields(post.customFields)
        setLoaded(true)
        void restoreDraft(post.updatedAt)
      },
      (error: unknown) => showError(error, (text) => void message.error(text)),
    )
    // once per post opened (the draft, form and notices are the same objects throughout)
  }, [existing])

  const remember = (nextBody = body) => {
    const v = form.getFieldsValue(true) as FormValues
    draft.write({ ...v, publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null }, nextBody, format)
  }
  const onBody = (markup: string) => {
    setBody(markup)
    remember(markup)
  }
  const suggestSlug = async () => {
    const title = form.getFieldValue('title') as string
    if (existing || !title || form.getFieldValue('slug')) return
    try {
      const { slug } = await postsApi.suggestSlug(title)
      // the editor may have typed one meanwhile: theirs stays
      if (!form.getFieldValue('slug')) form.setFieldValue('slug', slug)
    } catch {}
  }

  const save = async (v: FormValues) => {
    setSaving(true)
    try {
      const slug = existing ?? v.slug
      const saved = await postsApi.save(slug, {
        title: v.title,
        channel: v.channel,
        price: v.price,
        status: v.status,
        access: v.access,
        vipLevel: v.vipLevel ?? 0,
        flags: v.flags ?? [],
        tags: v.tags ?? [],
        coverUrl: v.coverUrl ? v.coverUrl : null,
        weight: v.weight ?? 0,
        previewShare: v.previewPercent ? v.previewPercent / 100 : null,
        ...(v.publishedAt ? { publishedAt: v.publishedAt.toISOString() } : {}),
        format,
        source: body,
      })
      await draft.clear()
      setRestored(undefined)
      setWarnings(saved.warnings)
      setSavedAt(new Date().toISOString())
      void message.success(t('editor.saved'))
      if (!existing) navigate(`/posts/${saved.post.slug}/edit`, { replace: true })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'POST_SLUG_INVALID') form.setFields([{ name: 'slug', errors: [error.message] }])
      else if (error instanceof ApiError && error.code.startsWith('CHANNEL_')) form.setFields([{ name: 'channel', errors: [error.message] }])
      else showError(error, (text) => void message.error(text), form)
    } finally {
      setSaving(false)
    }
  }

  const required = (key: MessageKey) => [{ required: true, message: t('editor.required', { field: t(key) }) }]
  const channelOptions = choices.channels.filter((c) => c.kind === 'list').map((c) => ({ value: c.slug, label: c.name }))
  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={EMPTY} onFinish={(v) => void save(v)} onValuesChange={() => remember()} requiredMark={false}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {existing ? t('editor.titleEdit') : t('editor.titleNew')}
        </Typography.Title>
        <Space>
          {savedAt ? <Typography.Text type="secondary">{t('editor.savedAt', { time: dateTime(savedAt) })}</Typography.Text> : null}
          {draft.serverAt && (!savedAt || draft.serverAt > savedAt) ? (
            <Typography.Text type="secondary" data-testid="autosaved">
              {ew('autosaved', { time: dateTime(draft.serverAt) })}
            </Typography.Text>
          ) : null}
          {existing ? (
            <Button onClick={() => setHistory(true)} data-testid="open-revisions">
              {t('editor.revisions')}
            </Button>
          ) : null}
          <Button type="primary" htmlType="submit" loading={saving} disabled={!loaded || trashed} data-testid="save-post">
            {t('editor.save')}
          </Button>
        </Space>
      </Space>
      {trashed && existing ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('editor.inTrash')}
          action={
            <Button size="small" onClick={() => void postsApi.moveTrash(existing, 'restore').then(() => location.reload(), uploadFailed)}>
              {t('posts.restore')}
            </Button>
          }
        />
      ) : null}
      {restored ? (
        <Alert
          type="info"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          title={t('editor.draftRestored', { time: dateTime(restored) })}
          action={
            <Button size="small" onClick={() => void draft.clear().then(() => location.reload())}>
              {t('editor.discardDraft')}
            </Button>
          }
        />
      ) : null}
      {warnings.length ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('editor.warnings')} description={warnings.map((w) => w.message).join(' ')} /> : null}
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Form.Item name="title" label={t('editor.field.title')} rules={required('editor.field.title')}>
            <Input maxLength={200} onBlur={() => void suggestSlug()} />
          </Form.Item>
          <Form.Item label={t('editor.field.body')} required>
            {/* made once the post is loaded: its first content is the post's */}
            {!loaded ? null : format === 'html' ? (
              <BodyEditor value={body} onChange={onBody} onUploadError={uploadFailed} />
            ) : (
              <Input.TextArea value={body} onChange={(e) => onBody(e.target.value)} autoSize={{ minRows: 16 }} style={{ fontFamily: 'monospace' }} />
            )}
          </Form.Item>
        </Col>
        <Col xs={24} xl={10}>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="slug"
                label={t('editor.field.slug')}
                tooltip={t('editor.field.slugHelp')}
                rules={[...required('editor.field.slug'), { pattern: SLUG, message: t('editor.slugInvalid') }]}
              >
                <Input disabled={Boolean(existing)} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="channel" label={t('editor.field.channel')} rules={required('editor.field.channel')}>
                <Select options={channelOptions} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="price"
                label={t('editor.field.price')}
                tooltip={t('editor.field.priceHelp')}
                rules={[...required('editor.field.price'), { pattern: YUAN_PATTERN, message: t('editor.priceInvalid') }]}
              >
                <Input prefix="¥" inputMode="decimal" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="previewPercent" label={ew('previewShare')} tooltip={ew('previewShareHelp')}>
                <InputNumber min={5} max={90} suffix="%" placeholder={ew('previewShareSite')} style={{ width: '100%' }} data-testid="preview-share" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="status" label={t('editor.field.status')}>
                <Radio.Group optionType="button" options={(['published', 'draft', 'hidden'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="access" label={t('editor.field.access')}>
                <Radio.Group options={(['members', 'vip'] as const).map((a) => ({ value: a, label: t(`editor.access.${a}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="vipLevel" label={t('editor.field.vipLevel')}>
                <InputNumber min={0} max={99} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="tags" label={t('editor.field.tags')}>
                <Select
                  mode="tags"
                  options={choices.tags.map((tag) => ({ value: tag }))}
                  onSearch={(text) =>
                    void postsApi.choices(text).then(
                      (c) => setChoices((old) => ({ ...old, tags: c.tags })),
                      () => {},
                    )
                  }
                />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="flags" label={t('editor.field.flags')}>
                <Checkbox.Group options={(['top', 'hot', 'recommend', 'new'] as const).map((f) => ({ value: f, label: t(`editor.flag.${f}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="publishedAt" label={t('editor.field.publishedAt')} tooltip={t('editor.field.publishedAtHelp')}>
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="weight" label={t('editor.field.weight')}>
                <InputNumber min={-1000000} max={1000000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="coverUrl" label={t('editor.field.cover')} style={{ flex: 1 }}>
                  <Input placeholder="https://" />
                </Form.Item>
                <Form.Item label=" ">
                  <Button
                    data-testid="upload-cover"
                    onClick={() =>
                      void pickFiles('image/*').then(async ([file]) => {
                        if (!file) return
                        try {
                          form.setFieldValue('coverUrl', (await postsApi.upload(file, 'image')).url)
                        } catch (error) {
                          uploadFailed(error)
                        }
                      })
                    }
                  >
                    {t('editor.uploadCover')}
                  </Button>
                </Form.Item>
              </Space.Compact>
            </Col>
          </Row>
          <PreviewPane preview={preview} loading={loading} />
          {customFields.length ? (
            <section className="custom-fields" data-testid="custom-fields" style={{ marginTop: 16 }}>
              <Typography.Text strong>{ew('customFields')}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 8px' }}>
                {ew('customFieldsHelp')}
              </Typography.Paragraph>
              <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 12px' }}>
                {customFields.map((f) => (
                  <Fragment key={f.name}>
                    <dt style={{ fontFamily: 'monospace' }}>{f.name}</dt>
                    <dd style={{ margin: 0, wordBreak: 'break-all' }}>{f.value}</dd>
                  </Fragment>
                ))}
              </dl>
            </section>
          ) : null}
        </Col>
      </Row>
      {existing ? (
        <RevisionsDrawer
          slug={existing}
          open={history}
          onClose={() => setHistory(false)}
          onLoad={(revision) => {
            setFormat(revision.format)
            onBody(revision.source)
            void message.info(t('editor.revisionLoaded', { time: dateTime(revision.savedAt) }))
          }}
        />
      ) : null}
    </Form>
  )
}
