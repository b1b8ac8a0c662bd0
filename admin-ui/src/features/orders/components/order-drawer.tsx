import { Button, Descriptions, Drawer, Form, Input, Table, Tag, Timeline, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { OrderDetail } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { orderState, t } from '../../../lib/i18n.ts'
import { yuan, YUAN_PATTERN } from '../../../lib/money.ts'
import { ordersApi } from '../api/orders-api.ts'
import { ow } from '../words.ts'

/** One order: its attempts, its journal, and the refund (full or part, with a reason). */
export function OrderDrawer({ orderNo, onClose, onChanged }: { orderNo: string | undefined; onClose: () => void; onChanged: () => void }) {
  const { message } = useNotice()
  const [detail, setDetail] = useState<OrderDetail>()
  const [busy, setBusy] = useState(false)
  const [form] = Form.useForm<{ amount?: string; reason: string }>()
  useEffect(() => {
    setDetail(undefined)
    if (orderNo) ordersApi.detail(orderNo).then(setDetail, (error: unknown) => showError(error, (text) => void message.error(text)))
  }, [orderNo, message])
  const refund = async (v: { amount?: string; reason: string }) => {
    if (!orderNo) return
    setBusy(true)
    try {
      await ordersApi.refund(orderNo, { reason: v.reason, ...(v.amount ? { amount: v.amount } : {}) })
      void message.success(ow('orders.refundDone'))
      form.resetFields()
      setDetail(await ordersApi.detail(orderNo))
      onChanged()
    } catch (error) {
      showError(error, (text) => void message.error(text), form)
    } finally {
      setBusy(false)
    }
  }
  const o = detail?.order
  const refundable = o && (o.state === 'paid' || o.state === 'fulfilled') && o.refundedAmount < o.amount
  return (
    <Drawer open={Boolean(orderNo)} onClose={onClose} size="large" title={orderNo}>
      {o ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={ow('orders.col.title')}>{o.title}</Descriptions.Item>
            <Descriptions.Item label={ow('orders.col.amount')}>
              {o.amountText} {o.refundedAmount > 0 ? <Tag color="orange">{ow('orders.refunded', { amount: o.refundedText })}</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label={ow('orders.col.status')}>
              <Tag data-testid="order-state" data-state={o.state}>
                {orderState(o.state)}
              </Tag>{' '}
              {o.flag ? <Tag color="red">{o.flag}</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label={ow('orders.col.member')}>{o.memberId ?? o.guest ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={ow('orders.col.created')}>{dateTime(o.createdAt)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {ow('orders.attempts')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={detail.attempts}
            columns={[
              { title: ow('orders.col.provider'), dataIndex: 'provider', render: (p: string, a) => `${p} · ${a.method}` },
              { title: ow('orders.col.tradeNo'), dataIndex: 'outTradeNo' },
              { title: ow('orders.col.amount'), dataIndex: 'amount', render: (n: number) => yuan(n) },
              { title: ow('orders.col.status'), dataIndex: 'state' },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {ow('orders.events')}
          </Typography.Title>
          <Timeline
            items={detail.events.map((e) => ({
              content: (
                <span>
                  {dateTime(e.at)} · {e.action} {e.from_state ? `${e.from_state} → ${e.to_state ?? ''}` : ''} · {e.actor}{' '}
                  {e.detail && e.detail !== '{}' ? <Typography.Text type="secondary">{e.detail}</Typography.Text> : null}
                </span>
              ),
            }))}
          />
          {refundable ? (
            <Form form={form} layout="vertical" onFinish={(v) => void refund(v)} requiredMark={false}>
              <Typography.Title level={5}>{ow('orders.refund')}</Typography.Title>
              <Form.Item name="amount" label={ow('orders.refundAmount')} rules={[{ pattern: YUAN_PATTERN, message: t('editor.priceInvalid') }]}>
                <Input prefix="¥" placeholder={((o.amount - o.refundedAmount) / 100).toFixed(2)} />
              </Form.Item>
              <Form.Item name="reason" label={ow('orders.refundReason')} rules={[{ required: true, message: t('editor.required', { field: ow('orders.refundReason') }) }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Button danger htmlType="submit" loading={busy} data-testid="refund">
                {ow('orders.refund')}
              </Button>
            </Form>
          ) : null}
        </>
      ) : null}
    </Drawer>
  )
}
