/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import type { BrowserContext, Page } from 'playwright-core'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { hasChromium } from '../helpers/browser.ts'
import { paySimsForBrowser } from '../helpers/browser-shop.ts'
import { seedPost } from '../helpers/seed.ts'

/**
 * The reader's path from preview to paid text, walked in Chromium on a phone
 * (390×844, a phone's user agent: WeChat H5 and Alipay's WAP cashier) and on a
 * desktop (1366×900: WeChat's QR code, Alipay's page cashier), with each
 * simulated provider and Stripe. Every step is saved as a screenshot, and the
 * pages along the way are checked with axe for serious accessibility faults.
 */
const SHOTS = join(import.meta.dirname, '..', '..', '.build', 'screenshots')
const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
}
const DESKTOP = { viewport: { width: 1366, height: 900 } }

/** a post of two pages, a paid region on each: the reader pays from page 2 */
const LONG = [
  '<p>第一页的开头，免费试读。</p><p>第一页的第二段，仍然免费。</p><p>##paidbegin##</p><p>第一页的付费正文 FIRSTPAID</p><p>##paidend##</p>',
  Array.from({ length: 14 }, (_, i) => `<p>第二页免费试读的第 ${i + 1} 段：这一段话足够长，让读者在手机上向下滑动一段距离，才会看到付费卡片出现在屏幕里。</p>`).join('') +
    '<p>##paidbegin##</p><p>第二页的付费正文 SECONDPAID</p><p>##paidend##</p>',
].join('##pagebreak##')

async function shop(t: TestContext) {
  const { browser, sim, wx, base, port, env } = await paySimsForBrowser(t, { stripe: true })
  const app = await buildTestApp(t, { dialect: 'sqlite', now: () => new Date(), env })
  await seedChannels(app)
  await seedPost(app, { slug: 'long-read', title: '在作风建设推进会上的讲话', price: 990 as Cents, source: LONG, tags: ['作风建设'] })
  await seedPost(app, { slug: 'short-read', title: '作风建设心得体会', price: 590 as Cents, source: '<p>公开的开头。</p><p>##paidbegin##</p><p>付费正文 SHORTPAID</p>', tags: ['作风建设'] })
  await seedPost(app, { slug: 'free-read', title: '作风建设学习笔记', source: '<p>免费的全文。</p>', tags: ['作风建设'] })
  const month = await app.services.commerce.vip.createPlan({ kind: 'system', job: 'test' }, { name: '月度会员', level: 1, days: 30, price: 3000 as Cents, benefit: 'free' })
  await app.services.commerce.vip.createPlan({ kind: 'system', job: 'test' }, { name: '年度折扣卡', level: 1, days: 365, price: 9900 as Cents, benefit: 'discount', discountPercent: 20 })
  await app.services.commerce.vip.setPlanRecommended({ kind: 'system', job: 'test' }, month.id, true)
  await app.listen({ port, host: '127.0.0.1' })
  sim.notifyOrigin = base
  mkdirSync(SHOTS, { recursive: true })
  return { app, base, browser, wx, sim }
}

/** axe on the page as it stands: no serious or critical violation of WCAG 2 A/AA. */
async function accessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `${name}: serious or critical accessibility faults`,
  )
}

async function step(page: Page, name: string, options: { full?: boolean; axe?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: options.full ?? false })
  if (options.axe !== false) await accessible(page, name)
}

