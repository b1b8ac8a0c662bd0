import { Alert, Button, Drawer, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { Panel } from '../../../components/panel.tsx'
import { api } from '../../../lib/api.ts'
import type { CredentialItem, CredentialList } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { t } from '../../../lib/i18n.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { pw, type PaymentWord } from '../payment-words.ts'

const providerName = (p: string) => pw(p as PaymentWord)

/**
 * Each provider's credentials: where they come from (the server's environment,
 * set here, or not set), whether the cashier can take payments with it, and a
 * drawer to set them. Secrets are never shown: an empty box keeps the stored one.
 */
export function PaymentsCard() {
  const { message } = useNotice()
  const [items, setItems] = useState<CredentialItem[]>([])
  const [editing, setEditing] = useState<CredentialItem>()
  const fail = useCallback((error: unknown) => showError(error, (text) => void message.error(text)), [message])
  useEffect(() => {
    api.get<CredentialList>('/payments').then((r) => setItems(r.items), fail)
  }, [fail])

  const remove = async (item: CredentialItem) => {
    try {
      setItems((await api.delete<CredentialList>(`/payments/${item.provider}`)).items)
      void message.success(pw('removed', { provider: providerName(item.provider) }))
    } catch (error) {
      fail(error)
    }
  }

  return (
    <Panel title={pw('title')}>
      <Typography.Paragraph type="secondary">{pw('sealedHint')}</Typography.Paragraph>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        {items.map((item) => (
          <div key={item.provider} data-testid={`provider-${item.provider}`} style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
            <strong style={{ minWidth: 120 }}>{providerName(item.provider)}</strong>
            <Tag color={item.source === 'none' ? 'default' : 'blue'}>{pw(item.source === 'env' ? 'fromEnv' : item.source === 'console' ? 'fromConsole' : 'none')}</Tag>
            <Tag color={item.active ? 'green' : 'default'} data-testid={`provider-state-${item.provider}`}>
              {pw(item.active ? 'active' : 'inactive')}
            </Tag>
            {item.updatedAt ? <Typography.Text type="secondary">{pw('updated', { by: item.updatedBy ?? '', at: dateTime(item.updatedAt) })}</Typography.Text> : null}
            <Space style={{ marginLeft: 'auto' }}>
              {item.source !== 'env' ? (
                <Button size="small" onClick={() => setEditing(item)} data-testid={`set-up-${item.provider}`}>
                  {pw(item.source === 'console' ? 'change' : 'setUp')}
                </Button>
              ) : null}
              {item.source === 'console' ? (
                <Popconfirm title={pw('removeConfirm', { provider: providerName(item.provider) })} onConfirm={() => void remove(item)}>
                  <Button size="small" danger>
                    {pw('remove')}
                  </Button>
                </Popconfirm>
              ) : null}
            </Space>
          </div>
        ))}
      </div>
      {editing ? (
        <CredentialsDrawer
          item={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(next) => {
            setItems(next)
            setEditing(undefined)
            void message.success(pw('saved', { provider: providerName(editing.provider) }))
          }}
        />
      ) : null}
    </Panel>
  )
}

function CredentialsDrawer({ item, onClose, onSaved }: { item: CredentialItem; onClose: () => void; onSaved: (items: CredentialItem[]) => void }) {
  const { message } = useNotice()
  const [form] = Form.useForm<Record<string, string>>()
  const [busy, setBusy] = useState(false)
  const save = async (values: Record<string, string>) => {
    setBusy(true)
    try {
      const clean = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? '']))
      onSaved((await api.put<CredentialList>(`/payments/${item.provider}`, { values: clean })).items)
    } catch (error) {
      showError(error, (text) => void message.error(text), form)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Drawer open title={providerName(item.provider)} size="large" onClose={onClose} destroyOnHidden>
      {item.source === 'env' ? <Alert type="info" showIcon title={pw('envHint')} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={Object.fromEntries(item.fields.map((f) => [f.name, f.value ?? '']))} onFinish={(v) => void save(v)}>
        {item.fields.map((field) => {
          const label = `${pw(field.name as PaymentWord)}${field.optional ? `（${pw('optional')}）` : ''}`
          const placeholder = field.secret && field.set ? pw('secretKept') : field.key ? pw('keyHint') : undefined
          return (
            <Form.Item key={field.name} name={field.name} label={label}>
              {field.key ? (
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={placeholder} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
              ) : field.secret ? (
                <Input.Password placeholder={placeholder} autoComplete="new-password" />
              ) : (
                <Input placeholder={placeholder} />
              )}
            </Form.Item>
          )
        })}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="save-credentials">
          {t('common.save')}
        </Button>
      </Form>
    </Drawer>
  )
}
