import { Alert, Button, Card, QRCode, Space, Spin, Tag } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { PageTitle } from '../../../components/page-title.tsx'
import { api } from '../../../lib/api.ts'
import type { TwoFactorSetup, TwoFactorStatus } from '../../../lib/contract.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { showError } from '../../../lib/form-errors.ts'
import { CodeForm } from '../components/code-form.tsx'
import { RecoveryCodes } from '../components/recovery-codes.tsx'
import { w } from '../words.ts'

/**
 * 我的账号: the signed-in staff member's two-step sign-in. Turning it on shows
 * the seed as a QR code for the authenticator app, asks for the first code, then
 * shows the recovery codes once.
 */
export default function AccountPage() {
  const { message } = useNotice()
  const [status, setStatus] = useState<TwoFactorStatus | undefined>()
  const [setup, setSetup] = useState<TwoFactorSetup | undefined>()
  const [codes, setCodes] = useState<string[] | undefined>()
  const load = useCallback(() => {
    api.get<TwoFactorStatus>('/me/two-factor').then(setStatus, (error: unknown) => showError(error, (text) => void message.error(text)))
  }, [message])
  useEffect(load, [load])

  const begin = async () => {
    try {
      setSetup(await api.post<TwoFactorSetup>('/me/two-factor/setup', {}))
    } catch (error) {
      showError(error, (text) => void message.error(text))
    }
  }
  const enable = async (code: string) => {
    const r = await api.post<{ recoveryCodes: string[] }>('/me/two-factor', { code })
    setSetup(undefined)
    setCodes(r.recoveryCodes)
    void message.success(w('enabled'))
    load()
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 760 }}>
      <PageTitle>{w('title')}</PageTitle>
      <Card
        title={
          <Space>
            {w('twoFactor')}
            {status ? <Tag color={status.enabled ? 'green' : 'default'}>{status.enabled ? w('on') : w('off')}</Tag> : null}
          </Space>
        }
        data-testid="two-factor"
      >
        {!status ? (
          <Spin />
        ) : codes ? (
          <RecoveryCodes codes={codes} onSaved={() => setCodes(undefined)} />
        ) : setup ? (
          <Space orientation="vertical" size="middle">
            <div>{w('scan')}</div>
            <QRCode value={setup.uri} size={180} bordered={false} />
            <div>
              {w('secret')}：
              <code data-testid="totp-secret" style={{ userSelect: 'all', fontSize: 15, letterSpacing: 1 }}>
                {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
              </code>
            </div>
            <div>{w('enterCode')}</div>
            <Space>
              <CodeForm label={w('code')} submit={w('confirm')} run={enable} testId="enable-two-factor" sixDigits />
              <Button onClick={() => setSetup(undefined)}>{w('cancel')}</Button>
            </Space>
          </Space>
        ) : status.enabled ? (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Alert type="success" showIcon title={w('recoveryLeft', { n: status.recoveryCodesLeft })} />
            <div>{w('renewIntro')}</div>
            <CodeForm
              label={w('codeOrRecovery')}
              submit={w('renew')}
              testId="renew-codes"
              run={async (code) => {
                setCodes((await api.post<{ recoveryCodes: string[] }>('/me/two-factor/recovery-codes', { code })).recoveryCodes)
                load()
              }}
            />
            <div>{w('disableIntro')}</div>
            <CodeForm
              label={w('codeOrRecovery')}
              submit={w('disable')}
              testId="disable-two-factor"
              danger
              run={async (code) => {
                await api.post('/me/two-factor/disable', { code })
                void message.success(w('disabled'))
                load()
              }}
            />
          </Space>
        ) : (
          <Space orientation="vertical" size="middle">
            <div style={{ maxWidth: 600 }}>{w('intro')}</div>
            <Button type="primary" onClick={() => void begin()} data-testid="start-two-factor">
              {w('start')}
            </Button>
          </Space>
        )}
      </Card>
    </Space>
  )
}
