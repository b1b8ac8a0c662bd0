import { PlusOutlined } from '@ant-design/icons'
import { Button, Form, Input, InputNumber, Modal, Radio, Space, Switch, Table, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { api } from '../../../lib/api.ts'
import type { Plan, PlanList } from '../../../lib/contract.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { t } from '../../../lib/i18n.ts'
import { yuan, YUAN_PATTERN } from '../../../lib/money.ts'
import { plw } from '../words.ts'

interface PlanForm {
  name: string
  level: number
  days: number
  price: string
  benefit: 'free' | 'discount'
  discountPercent?: number
}

/** A discount as readers say it: 20 (% off) is 8折; English says 20% off. */
function offWords(percentOff: number): string {
  const tenths = 100 - percentOff
  return plw('plans.off', { n: tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1), p: String(percentOff) })
}

/** VIP plans: create one, put it on sale or take it off, mark the one the VIP page recommends. */
export default function PlansPage() {
  const { message } = useNotice()
  const [plans, setPlans] = useState<Plan[]>([])
  const [creating, setCreating] = useState(false)
  const [form] = Form.useForm<PlanForm>()
  const benefit = Form.useWatch('benefit', form)
  const fail = useCallback((error: unknown) => showError(error, (text) => void message.error(text), form), [message, form])
  const load = useCallback(() => api.get<PlanList>('/plans').then((r) => setPlans(r.items), fail), [fail])
  useEffect(() => void load(), [load])
  const create = async (v: PlanForm) => {
    try {
      await api.post('/plans', v)
      setCreating(false)
      form.resetFields()
      await load()
    } catch (error) {
      fail(error)
    }
  }
  const required = (field: string) => [{ required: true, message: t('editor.required', { field }) }]
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {plw('plans.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {plw('plans.new')}
        </Button>
      </Space>
      <Table<Plan>
        rowKey="id"
        dataSource={plans}
        pagination={false}
        columns={[
          { title: plw('plans.col.name'), dataIndex: 'name' },
          { title: plw('plans.col.level'), dataIndex: 'level' },
          { title: plw('plans.col.days'), dataIndex: 'days' },
          { title: plw('plans.col.price'), dataIndex: 'price', render: (n: number) => yuan(n) },
          { title: plw('plans.col.benefit'), render: (_, p) => (p.benefit === 'free' ? plw('plans.benefit.free') : `${plw('plans.benefit.discount')} ${offWords(p.discountPercent)}`) },
          {
            title: plw('plans.col.active'),
            dataIndex: 'active',
            render: (active: boolean, p) => <Switch checked={active} onChange={(on) => void api.patch(`/plans/${p.id}`, { active: on }).then(load, fail)} />,
          },
          {
            title: plw('plans.col.recommended'),
            dataIndex: 'recommended',
            render: (recommended: boolean, p) => (
              <Switch aria-label={`${plw('plans.col.recommended')} ${p.name}`} checked={recommended} onChange={(on) => void api.patch(`/plans/${p.id}`, { recommended: on }).then(load, fail)} />
            ),
          },
        ]}
      />
      <Modal open={creating} title={plw('plans.new')} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')}>
        <Form form={form} layout="vertical" initialValues={{ level: 1, days: 30, benefit: 'free' }} onFinish={(v) => void create(v)} requiredMark={false}>
          <Form.Item name="name" label={plw('plans.col.name')} rules={required(plw('plans.col.name'))}>
            <Input maxLength={40} />
          </Form.Item>
          <Space>
            <Form.Item name="level" label={plw('plans.col.level')} rules={required(plw('plans.col.level'))}>
              <InputNumber min={1} max={99} />
            </Form.Item>
            <Form.Item name="days" label={plw('plans.col.days')} rules={required(plw('plans.col.days'))}>
              <InputNumber min={1} max={36500} />
            </Form.Item>
            <Form.Item name="price" label={plw('plans.col.price')} rules={[...required(plw('plans.col.price')), { pattern: YUAN_PATTERN, message: t('editor.priceInvalid') }]}>
              <Input prefix="¥" />
            </Form.Item>
          </Space>
          <Form.Item name="benefit" label={plw('plans.col.benefit')}>
            <Radio.Group
              options={[
                { value: 'free', label: plw('plans.benefit.free') },
                { value: 'discount', label: plw('plans.benefit.discount') },
              ]}
            />
          </Form.Item>
          {benefit === 'discount' ? (
            <Form.Item name="discountPercent" label={plw('plans.discount')}>
              <InputNumber min={0} max={99} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </Space>
  )
}