async function signUp(page: Page, base: string, username: string, next: string) {
  await page.goto(`${base}/register?next=${encodeURIComponent(next)}`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', 'secret-pass-1')
  await page.fill('input[name=password2]', 'secret-pass-1')
  await page.check('input[name=agree]')
  await page.click('.account-form button[type=submit]')
}

/** The reader's place: the top of the first paid region of the page is at the top of the screen. */
/** Waits for the page to reach `url`; when it does not, says where it is and what it shows. */
async function arrives(page: Page, url: RegExp | string, timeout = 15_000): Promise<void> {
  await page.waitForURL(url, { timeout }).catch(async (error: unknown) => {
    throw new Error(`not at ${String(url)} but ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 400)}`, { cause: error })
  })
}

async function atPaidText(page: Page, paidWords: string) {
  const place = await page.evaluate((words) => {
    const anchor = document.getElementById('paid')
    const text = [...document.querySelectorAll('.post-body p')].find((p) => p.textContent?.includes(words))
    return { anchor: anchor?.getBoundingClientRect().top, text: text?.getBoundingClientRect().top, height: window.innerHeight }
  }, paidWords)
  assert.ok(place.anchor !== undefined && place.text !== undefined, 'the page has the paid region and its text')
  assert.ok(place.anchor >= -80 && place.anchor < place.height && place.text >= 0 && place.text < place.height, `the paid text is on the screen: ${JSON.stringify(place)}`)
}

const skip = !hasChromium && 'no /usr/bin/chromium'

test('on a phone, a guest reads page 2, follows the buy bar, pays with WeChat H5 and lands on page 2 at the paid text', { skip }, async (t) => {
  const { base, browser } = await shop(t)
  const context: BrowserContext = await browser.newContext(PHONE)
  const page = await context.newPage()
  await page.goto(`${base}/`)
  await step(page, 'path-phone-1-home')
  // the post page, first visit on a fresh phone: what goes over the wire, all from this site
  const fresh = await (await browser.newContext(PHONE)).newPage()
  await fresh.goto(`${base}/p/long-read?page=2`)
  await fresh.waitForLoadState('networkidle')
  const weight = await fresh.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    return { bytes: nav.transferSize + res.reduce((n, r) => n + r.transferSize, 0), foreign: res.map((r) => r.name).filter((u) => !u.startsWith(location.origin)) }
  })
  assert.ok(weight.bytes > 0 && weight.bytes < 30_000, `the post page weighs ${weight.bytes} bytes transferred`)
  assert.deepEqual(weight.foreign, [], 'no third-party request')
  console.log(`post page, first visit: ${weight.bytes} bytes transferred`)
  await page.goto(`${base}/p/long-read?page=2`)
  await step(page, 'path-phone-2-preview')
  // into the preview: the bottom bar offers the purchase
  // into the preview, the card still below the screen
  const scrolled = await page.evaluate(() => {
    const card = document.getElementById('paywall') as HTMLElement
    const y = card.getBoundingClientRect().top + window.scrollY - window.innerHeight - 120
    window.scrollTo(0, y)
    return y > window.innerHeight / 2
  })
  assert.ok(scrolled, 'the preview is long enough to scroll into')
  await page.locator('.buy-bar').waitFor({ state: 'visible' })
  await step(page, 'path-phone-3-buy-bar', { axe: false })
  await page.locator('.buy-bar a.buy').click()
  await page.waitForURL(`${base}/buy/long-read?page=2`)
  await step(page, 'path-phone-4-cashier', { full: true })
  // a phone's browser: WeChat's H5 cashier and Alipay's WAP one, not QR codes
  assert.equal(await page.locator('button[value="wechat.h5"]').count(), 1)
  assert.equal(await page.locator('button[value="alipay.wap"]').count(), 1)
  assert.equal(await page.locator('button[value="wechat.native"]').count(), 0)
  const wechat = page.locator('button[value="wechat.h5"]')
  assert.equal(await wechat.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(6, 128, 74)', 'WeChat Pay in its green')
  assert.ok(((await wechat.boundingBox())?.height ?? 0) >= 44, 'a 44 px tap target at least')
  await wechat.click()
  await page.locator('button', { hasText: '确认支付' }).click()
  // back on the order page, which notices the payment and takes the reader to where they were
  await arrives(page, new RegExp(`^${base}/p/long-read\\?page=2&order=\\d{24}#paid$`))
  await atPaidText(page, 'SECONDPAID')
  assert.match(await page.locator('.post-body').innerText(), /SECONDPAID/)
  await step(page, 'path-phone-5-unlocked')
})

test('on a phone, a guest signs up on the VIP page, buys the recommended plan with Alipay WAP and reads', { skip }, async (t) => {
  const { base, browser } = await shop(t)
  const page = await (await browser.newContext(PHONE)).newPage()
  await page.goto(`${base}/p/short-read`)
  await page.locator('.paywall-card a', { hasText: '开通 VIP' }).click()
  await page.waitForURL(`${base}/vip?post=short-read`)
  assert.match(await page.locator('.plan.recommended').innerText(), /推荐[\s\S]*月度会员/)
  assert.match(await page.locator('.plan', { hasText: '年度折扣卡' }).innerText(), /8折/)
  await step(page, 'path-phone-6-vip-guest', { full: true })
  await page.fill('#signup input[name=username]', 'phone_vip')
  await page.fill('#signup input[name=password]', 'secret-pass-1')
  await page.fill('#signup input[name=password2]', 'secret-pass-1')
  await page.check('#signup input[name=agree]')
  await page.click('#signup button[type=submit]')
  await page.waitForURL(`${base}/vip?post=short-read`)
  // the header greets the new member on every page
  assert.match(await page.locator('.account-menu summary').innerText(), /你好，phone_vip/)
  await page.locator('.plan.recommended button[value="alipay.wap"]').click()
  await page.locator('button', { hasText: '确认付款' }).click()
  await arrives(page, new RegExp(`^${base}/p/short-read\\?order=\\d{24}#paid$`))
  assert.match(await page.locator('.post-body').innerText(), /SHORTPAID/)
  assert.match(await page.locator('.paid-summary').innerText(), /VIP 会员/)
  await step(page, 'path-phone-7-vip-unlocked')
  await page.goto(`${base}/user`)
  assert.match(await page.locator('.user-vip').innerText(), /月度会员 · 有效期至/)
  // rows, not a table: nothing in the member centre is wider than the phone
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true)
  await step(page, 'path-phone-8-member-centre', { full: true })
})

