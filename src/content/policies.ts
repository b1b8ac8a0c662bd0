import { createHash } from 'node:crypto'
import type { SiteSettings } from './site-settings.ts'

export type PolicyKind = 'terms' | 'privacy'

/**
 * The site's 用户协议 and 隐私政策: the owner's texts (站点设置), or these
 * defaults, which say what this software really collects and does. {site} is
 * the site's name. Plain text: paragraphs are separated by blank lines, a line
 * starting with "#" is a heading.
 */
const DEFAULTS: Record<'zh-CN' | 'en', Record<PolicyKind, string>> = {
  'zh-CN': {
    terms: `# 一、协议的范围
本协议是你与{site}之间关于注册、登录和使用本站服务（包括阅读、购买文档和开通 VIP）的约定。注册即表示你已阅读并同意本协议和《隐私政策》。

# 二、账户
你应保管好自己的用户名和密码，不得转让或出借账户。发现账户被他人使用时，请立即修改密码并联系我们。

# 三、付费内容
本站文档的付费部分在付款成功后对你的账户（或未登录时对你的浏览器）开放。购买的文档仅供你个人学习和参考使用，不得转载、转售或以其他方式向他人提供。VIP 在有效期内按套餐说明享受免费阅读或折扣。

# 四、付款与退款
付款通过微信支付、支付宝、银行卡或账户余额完成，金额以收银台显示为准。因本站原因无法阅读已购内容的，可以联系我们退款，款项原路退回。

# 五、行为规范
不得利用本站从事违法活动，不得以技术手段批量抓取本站内容或干扰本站运行。

# 六、协议的变更
协议更新时，我们会在本页公布新的版本；重大变更会在你下次登录时提示。`,
    privacy: `# 一、我们收集的信息
注册时：用户名、密码（仅保存不可还原的摘要）、你自愿填写的电子邮箱。购买时：订单内容、金额、付款方式和时间；支付由微信支付、支付宝或 Stripe 处理，本站不接触你的银行卡信息。为了安全：登录和付款时的 IP 地址。

# 二、信息的用途
用于登录、为你开放已购内容、处理付款和退款、找回密码，以及发现和阻止盗号、刷单等行为。我们不会把你的个人信息出售给任何人。

# 三、Cookie
本站使用必要的 Cookie 保持登录状态、记住未登录时的购买，以及防止跨站请求伪造；不使用第三方广告或统计 Cookie。

# 四、保存期限
账户信息保存到你注销账户为止；订单和付款记录按法律要求保存。

# 五、你的权利
你可以在会员中心查看自己的订单、购买和余额记录，修改密码；如需更正、导出或删除个人信息，或注销账户，请联系我们，我们会在 15 个工作日内处理。

# 六、联系我们
对本政策有任何疑问，请通过本站公布的联系方式与{site}联系。`,
  },
  en: {
    terms: `# 1. Scope
These terms govern your account at {site} and your use of it: reading, buying posts and VIP plans. Signing up means you have read and agree to these terms and the Privacy Policy.

# 2. Your account
Keep your username and password to yourself; accounts may not be passed on. If someone else uses your account, change your password and tell us.

# 3. Paid content
The paid parts of a post open to your account (or, without one, your browser) once payment succeeds. What you buy is for your own use: do not republish or resell it. A VIP plan gives free reading or a discount, as the plan says, while it runs.

# 4. Payment and refunds
You pay with WeChat Pay, Alipay, a card or your balance; the amount is the one the checkout shows. If you cannot read what you bought because of us, ask for a refund: it goes back the way you paid.

# 5. Conduct
Do not use the site for anything unlawful, scrape it in bulk or disturb its running.

# 6. Changes
New versions of these terms are published on this page; we tell you of important changes when you next sign in.`,
    privacy: `# 1. What we collect
At sign-up: your username, your password (stored only as a one-way digest) and an email address if you give one. When you buy: what, for how much, how and when; payments are handled by WeChat Pay, Alipay or Stripe and we never see your card. For security: the IP address you sign in and pay from.

# 2. What we use it for
Signing you in, opening what you bought, payments and refunds, password resets, and stopping account theft and fraud. We never sell your personal information.

# 3. Cookies
Only the cookies the site needs: to keep you signed in, to remember purchases made without an account, and to stop cross-site request forgery. No advertising or third-party analytics cookies.

# 4. How long we keep it
Your account until you close it; orders and payment records as long as the law requires.

# 5. Your rights
The member centre shows your orders, purchases and balance, and lets you change your password. To correct, export or delete your information or close your account, contact us: we answer within 15 working days.

# 6. Contact
Questions about this policy: contact {site} through the contact details published on this site.`,
  },
}

/** The text shown for a policy: the owner's, else the default in the site's language, with the site's name put in. */
export function policyText(kind: PolicyKind, settings: Pick<SiteSettings, 'termsText' | 'privacyText' | 'locale' | 'name'>): string {
  const own = kind === 'terms' ? settings.termsText : settings.privacyText
  return (own || DEFAULTS[settings.locale][kind]).replaceAll('{site}', settings.name)
}

/** Which texts a sign-up agreed to: a digest of both as shown, so any edit makes a new version. */
export function policyVersion(settings: Pick<SiteSettings, 'termsText' | 'privacyText' | 'locale' | 'name'>): string {
  return createHash('sha256').update(policyText('terms', settings)).update('\u0000').update(policyText('privacy', settings)).digest('hex').slice(0, 16)
}

/** A policy as blocks to show: headings ("# …") and paragraphs (separated by blank lines or line ends). */
export function policyBlocks(text: string): Array<{ heading: boolean; text: string }> {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => (line.startsWith('#') ? { heading: true, text: line.replace(/^#+\s*/, '') } : { heading: false, text: line }))
}
