import { Button, Form, Input, InputNumber, Radio, Switch } from 'antd'
import { useEffect, useState } from 'react'
import { PageTitle } from '../../../components/page-title.tsx'
import { Panel } from '../../../components/panel.tsx'
import { api } from '../../../lib/api.ts'
import type { SiteSettings } from '../../../lib/contract.ts'
import { showError } from '../../../lib/form-errors.ts'
import { t } from '../../../lib/i18n.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { SearchIndexCard } from '../components/search-index-card.tsx'

/** the preview share is edited as a percentage under the server's own field name, so its refusal lands beside it */
type Values = SiteSettings
const asPercent = (s: SiteSettings): Values => ({ ...s, previewShare: Math.round(s.previewShare * 100) })

/** The site's settings (admins). Saved together; every server shows them at once. */
export default function SettingsPage() {
  const { message } = useNotice()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [loaded, setLoaded] = useState(false)
  useEffect(() => {
    api.get<{ settings: SiteSettings }>('/settings').then(
      ({ settings }) => {
        form.setFieldsValue(asPercent(settings))
        setLoaded(true)
      },
      (error: unknown) => showError(error, (text) => void message.error(text)),
    )
  }, [form, message])
  const save = async (v: Values) => {
    setBusy(true)
    try {
      const { settings } = await api.put<{ settings: SiteSettings }>('/settings', { ...v, previewShare: v.previewShare / 100 })
      form.setFieldsValue(asPercent(settings))
      void message.success(t('settings.saved'))
    } catch (error) {
      showError(error, (text) => void message.error(text), form)
    } finally {
      setBusy(false)
    }
  }
  const required = [{ required: true, whitespace: true, message: t('editor.required', { field: t('settings.name') }) }]
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16, maxWidth: 760 }}>
      <PageTitle>{t('settings.title')}</PageTitle>
      <Panel>
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark={false} disabled={!loaded}>
          <Form.Item name="name" label={t('settings.name')} rules={[...required, { max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="tagline" label={t('settings.tagline')} rules={[{ max: 120 }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="logoUrl" label={t('settings.logoUrl')}>
            <Input placeholder="https:// 或 /logo.png" maxLength={500} />
          </Form.Item>
          <Form.Item name="description" label={t('settings.description')}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={300} showCount />
          </Form.Item>
          <Form.Item name="keywords" label={t('settings.keywords')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="icp" label={t('settings.icp')}>
            <Input placeholder="京ICP备00000000号-1" maxLength={40} />
          </Form.Item>
          <Form.Item name="footerText" label={t('settings.footerText')}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} />
          </Form.Item>
          <Form.Item name="locale" label={t('settings.locale')}>
            <Radio.Group
              options={[
                { value: 'zh-CN', label: '简体中文' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Form.Item>
          <Form.Item name="previewShare" label={t('settings.previewShare')} tooltip={t('settings.previewShareHelp')}>
            <InputNumber min={5} max={90} suffix="%" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="guestPurchase" label={t('settings.guestPurchase')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="searchPaidText" label={t('settings.searchPaidText')}>
            <Radio.Group
              options={[
                { value: 'words', label: t('settings.searchWords') },
                { value: 'off', label: t('settings.searchOff') },
              ]}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="save-settings">
            {t('common.save')}
          </Button>
        </Form>
      </Panel>
      <SearchIndexCard />
    </div>
  )
}
