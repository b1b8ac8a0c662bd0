import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { PaymentsConfig } from '../platform/config/payments-config.ts'
import { providerProblems } from './provider-checks.ts'

const wechat = (baseUrl = 'https://api.mch.weixin.qq.com') => ({ mchid: '1', appid: 'wx', serialNo: 'S', privateKey: '', apiV3Key: 'k'.repeat(32), platformKeys: new Map(), baseUrl, oauth: undefined })
const payments = (over: Partial<PaymentsConfig>): PaymentsConfig => ({ wechat: undefined, alipay: undefined, stripe: undefined, allowCustomHosts: false, ...over })

test('WeChat Pay with an http site address cannot take a payment: it is unusable', () => {
  const p = providerProblems(payments({ wechat: wechat() }), 'http://fanwen.example')
  assert.deepEqual(
    p.map((x) => [x.provider, x.severity]),
    [['wechat', 'unusable']],
  )
  assert.match(p[0]?.message ?? '', /https notify_url.*INKGATE_SITE_URL/)
  assert.deepEqual(providerProblems(payments({ wechat: wechat() }), 'https://fanwen.example'), [])
  // a simulator or proxy at another address is the operator's business
  assert.deepEqual(providerProblems(payments({ wechat: wechat('http://127.0.0.1:9999') }), 'http://127.0.0.1:3000'), [])
})

test('a notification address the providers cannot reach is a warning; Stripe live needs https', () => {
  const alipay = { appId: 'a', privateKey: '', alipayPublicKey: '', gatewayUrl: 'https://openapi.alipay.com/gateway.do', sellerId: undefined }
  assert.deepEqual(
    providerProblems(payments({ wechat: wechat(), alipay }), 'https://localhost:3000').map((x) => [x.provider, x.severity]),
    [
      ['wechat', 'warning'],
      ['alipay', 'warning'],
    ],
  )
  assert.deepEqual(providerProblems(payments({ alipay }), 'http://fanwen.example'), [], 'Alipay posts to http too')
  const stripe = (secretKey: string) => ({ secretKey, webhookSecret: 'whsec', apiBase: 'https://api.stripe.com' })
  assert.equal(providerProblems(payments({ stripe: stripe('sk_live_1') }), 'http://fanwen.example')[0]?.severity, 'warning')
  assert.deepEqual(providerProblems(payments({ stripe: stripe('sk_test_1') }), 'http://fanwen.example'), [])
})
