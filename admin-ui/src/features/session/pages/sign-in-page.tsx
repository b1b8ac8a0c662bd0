import { Button, Card, Form, Input } from 'antd'
import { useState } from 'react'
import { useSession } from '../../../app/session.tsx'
import { api, ApiError } from '../../../lib/api.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { t } from '../../../lib/i18n.ts'

/** Staff sign in with their member account. */
export default function SignInPage() {
  const { refresh } = useSession()
  const { message } = useNotice()
  const [form] = Form.useForm<{ login: string; password: string; code?: string }>()
  const [busy, setBusy] = useState(false)
  // after the right password of an account with two-step sign-in, the form asks for the code
  const [needCode, setNeedCode] = useState(false)
  const submit = async (values: { login: string; password: string; code?: string }) => {
    setBusy(true)
    try {
      await api.post('/session', values)
      await refresh()
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'MEMBER_TOTP_REQUIRED' || error.code === 'MEMBER_TOTP_WRONG')) {
        setNeedCode(true)
        if (error.code === 'MEMBER_TOTP_WRONG') form.setFields([{ name: 'code', errors: [error.message] }])
        return
      }
      showError(error, (text) => void message.error(text), form)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div style={{ display: 'flex', minHeight: '100vh', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card title={t('signIn.title')} style={{ width: 360 }}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="login" label={t('signIn.login')} rules={[{ required: true, message: t('signIn.required', { field: t('signIn.login') }) }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.required', { field: t('signIn.password') }) }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {needCode ? (
            <Form.Item name="code" label={t('signIn.code')} extra={t('signIn.codeHint')} rules={[{ required: true, whitespace: true, message: t('signIn.required', { field: t('signIn.code') }) }]}>
              <Input autoComplete="one-time-code" inputMode="numeric" maxLength={20} autoFocus data-testid="sign-in-code" />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}
