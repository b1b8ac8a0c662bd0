import { currentLanguage } from './api.ts'
import type { Locale } from 'antd/es/locale'

/** The console's words: zh-CN first, English available (the switch in the header). */
const zhCN = {
  'app.title': 'Inkgate 管理后台',
  'app.signOut': '退出登录',
  'app.language': 'English',
  'nav.dashboard': '概览',
  'nav.posts': '文档',
  'nav.newPost': '写文档',
  'nav.media': '媒体库',
  'nav.orders': '订单',
  'nav.plans': 'VIP 套餐',
  'nav.audit': '操作日志',
  'nav.site': '查看网站',
  'role.admin': '管理员',
  'role.editor': '编辑',
  'role.author': '作者',
  'signIn.title': '登录管理后台',
  'signIn.login': '用户名或邮箱',
  'signIn.password': '密码',
  'signIn.submit': '登录',
  'signIn.required': '请填写{field}',
  'signIn.code': '两步验证码',
  'signIn.codeHint': '验证器 App 上的 6 位数字，或一个恢复码',
  'app.account': '我的账号',
  'setup.title': '创建站长账号',
  'setup.intro': '这是一个新网站，还没有管理员。请创建站长账号，此操作只能进行一次。',
  'setup.username': '用户名',
  'setup.email': '邮箱（可选）',
  'setup.password': '密码',
  'setup.submit': '创建并登录',
  'posts.title': '文档',
  'posts.new': '写文档',
  'posts.search': '搜索标题',
  'posts.col.title': '标题',
  'posts.col.status': '状态',
  'posts.col.price': '价格',
  'posts.col.paid': '付费区',
  'posts.col.views': '阅读',
  'posts.col.published': '发布时间',
  'posts.col.updated': '更新时间',
  'posts.col.actions': '操作',
  'posts.edit': '编辑',
  'posts.view': '查看',
  'posts.publish': '发布',
  'posts.hide': '隐藏',
  'posts.delete': '彻底删除',
  'posts.deleteConfirm': '彻底删除？删除后不能恢复',
  'posts.restore': '恢复',
  'posts.trash': '移到回收站',
  'posts.bulk.trash': '移到回收站',
  'posts.bulk.restore': '批量恢复',
  'posts.bulk.purge': '彻底删除',
  'status.trashed': '回收站',
  'posts.total': '共 {n} 篇',
  'posts.bulk.selected': '已选 {n} 篇',
  'posts.bulk.publish': '批量发布',
  'posts.bulk.hide': '批量隐藏',
  'posts.bulk.draft': '转为草稿',
  'posts.bulk.done': '已处理 {ok} 篇，{failed} 篇未能处理',
  'posts.filter.status': '状态',
  'posts.filter.paid': '收费',
  'posts.filter.paidYes': '付费文档',
  'posts.filter.paidNo': '免费文档',
  'posts.filter.channel': '栏目',
  'status.published': '已发布',
  'status.draft': '草稿',
  'status.hidden': '已隐藏',
  'status.scheduled': '定时发布',
  'editor.titleNew': '写文档',
  'editor.titleEdit': '编辑文档',
  'editor.field.title': '标题',
  'editor.field.slug': '网址别名',
  'editor.field.slugHelp': '文档网址 /p/别名，保存后不再改变',
  'editor.field.channel': '栏目',
  'editor.field.tags': '标签',
  'editor.field.flags': '标记',
  'editor.field.price': '价格（元）',
  'editor.field.priceHelp': '0 为免费；免费文档中的付费区按“阅读权限”开放',
  'editor.field.access': '阅读权限（免费文档的付费区）',
  'editor.field.vipLevel': 'VIP 等级',
  'editor.field.cover': '封面图片网址',
  'editor.field.weight': '权重',
  'editor.field.publishedAt': '发布时间',
  'editor.field.publishedAtHelp': '选将来的时间即定时发布',
  'editor.field.status': '状态',
  'editor.field.body': '正文',
  'editor.access.members': '登录会员',
  'editor.access.vip': 'VIP 会员',
  'editor.flag.top': '置顶',
  'editor.flag.hot': '热门',
  'editor.flag.recommend': '推荐',
  'editor.flag.new': '最新',
  'editor.insertPaid': '插入付费内容',
  'editor.insertPageBreak': '插入分页符',
  'editor.inTrash': '这篇文档在回收站里，网站上已看不到；恢复后才能修改。',
  'editor.insertImage': '图片',
  'editor.insertFile': '附件',
  'editor.insertFileHelp': '上传附件（PDF、Word、Excel 等）并插入下载链接；放在付费内容里的附件只有购买者能下载',
  'editor.uploadCover': '上传封面',
  'editor.paidRegion': '付费内容',
  'editor.pageBreak': '分页符',
  'editor.bold': '加粗',
  'editor.italic': '斜体',
  'editor.heading': '标题',
  'editor.paragraph': '正文',
  'editor.bulletList': '列表',
  'editor.undo': '撤销',
  'editor.redo': '重做',
  'editor.revisions': '历史版本',
  'editor.revisionsEmpty': '还没有历史版本：每次保存都会留下保存前的版本。',
  'editor.revisionLoad': '载入编辑器',
  'editor.revisionLoaded': '已载入 {time} 的版本：检查后点“保存”即恢复',
  'editor.revisionBy': '{by} 保存时替换',
  'editor.save': '保存',
  'editor.saved': '已保存',
  'editor.savedAt': '已保存 {time}',
  'editor.draftRestored': '已恢复未保存的草稿（{time}）',
  'editor.discardDraft': '丢弃草稿',
  'editor.preview': '试读预览',
  'editor.previewHelp': '未付费的读者看到的内容',
  'editor.previewLocked': '以下 {n} 字为付费内容，购买后阅读',
  'editor.previewPage': '第 {n} 页',
  'editor.previewCounts': '免费 {free} 字 · 付费 {paid} 字 · {regions} 个付费区',
  'editor.warnings': '排版提示',
  'editor.required': '请填写{field}',
  'editor.priceInvalid': '价格格式不对，例如 9.90',
  'editor.slugInvalid': '只能用小写字母、数字和连字符，以字母或数字开头',
  'audit.title': '操作日志',
  'audit.col.at': '时间',
  'audit.col.actor': '操作人',
  'audit.col.action': '操作',
  'audit.col.target': '对象',
  'audit.col.detail': '详情',
  'audit.col.ip': '来源',
  'audit.more': '加载更多',
  'dash.revenueToday': '今日收入',
  'dash.revenueYesterday': '昨日收入',
  'dash.revenue7': '近 7 天收入',
  'dash.revenue30': '近 30 天收入',
  'dash.membersToday': '今日新会员',
  'dash.members30': '近 30 天新会员',
  'dash.paidOrders30': '近 30 天已付订单',
  'dash.flagged': '待处理订单',
  'dash.chart': '每日收入（按支付方式）',
  'dash.chartHelp': '收入为支付渠道实收金额减去退款；余额支付的金额已在充值时计入。',
  'dash.topSelling': '畅销文档',
  'dash.mostRead': '阅读最多',
  'dash.purchases': '购买',
  'dash.revenue': '收入',
  'dash.conversion': '转化率',
  'provider.wechat': '微信支付',
  'provider.alipay': '支付宝',
  'provider.stripe': 'Stripe',
  'provider.sandbox': '演示支付',
  'nav.settings': '站点设置',
  'nav.migrate': '迁入整站',
  'nav.channels': '栏目',
  'nav.tags': '标签',
  'nav.members': '会员',
  'members.role.member': '读者',
  'ledger.pay': '支付',
  'ledger.topup': '充值',
  'ledger.refund': '退款',
  'ledger.adjust': '调整',
  'common.save': '保存',
  'common.cancel': '取消',
  'common.confirm': '确定',
  'common.search': '查找',
  'common.yes': '是',
  'common.no': '否',
  'common.all': '全部',
  'common.forbidden': '你的角色不能使用这个页面。',
  'common.notFound': '页面不存在',
  'orders.state.created': '待支付',
  'orders.state.paid': '已支付',
  'orders.state.closed': '已关闭',
  'orders.state.refunded': '已退款',
  'common.loading': '加载中…',
} as const

