import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:net'
import type { TestContext } from 'node:test'
import type { Browser } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { installAlipaySim, type AlipaySim } from '../paysim/alipay-sim.ts'
import { startPaySim, type PaySim } from '../paysim/paysim.ts'
import { installStripeSim } from '../paysim/stripe-sim.ts'
import { installWechatSim, type WechatSim } from '../paysim/wechat-sim.ts'

const keys = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
const wxMerchant = keys()
const aliApp = keys()

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

/**
 * What a browser test of paying needs before its app: Chromium (started first, so
 * it closes first: after-hooks run in the order added, and a server closing under a
 * browser that still holds a connection could wait forever), the payment simulator
 * with WeChat Pay and Alipay (and Stripe when asked), a free port, and the
 * environment that points the app at them.
 */
export async function paySimsForBrowser(
  t: TestContext,
  options: { stripe?: boolean } = {},
): Promise<{ browser: Browser; sim: PaySim; wx: WechatSim; ali: AlipaySim; base: string; port: number; env: Record<string, string> }> {
  const browser = await launchChromium()
  t.after(() => browser.close())
  const sim = await startPaySim()
  t.after(() => sim.close())
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const wx = installWechatSim(sim, {
    mchid: '1900000109',
    appid: 'wxd678efh567hg6787',
    apiV3Key: 'k'.repeat(32),
    merchantSerial: '5157F09EFDC096DE15EBE81A47057A72',
    merchantPublicKey: wxMerchant.publicKey,
    mode: 'public-key',
    now: Date.now,
    allowLocalNotifyUrl: true,
  })
  const ali = installAlipaySim(sim, { appId: '2021000000000001', sellerId: '2088000000000001', appPublicKey: aliApp.publicKey, now: Date.now })
  const stripe = options.stripe ? installStripeSim(sim, { now: () => Date.now(), webhookUrl: `${base}/pay/notify/stripe` }) : undefined
  const env = {
    ...wx.appEnv(),
    ...ali.appEnv(),
    ...(stripe ? stripe.appEnv() : {}),
    INKGATE_WECHATPAY_PRIVATE_KEY: wxMerchant.privateKey,
    INKGATE_ALIPAY_PRIVATE_KEY: aliApp.privateKey,
    INKGATE_SITE_URL: base,
  }
  return { browser, sim, wx, ali, base, port, env }
}
