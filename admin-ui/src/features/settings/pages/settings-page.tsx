import { Alert, Button, Checkbox, Form, Input, InputNumber, Progress, Radio, Switch } from 'antd'
import { useEffect, useState } from 'react'
import { PageTitle } from '../../../components/page-title.tsx'
import { Panel } from '../../../components/panel.tsx'
import { api } from '../../../lib/api.ts'
import type { PreviewRecompile, SettingsState, SiteSettings } from '../../../lib/contract.ts'
import { showError } from '../../../lib/form-errors.ts'
import { t } from '../../../lib/i18n.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { PaymentsCard } from '../components/payments-card.tsx'
import { SearchIndexCard } from '../components/search-index-card.tsx'
import { pw } from '../payment-words.ts'
import { w } from '../words.ts'
import { sw } from '../form-words.ts'

/** the 用户协议 and 隐私政策 a sign-up agrees to: each edited here, shown at its page */
const POLICIES = [
  { field: 'termsText', page: '/terms' },
  { field: 'privacyText', page: '/privacy' },
] as const

/** the preview share is edited as a percentage under the server's own field name, so its refusal lands beside it */
type Values = SiteSettings
const asPercent = (s: SiteSettings): Values => ({ ...s, previewShare: Math.round(s.previewShare * 100) })

/** The site's settings (admins). Saved together; every server shows them at once. */
export default function SettingsPage() {
  const { message } = useNotice()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [loaded, setLoaded] = useState(false)
  const [recompile, setRecompile] = useState<PreviewRecompile | null>(null)
  useEffect(() => {
    api.get<SettingsState>('/settings').then(
      ({ settings, previewRecompile }) => {
        form.setFieldsValue(asPercent(settings))
        setRecompile(previewRecompile)
        setLoaded(true)
      },
      (error: unknown) => showError(error, (text) => void message.error(text)),
    )
  }, [form, message])
  // while posts are compiled again with a new share, its progress is read every 2 seconds
  const running = recompile !== null && recompile.finishedAt === null
  useEffect(() => {
    if (!running) return
    const timer = window.setInterval(() => {
      api.get<SettingsState>('/settings').then(
        (s) => setRecompile(s.previewRecompile),
        () => undefined,
      )
    }, 2000)
    return () => window.clearInterval(timer)
  }, [running])
  const save = async (v: Values) => {
    setBusy(true)
    try {
      const { settings, previewRecompile } = await api.put<SettingsState>('/settings', { ...v, previewShare: v.previewShare / 100 })
      form.setFieldsValue(asPercent(settings))
      setRecompile(previewRecompile)
      void message.success(sw('settings.saved'))
    } catch (error) {
      showError(error, (text) => void message.error(text), form)
    } finally {
      setBusy(false)
    }
  }
  const required = [{ required: true, whitespace: true, message: t('editor.required', { field: sw('settings.name') }) }]
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16, maxWidth: 760 }}>
      <PageTitle>{sw('settings.title')}</PageTitle>
      <Panel>
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark={false} disabled={!loaded}>
          <Form.Item name="name" label={sw('settings.name')} rules={[...required, { max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="tagline" label={sw('settings.tagline')} rules={[{ max: 120 }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="logoUrl" label={sw('settings.logoUrl')}>
            <Input placeholder="https:// 或 /logo.png" maxLength={500} />
          </Form.Item>
          <Form.Item name="description" label={sw('settings.description')}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={300} showCount />
          </Form.Item>
          <Form.Item name="keywords" label={sw('settings.keywords')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="icp" label={sw('settings.icp')}>
            <Input placeholder="京ICP备00000000号-1" maxLength={40} />
          </Form.Item>
          <Form.Item name="footerText" label={sw('settings.footerText')}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} />
          </Form.Item>
          <Form.Item name="locale" label={sw('settings.locale')}>
            <Radio.Group
              options={[
                { value: 'zh-CN', label: '简体中文' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Form.Item>
          <Form.Item name="previewShare" label={sw('settings.previewShare')} tooltip={sw('settings.previewShareHelp')}>
            <InputNumber min={5} max={90} suffix="%" style={{ width: 140 }} />
          </Form.Item>
          {recompile && <RecompileState state={recompile} />}
          <Form.Item name="trashDays" label={sw('settings.trashDays')} tooltip={sw('settings.trashDaysHelp')}>
            <InputNumber min={0} max={3650} precision={0} suffix={sw('settings.days')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="paymentsOff" label={pw('ways')} tooltip={pw('waysHint')}>
            <WaysPicker />
          </Form.Item>
          <Form.Item name="guestPurchase" label={sw('settings.guestPurchase')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="viewsShownFrom" label={sw('settings.viewsShownFrom')} tooltip={sw('settings.viewsShownFromHelp')}>
            <InputNumber min={0} max={1_000_000} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="purchasesShownFrom" label={sw('settings.purchasesShownFrom')} tooltip={sw('settings.purchasesShownFromHelp')}>
            <InputNumber min={0} max={1_000_000} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="downloadDocx" label={sw('settings.downloadDocx')} tooltip={sw('settings.downloadDocxHelp')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="downloadPdf" label={sw('settings.downloadPdf')} tooltip={sw('settings.downloadPdfHelp')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {POLICIES.map(({ field, page }) => (
            <Form.Item
              key={field}
              name={field}
              label={sw(`settings.${field}`)}
              extra={
                <a href={page} target="_blank" rel="noreferrer">
                  {sw('settings.policyEmpty')}
                </a>
              }
            >
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={20_000} />
            </Form.Item>
          ))}
          <Form.Item name="searchPaidText" label={sw('settings.searchPaidText')}>
            <Radio.Group
              options={[
                { value: 'words', label: sw('settings.searchWords') },
                { value: 'off', label: sw('settings.searchOff') },
              ]}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="save-settings">
            {t('common.save')}
          </Button>
        </Form>
      </Panel>
      <PaymentsCard />
      <SearchIndexCard />
    </div>
  )
}

/** Where a new preview share stands: posts being compiled again, or how many it reached. */
function RecompileState({ state }: { state: PreviewRecompile }) {
  const percent = Math.round(state.share * 100)
  if (state.finishedAt === null)
    return (
      <div data-testid="preview-recompile" style={{ marginTop: -12, marginBottom: 16 }}>
        <Progress percent={state.total ? Math.floor((state.done / state.total) * 100) : 0} size="small" />
        <span>{w('recompileRunning', { percent, done: state.done, total: state.total })}</span>
      </div>
    )
  return <Alert data-testid="preview-recompile" type="success" showIcon style={{ marginTop: -12, marginBottom: 16 }} title={w('recompileDone', { percent, total: state.total })} />
}

const WAYS = ['balance', 'wechat', 'alipay', 'stripe'] as const

/** The ways to pay, ticked when offered; the setting stores the ones turned off (so a new way is on by default). */
function WaysPicker({ value = [], onChange }: { value?: string[]; onChange?: (off: string[]) => void }) {
  return (
    <Checkbox.Group
      data-testid="payment-ways"
      value={WAYS.filter((w) => !value.includes(w))}
      onChange={(on) => onChange?.(WAYS.filter((w) => !on.includes(w)))}
      options={WAYS.map((w) => ({ value: w, label: pw(w) }))}
    />
  )
}
