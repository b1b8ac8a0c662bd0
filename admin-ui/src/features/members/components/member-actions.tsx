import { Button, Form, Input, Select, Space } from 'antd'
import { useState, type ReactNode } from 'react'
import { api } from '../../../lib/api.ts'
import type { MemberDetail, Plan } from '../../../lib/contract.ts'
import { showError } from '../../../lib/form-errors.ts'
import { t, type MessageKey } from '../../../lib/i18n.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { mw } from '../words.ts'

const AMOUNT = /^[+-]?\d{1,7}(\.\d{1,2})?$/

/** One small form: its fields, a button, the server's refusals at their fields. */
function ActionForm<V extends object>({ title, testId, run, children, danger }: { title: string; testId: string; run: (v: V) => Promise<unknown>; children: ReactNode; danger?: boolean }) {
  const { message } = useNotice()
  const [form] = Form.useForm<V>()
  const [busy, setBusy] = useState(false)
  return (
    <Form<V>
      form={form}
      layout="inline"
      data-testid={testId}
      style={{ marginBottom: 12, rowGap: 8 }}
      onFinish={async (v) => {
        setBusy(true)
        try {
          await run(v)
          form.resetFields()
          void message.success(mw('members.done'))
        } catch (error) {
          showError(error, (text) => void message.error(text), form)
        } finally {
          setBusy(false)
        }
      }}
    >
      {children}
      <Button htmlType="submit" loading={busy} danger={danger ?? false}>
        {title}
      </Button>
    </Form>
  )
}

/** What an admin may do to an account, each with its reason (the audit log keeps it). */
export function MemberActions({ detail, plans, onChanged }: { detail: MemberDetail; plans: Plan[]; onChanged: () => void }) {
  const id = detail.member.id
  const reason = (
    <Form.Item name="reason" rules={[{ required: true, whitespace: true, message: t('editor.required', { field: mw('members.reason') }) }]}>
      <Input placeholder={mw('members.reason')} maxLength={200} style={{ width: 220 }} />
    </Form.Item>
  )
  const after =
    <V,>(run: (v: V) => Promise<unknown>) =>
    async (v: V) => {
      await run(v)
      onChanged()
    }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ActionForm<{ amount: string; reason: string }> title={mw('members.adjust')} testId="adjust-balance" run={after((v) => api.post(`/members/${id}/balance`, v))}>
        <Form.Item name="amount" rules={[{ required: true, pattern: AMOUNT, message: mw('members.amountInvalid') }]}>
          <Input prefix="¥" placeholder="5.00 / -5.00" style={{ width: 140 }} />
        </Form.Item>
        {reason}
      </ActionForm>
      <ActionForm<{ plan: number; reason: string }> title={mw('members.extendVip')} testId="extend-vip" run={after((v) => api.post(`/members/${id}/vip`, v))}>
        <Form.Item name="plan" rules={[{ required: true, message: t('editor.required', { field: mw('members.plan') }) }]}>
          <Select placeholder={mw('members.plan')} style={{ width: 160 }} options={plans.map((p) => ({ value: p.id, label: `${p.name}（${p.days}天）` }))} />
        </Form.Item>
        {reason}
      </ActionForm>
      <ActionForm<{ post: string; reason: string }> title={mw('members.grant')} testId="grant-post" run={after((v) => api.post('/purchases', { ...v, member: String(id) }))}>
        <Form.Item name="post" rules={[{ required: true, message: t('editor.required', { field: mw('members.grantPost') }) }]}>
          <Input placeholder={mw('members.grantPost')} style={{ width: 160 }} />
        </Form.Item>
        {reason}
      </ActionForm>
      <ActionForm<{ role: string }> title={mw('members.setRole')} testId="set-role" run={after((v) => api.patch(`/members/${id}`, v))}>
        <Form.Item name="role" initialValue={detail.member.role}>
          <Select
            style={{ width: 140 }}
            options={(['member', 'author', 'editor', 'admin'] as const).map((r) => ({ value: r, label: t((r === 'member' ? 'members.role.member' : `role.${r}`) as MessageKey) }))}
          />
        </Form.Item>
      </ActionForm>
      <ActionForm<{ password: string }> title={mw('members.setPassword')} testId="set-password" run={after((v) => api.post(`/members/${id}/password`, v))}>
        <Form.Item name="password" rules={[{ required: true, message: t('editor.required', { field: mw('members.newPassword') }) }]}>
          <Input.Password placeholder={mw('members.newPassword')} style={{ width: 260 }} autoComplete="new-password" />
        </Form.Item>
      </ActionForm>
      <ActionForm<{ reason: string }>
        title={detail.member.disabled ? mw('members.enable') : mw('members.disable')}
        testId="disable"
        danger={!detail.member.disabled}
        run={after((v) => api.patch(`/members/${id}`, { disabled: !detail.member.disabled, reason: v.reason }))}
      >
        {reason}
      </ActionForm>
      {detail.member.twoFactor ? (
        <ActionForm<{ reason: string }> title={mw('members.resetTwoFactor')} testId="reset-two-factor" danger run={after((v) => api.post(`/members/${id}/two-factor/reset`, v))}>
          {reason}
        </ActionForm>
      ) : null}
    </Space>
  )
}