test('on a desktop, a member pays by Stripe, another by WeChat QR with a countdown, and both find the purchase in the member centre', { skip }, async (t) => {
  const { base, browser, wx, sim } = await shop(t)
  const page = await (await browser.newContext(DESKTOP)).newPage()
  await signUp(page, base, 'desk_reader', '/p/long-read')
  await page.waitForURL(`${base}/p/long-read`).catch(async (error: unknown) => {
    throw new Error(`after sign-up at ${page.url()}: ${(await page.locator('main').innerText()).slice(0, 300)}`, { cause: error })
  })
  // the reading column is about 720 px, not the page's width
  assert.ok(((await page.locator('.post-body').boundingBox())?.width ?? 0) <= 720)
  await step(page, 'path-desk-1-preview')
  await page.locator('.paywall-card a.buy').click()
  await page.waitForURL(`${base}/buy/long-read`)
  await step(page, 'path-desk-2-cashier', { full: true })
  await page.locator('button[value="stripe.checkout"]').click()
  await page.locator('button', { hasText: 'Pay' }).click()
  await arrives(page, new RegExp(`^${base}/p/long-read\\?order=\\d{24}#paid$`))
  await atPaidText(page, 'FIRSTPAID')
  assert.match(await page.locator('.post-body').innerText(), /FIRSTPAID/)
  await step(page, 'path-desk-3-unlocked')

  // WeChat Native: the QR code, who scans it, the time left, and the other ways
  const other = await (await browser.newContext(DESKTOP)).newPage()
  await signUp(other, base, 'qr_reader', '/buy/short-read')
  await other.waitForURL(`${base}/buy/short-read`)
  await other.locator('button[value="wechat.native"]').click()
  await other.locator('.qr svg').waitFor()
  assert.match(await other.locator('.qr .scan').innerText(), /请使用微信扫一扫/)
  await other.locator('.countdown', { hasText: /请在 \d\d:\d\d 内完成支付/ }).waitFor()
  assert.equal(await other.locator('.other-methods button[value="wechat.native"]').count(), 0, '换一种方式 offers the other ways only')
  assert.equal(await other.locator('.other-methods button[value="alipay.page"]').count(), 1)
  await step(other, 'path-desk-4-wechat-qr', { full: true })
  const outTradeNo = JSON.parse(wx.calls.filter((c) => c.path === '/v3/pay/transactions/native').at(-1)?.body ?? '{}').out_trade_no as string
  const phone = await (await browser.newContext(PHONE)).newPage()
  await phone.goto(`${sim.url}/__sim/wechat/scan?code=${encodeURIComponent(`weixin://wxpay/bizpayurl?pr=${wx.order(outTradeNo)?.prepay}`)}`)
  await phone.locator('button', { hasText: '确认支付' }).click()
  await arrives(other, new RegExp(`^${base}/p/short-read\\?order=\\d{24}#paid$`))
  assert.match(await other.locator('.post-body').innerText(), /SHORTPAID/)

  await page.goto(`${base}/user`)
  assert.match(await page.locator('.user-purchases').innerText(), /在作风建设推进会上的讲话/)
  assert.match(await page.locator('.user-orders').innerText(), /已支付/)
  await step(page, 'path-desk-5-member-centre', { full: true })
  await page.goto(`${base}/vip`)
  await step(page, 'path-desk-6-vip', { full: true })
})

test('the pages a reader meets have no serious accessibility faults, on a phone and a desktop', { skip }, async (t) => {
  const { base, browser } = await shop(t)
  for (const [size, options] of [
    ['phone', PHONE],
    ['desk', DESKTOP],
  ] as const) {
    const page = await (await browser.newContext(options)).newPage()
    for (const [name, path] of [
      ['home', '/'],
      ['list', '/c/speeches'],
      ['post-locked', '/p/short-read'],
      ['search', `/search?q=${encodeURIComponent('作风建设')}`],
      ['search-none', `/search?q=${encodeURIComponent('没有这样的文档')}`],
      ['vip', '/vip'],
      ['cashier', '/buy/short-read'],
      ['terms', '/terms'],
    ] as const) {
      await page.goto(`${base}${path}`)
      await step(page, `a11y-${size}-${name}`)
    }
    // the order page and the unlocked post, as a member who paid from the balance
    await signUp(page, base, `a11y_${size}`, '/user')
    await page.waitForURL(`${base}/user`)
    await step(page, `a11y-${size}-member-centre`)
    await page.goto(`${base}/buy/short-read`)
    await page.locator('button[value^="alipay."]').first().click()
    // at Alipay's cashier (the simulator); the reader comes back to their order from the member centre
    await page.waitForURL((u) => !u.href.startsWith(base))
    await page.goto(`${base}/user`)
    await page.locator('.user-orders a.row-main').first().click()
    await page.waitForURL(/\/orders\/\d{24}$/)
    await page.locator('.countdown').waitFor()
    await step(page, `a11y-${size}-order`)
    await page.goto(`${base}/p/free-read`)
    await step(page, `a11y-${size}-post-free`)
  }
})
