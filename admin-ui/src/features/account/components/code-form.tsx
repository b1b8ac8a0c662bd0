import { Button, Form, Input } from 'antd'
import { useState } from 'react'
import { showError } from '../../../lib/form-errors.ts'
import { w } from '../words.ts'

/** A code typed to prove it is the staff member (turning on or off, new recovery codes); the server's refusal lands at the field. */
export function CodeForm({
  label,
  submit,
  run,
  testId,
  sixDigits,
  danger,
}: {
  label: string
  submit: string
  run: (code: string) => Promise<void>
  testId: string
  sixDigits?: boolean
  danger?: boolean
}) {
  const [form] = Form.useForm<{ code: string }>()
  const [busy, setBusy] = useState(false)
  return (
    <Form
      form={form}
      layout="inline"
      data-testid={testId}
      onFinish={async ({ code }) => {
        setBusy(true)
        try {
          await run(code.trim())
        } catch (error) {
          // a wrong code says so at the field
          showError(error, (text) => form.setFields([{ name: 'code', errors: [text] }]), form)
        } finally {
          setBusy(false)
        }
      }}
    >
      <Form.Item name="code" rules={[{ required: true, whitespace: true, message: w('required', { field: label }) }, ...(sixDigits ? [{ pattern: /^\s*\d{6}\s*$/, message: w('codeRule') }] : [])]}>
        <Input placeholder={label} inputMode={sixDigits ? 'numeric' : 'text'} autoComplete="one-time-code" maxLength={20} style={{ width: 200 }} />
      </Form.Item>
      <Button htmlType="submit" loading={busy} danger={danger ?? false}>
        {submit}
      </Button>
    </Form>
  )
}
