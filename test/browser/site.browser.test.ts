/// <reference lib="dom" />
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { seedDemo } from '../../src/content/demo/demo-seed.ts'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { seedPost } from '../helpers/seed.ts'
import { hasChromium, launchChromium } from '../helpers/browser.ts'

const SHOTS = join(import.meta.dirname, '..', '..', '.build', 'screenshots')
mkdirSync(SHOTS, { recursive: true })

/** The demo site served on a free port, and a browser that closes with the test. */
async function demoSiteInBrowser(t: TestContext) {
  // the browser first, so it closes first (after-hooks run in the order they were added): a server
  // closing under a browser that still holds a connection to it could wait for it forever
  const browser = await launchChromium()
  t.after(() => browser.close())
  const app = await buildTestApp(t, { dialect: 'sqlite' })
  await seedDemo(app.services.handle.db, app.services.posts, TEST_NOW)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  return { base, browser }
}

test('a reader on a phone finds a paid post, reads its preview and sees the paywall card', { skip: !hasChromium && 'no /usr/bin/chromium' }, async (t) => {
  const { base, browser } = await demoSiteInBrowser(t)

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
  await phone.goto(`${base}/`)
  assert.equal(await phone.title(), '墨门范文网 - 精选公文范文 · 讲话稿 · 心得体会')
  const noSideScroll = () => phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
  assert.ok(await noSideScroll(), 'the home page fits a phone screen')

  // the first paid post in 最新发布
  const latest = phone.locator('section.block', { hasText: '最新发布' })
  const paidCard = latest.locator('li.card', { has: phone.locator('.price') }).first()
  const title = (await paidCard.locator('h3 a').innerText()).replace(/^(置顶|热)+/, '').trim()
  await paidCard.locator('h3 a').click()
  await phone.waitForURL(/\/p\//)
  assert.equal((await phone.locator('article.post h1').innerText()).trim(), title)
  assert.ok(await noSideScroll(), 'the post page fits a phone screen')
  // the theme's stylesheet is applied: the preview's paragraphs are indented two characters
  const indent = await phone
    .locator('.post-body > p')
    .first()
    .evaluate((p) => getComputedStyle(p).textIndent)
  assert.notEqual(indent, '0px')
  // the paid part may start on a later page: read on until the card shows
  for (let i = 0; i < 5 && (await phone.locator('.paywall-card').count()) === 0; i++) {
    await phone.locator('nav.pager a[rel="next"]').click()
    await phone.waitForLoadState()
  }
  const card = phone.locator('.paywall-card').first()
  assert.ok(await card.isVisible())
  assert.match(await card.innerText(), /付费内容 [\d,]+ 字/)
  assert.match(String(await card.locator('a.buy').getAttribute('href')), /^\/(buy\/[\w-]+(\?page=\d+)?|vip\?post=.+|login\?next=.+)$/, 'the card leads to the cashier')
  assert.match(await phone.locator('.paid-summary').innerText(), /本文含付费内容/)

  // on a PC the home page has a side column
  const pc = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await pc.goto(`${base}/`)
  const side = await pc.locator('aside.side-col').boundingBox()
  const main = await pc.locator('.main-col').boundingBox()
  assert.ok(side && main && side.x > main.x + main.width - 1, 'the side column sits right of the main column')
})

test('page navigation of a paginated post works in the browser', { skip: !hasChromium && 'no /usr/bin/chromium' }, async (t) => {
  const { base, browser } = await demoSiteInBrowser(t)
  const page = await browser.newPage()
  await page.goto(`${base}/p/demo-004`)
  await page.locator('nav.pager a[rel="next"]').click()
  await page.waitForURL(/page=2$/)
  assert.equal(await page.locator('nav.pager .current').innerText(), '2')
  await page.goto(`${base}/p/demo-004?page=9`)
  assert.match(await page.locator('.error-page').innerText(), /没有第 9 页/)
})

test('a reader types in the search box, picks nothing, searches and sees marked results', { skip: !hasChromium && 'no /usr/bin/chromium' }, async (t) => {
  const { base, browser } = await demoSiteInBrowser(t)
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  await phone.goto(`${base}/`)
  const box = phone.locator('header form.top-search input[name="q"]')
  await box.fill('主题')
  // typeahead: titles and tags from /api/v1/search/suggest
  const suggestions = phone.locator('header .suggest a')
  await suggestions.first().waitFor({ state: 'visible' })
  assert.ok((await suggestions.count()) > 0)
  assert.match(await suggestions.first().innerText(), /主题/)
  await box.fill('主题教育 心得')
  await box.press('Enter')
  await phone.waitForURL(/\/search\?q=/)
  assert.match(await phone.locator('.search-summary').innerText(), /找到 \d+ 篇/)
  const marks = phone.locator('.search-results mark')
  assert.ok((await marks.count()) > 0, 'matches are marked')
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the results fit a phone screen')
  // a filter keeps the query and narrows the results
  await phone.locator('.search-filters a', { hasText: '免费' }).click()
  await phone.waitForURL(/price=free/)
  assert.equal(await phone.locator('.search-results .price').count(), 0)
})

test('on a phone, the banner scrolls to the card and a bottom buy bar follows the preview until the card is in view', { skip: !hasChromium && 'no /usr/bin/chromium' }, async (t) => {
  const browser = await launchChromium()
  t.after(() => browser.close())
  const app = await buildTestApp(t, { dialect: 'sqlite' })
  await seedChannels(app)
  const preview = Array.from({ length: 14 }, (_, i) => `<p>第${i + 1}段试读：这是一篇讲话稿的开头部分，每一段都足够长，好让手机上的读者向下滑动好几屏才读到付费内容的位置。</p>`).join('')
  await seedPost(app, { slug: 'long-read', title: '一篇很长的讲话稿', price: 1200 as Cents, source: `${preview}<p>##paidbegin##</p><p>付费的正文。</p>` })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
  await phone.goto(`${base}/p/long-read`)
  const bar = phone.locator('.buy-bar')
  const card = phone.locator('#paywall')
  assert.equal(await bar.isVisible(), false, 'not before the reader is into the preview')
  assert.equal((await card.isVisible()) && (await card.boundingBox())!.y < 844, false, 'the card is screens below')
  await phone.screenshot({ path: `${SHOTS}/post-phone-top.png` })
  // reading on: the bar appears, with the price once and the two ways to pay
  await phone.mouse.wheel(0, 900)
  await bar.waitFor({ state: 'visible' })
  assert.match(await bar.innerText(), /¥12\.00\s*购买全文\s*开通 VIP/)
  const box = await bar.locator('a.buy').boundingBox()
  assert.ok(box && box.height >= 44, 'a thumb-sized button')
  await phone.screenshot({ path: `${SHOTS}/post-phone-buy-bar.png` })
  // the card in view: the bar steps aside
  await card.scrollIntoViewIfNeeded()
  await bar.waitFor({ state: 'hidden' })
  // back to the top, the banner is a link to the card
  await phone.evaluate(() => window.scrollTo(0, 0))
  await phone.locator('.paid-summary a').tap()
  await phone.waitForFunction(() => {
    const r = document.getElementById('paywall')?.getBoundingClientRect()
    return r !== undefined && r.top >= 0 && r.top < window.innerHeight
  })
  assert.equal(new URL(phone.url()).hash, '#paywall')
  await phone.screenshot({ path: `${SHOTS}/post-phone-card.png` })
})