export type MessageKey = keyof typeof zhCN

/** an order's state in words; an unknown one as it is */
export function orderState(state: string): string {
  const key = `orders.state.${state}`
  return key in zhCN ? t(key as MessageKey) : state
}

let english: Record<MessageKey, string> | undefined
let antdEnglish: Locale | undefined

/**
 * English, for those who chose it: its messages and antd's are a chunk of their
 * own, loaded before the console first renders (main.tsx), so the zh-CN first
 * screen does not carry them.
 */
export async function loadLanguage(): Promise<void> {
  if (currentLanguage() !== 'en') return
  const [messages, antd] = await Promise.all([import('./messages-en.ts'), import('antd/locale/en_US')])
  english = messages.en
  antdEnglish = antd.default
}

/** antd's locale for English, once loaded (zh-CN is the default the app imports) */
export function antdLocale(): Locale | undefined {
  return antdEnglish
}

/** a role in words (a reader's is 读者) */
export function roleName(role: string): string {
  return t((role === 'member' ? 'members.role.member' : `role.${role}`) as MessageKey)
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = (english ? english[key] : undefined) ?? zhCN[key]
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`))
}

export function switchLanguage(): void {
  localStorage.setItem('inkgate.locale', currentLanguage() === 'en' ? 'zh-CN' : 'en')
  location.reload()
}
