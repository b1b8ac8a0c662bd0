/// <reference lib="dom" />
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { hasChromium } from '../helpers/browser.ts'
import { paySimsForBrowser } from '../helpers/browser-shop.ts'
import { seedPost } from '../helpers/seed.ts'

/** The real app on a known port, WeChat Pay and Alipay pointed at the simulator, and Chromium. */
async function shop(t: TestContext) {
  const { browser, sim, wx, ali, base, port, env } = await paySimsForBrowser(t)
  const app = await buildTestApp(t, { dialect: 'sqlite', now: () => new Date(), env })
  await seedChannels(app)
  await seedPost(app, { slug: 'essay', title: '关于作风建设的讲话', price: 990 as Cents, source: '<p>公开的开头。</p><p>##paidbegin##</p><p>微信买到的付费正文 WXBROWSER</p>' })
  await seedPost(app, { slug: 'report', title: '年度工作总结', price: 1500 as Cents, source: '<p>公开的开头。</p><p>##paidbegin##</p><p>支付宝买到的付费正文 ALIBROWSER</p>' })
  await seedPost(app, { slug: 'vip-post', title: 'VIP 专享范文', price: 2000 as Cents, vipLevel: 1, source: '<p>公开的开头。</p><p>##paidbegin##</p><p>VIP 读到的付费正文 VIPBROWSER</p>' })
  await app.services.commerce.vip.createPlan({ kind: 'system', job: 'test' }, { name: '月度会员', level: 1, days: 30, price: 3000 as Cents, benefit: 'free' })
  await app.listen({ port, host: '127.0.0.1' })
  sim.notifyOrigin = base
  return { app, base, browser, wx, ali, sim }
}

const skip = !hasChromium && 'no /usr/bin/chromium'

test('a member buys a post with WeChat Native, reads it, logs out and it is hidden again', { skip }, async (t) => {
  const { base, browser, wx, sim } = await shop(t)
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(`${base}/register`)
  await page.fill('input[name=username]', '浏览器读者')
  await page.fill('input[name=password]', 'secret-pass-1')
  await page.fill('input[name=password2]', 'secret-pass-1')
  await page.check('input[name=agree]')
  await page.click('.account-form button[type=submit]')
  await page.waitForURL(`${base}/`)

  await page.goto(`${base}/p/essay`)
  assert.equal(
    await page
      .locator('.post-body')
      .innerText()
      .then((s) => s.includes('WXBROWSER')),
    false,
  )
  await page.locator('.paywall-card a.buy').click()
  await page.waitForURL(`${base}/buy/essay`)
  await page.locator('button[value="wechat.native"]').click()
  await page.locator('.qr svg').waitFor()
  assert.match(await page.locator('.waiting').innerText(), /等待支付完成/)

  // the payer scans the code with a phone: the simulator's payer page
  const outTradeNo = JSON.parse(wx.calls.find((c) => c.path === '/v3/pay/transactions/native')?.body ?? '{}').out_trade_no as string
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } })
  await phone.goto(`${sim.url}/__sim/wechat/scan?code=${encodeURIComponent(`weixin://wxpay/bizpayurl?pr=${wx.order(outTradeNo)?.prepay}`)}`)
  await phone.locator('button', { hasText: '确认支付' }).click()
  await phone.locator('.done').waitFor()

  // the cashier notices by polling and returns to the post, now whole
  await page.waitForURL(new RegExp(`^${base}/p/essay\\?order=\\d{24}#paid$`), { timeout: 15_000 })
  assert.match(await page.locator('.post-body').innerText(), /WXBROWSER/)
  assert.match(await page.locator('.paid-summary').innerText(), /已购买/)

  await page.goto(`${base}/user`)
  assert.match(await page.locator('.user-purchases').innerText(), /关于作风建设的讲话/)
  assert.match(await page.locator('.user-orders').innerText(), /已支付/)
  await page.locator('.user-head button', { hasText: '退出登录' }).click()
  await page.waitForURL(`${base}/`)
  await page.goto(`${base}/p/essay`)
  assert.doesNotMatch(await page.locator('.post-body').innerText(), /WXBROWSER/)
  assert.equal(await page.locator('.paywall-card').count(), 1)
})

