import { Alert, Button, Card, Form, Input } from 'antd'
import { useState } from 'react'
import { useSession } from '../../../app/session.tsx'
import { api } from '../../../lib/api.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { t } from '../../../lib/i18n.ts'

interface SetupValues {
  username: string
  email?: string
  password: string
}

/** The one-time owner set-up of a site with no admin yet. */
export default function SetupPage() {
  const { refresh } = useSession()
  const { message } = useNotice()
  const [form] = Form.useForm<SetupValues>()
  const [busy, setBusy] = useState(false)
  const submit = async (values: SetupValues) => {
    setBusy(true)
    try {
      await api.post('/setup', { username: values.username, password: values.password, ...(values.email ? { email: values.email } : {}) })
      await refresh()
    } catch (error) {
      showError(error, (text) => void message.error(text), form)
    } finally {
      setBusy(false)
    }
  }
  const required = (field: string) => [{ required: true, message: t('signIn.required', { field }) }]
  return (
    <div style={{ display: 'flex', minHeight: '100vh', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card title={t('setup.title')} style={{ width: 400 }}>
        <Alert type="info" showIcon title={t('setup.intro')} style={{ marginBottom: 16 }} />
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="username" label={t('setup.username')} rules={required(t('setup.username'))}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="email" label={t('setup.email')} rules={[{ type: 'email' }]}>
            <Input autoComplete="email" />
          </Form.Item>
          <Form.Item name="password" label={t('setup.password')} rules={required(t('setup.password'))}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}