test('a guest buys with Alipay on the payer page, reads on that browser, registers and keeps the purchase', { skip }, async (t) => {
  const { base, browser } = await shop(t)
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(`${base}/buy/report`)
  assert.match(await page.locator('.guest-note').innerText(), /不登录也可以购买/)
  await page.locator('button[value="alipay.page"]').click()
  // Alipay's cashier (the simulator), then back to our order page
  await page.locator('button', { hasText: '确认付款' }).click()
  // back from Alipay's cashier, paid already: the order page goes straight on to the text
  await page.waitForURL(new RegExp(`^${base}/p/report\\?order=\\d{24}#paid$`))
  assert.match(await page.locator('.post-body').innerText(), /ALIBROWSER/)

  // another browser sees nothing
  const other = await browser.newPage()
  await other.goto(`${base}/p/report`)
  assert.doesNotMatch(await other.locator('.post-body').innerText(), /ALIBROWSER/)

  await page.goto(`${base}/register?next=/user`)
  await page.fill('input[name=username]', 'guest_later')
  await page.fill('input[name=password]', 'secret-pass-1')
  await page.fill('input[name=password2]', 'secret-pass-1')
  await page.check('input[name=agree]')
  await page.click('.account-form button[type=submit]')
  await page.waitForURL(`${base}/user`)
  assert.match(await page.locator('.user-purchases').innerText(), /年度工作总结/)
})

test('a guest and a member who read the preview first see the paid text on the very next page after paying, without a reload', { skip }, async (t) => {
  const { base, browser, wx, sim } = await shop(t)
  // the guest reads the preview (the browser keeps that page), buys from the paywall card, and comes back
  const guest = await browser.newPage({ viewport: { width: 390, height: 844 } })
  await guest.goto(`${base}/p/report`)
  assert.doesNotMatch(await guest.locator('.post-body').innerText(), /ALIBROWSER/)
  await guest.locator('.paywall-card a.buy').click()
  await guest.waitForURL(`${base}/buy/report`)
  await guest.locator('button[value="alipay.page"]').click()
  await guest.locator('button', { hasText: '确认付款' }).click()
  await guest.waitForURL(/\/p\/report\?order=\d{24}#paid$/)
  assert.match(await guest.locator('.post-body').innerText(), /ALIBROWSER/)
  // and at the post's own address, which the browser saw locked before: asked again, not taken from its cache
  await guest.goto(`${base}/p/report`)
  assert.match(await guest.locator('.post-body').innerText(), /ALIBROWSER/)

  // a reader reads the preview, logs in (a new account), buys with WeChat, and follows a plain link back
  const reader = await browser.newPage({ viewport: { width: 1366, height: 900 } })
  await reader.goto(`${base}/p/essay`)
  assert.doesNotMatch(await reader.locator('.post-body').innerText(), /WXBROWSER/)
  await reader.goto(`${base}/register?next=/buy/essay`)
  await reader.fill('input[name=username]', 'preview_reader')
  await reader.fill('input[name=password]', 'secret-pass-1')
  await reader.fill('input[name=password2]', 'secret-pass-1')
  await reader.check('input[name=agree]')
  await reader.click('.account-form button[type=submit]')
  await reader.waitForURL(`${base}/buy/essay`)
  await reader.locator('button[value="wechat.native"]').click()
  await reader.locator('.qr svg').waitFor()
  const outTradeNo = JSON.parse(wx.calls.filter((c) => c.path === '/v3/pay/transactions/native').at(-1)?.body ?? '{}').out_trade_no as string
  const phone = await browser.newPage()
  await phone.goto(`${sim.url}/__sim/wechat/scan?code=${encodeURIComponent(`weixin://wxpay/bizpayurl?pr=${wx.order(outTradeNo)?.prepay}`)}`)
  await phone.locator('button', { hasText: '确认支付' }).click()
  await reader.waitForURL(/\/p\/essay\?order=\d{24}#paid$/, { timeout: 15_000 })
  assert.match(await reader.locator('.post-body').innerText(), /WXBROWSER/)
  await reader.goto(`${base}/`)
  await reader.goto(`${base}/p/essay`)
  assert.match(await reader.locator('.post-body').innerText(), /WXBROWSER/)
})

test('a member buys VIP with Alipay and reads a VIP post', { skip }, async (t) => {
  const { base, browser } = await shop(t)
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(`${base}/register?next=/vip`)
  await page.fill('input[name=username]', 'vip_reader')
  await page.fill('input[name=password]', 'secret-pass-1')
  await page.fill('input[name=password2]', 'secret-pass-1')
  await page.check('input[name=agree]')
  await page.click('.account-form button[type=submit]')
  await page.waitForURL(`${base}/vip`)
  await page.goto(`${base}/p/vip-post`)
  assert.doesNotMatch(await page.locator('.post-body').innerText(), /VIPBROWSER/)
  await page.goto(`${base}/vip`)
  await page.locator('.plan', { hasText: '月度会员' }).locator('button[value="alipay.page"]').click()
  await page.locator('button', { hasText: '确认付款' }).click()
  // a plan bought from the VIP page alone goes back to the member centre
  await page.waitForURL(`${base}/user`)
  await page.goto(`${base}/p/vip-post`)
  assert.match(await page.locator('.post-body').innerText(), /VIPBROWSER/)
  assert.match(await page.locator('.paid-summary').innerText(), /VIP 会员/)
  await page.goto(`${base}/user`)
  assert.match(await page.locator('.user-vip').innerText(), /月度会员 · 有效期至/)
})
