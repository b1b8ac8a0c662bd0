import { createCommerce, type Commerce } from '../commerce/index.ts'
import { findMemberForLogin } from '../members/index.ts'
import type { Actor } from '../platform/access/actor.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { createDb, type DbHandle } from '../platform/db/create-db.ts'
import { formatYuan, parseYuan } from '../shared/money.ts'
import { operator, parseArgs, reportAppError, type ParsedArgs } from './args.ts'

export const COMMERCE_USAGE = `用法 / usage:
  inkgate vip plans                                   列出会员套餐
  inkgate vip create --name 名称 --level 1 --days 30 --price 30.00 --benefit free|discount [--discount 20] --by 管理员
  inkgate vip off|on <套餐编号> --by 管理员            下架或上架套餐
  inkgate order show <订单号>                         订单、支付尝试与流水
  inkgate order flagged                               需要人工处理的订单
  inkgate order refund <订单号> [--amount 元] --reason 原因 --by 管理员
  inkgate grant|revoke <用户名> <文档 slug> --reason 原因 --by 管理员
  --by 是执行操作的管理员用户名，记录在订单流水与授权记录中。`

type Out = NodeJS.WritableStream

/** `inkgate vip|order|grant|revoke`: the staff operations of /api/admin, from a shell. */
export async function runCommerce(command: 'vip' | 'order' | 'grant' | 'revoke', argv: string[], config: AppConfig, out: Out = process.stdout): Promise<number> {
  let args: ParsedArgs
  try {
    args = parseArgs(argv, ['help'])
  } catch (error) {
    console.error(`${(error as Error).message}\n${COMMERCE_USAGE}`)
    return 2
  }
  if (args.options.has('help')) {
    out.write(`${COMMERCE_USAGE}\n`)
    return 0
  }
  const handle = await createDb(config.database)
  const now = () => new Date()
  const commerce = await createCommerce({
    db: handle.db,
    now,
    orderTtlMinutes: config.orderTtlMinutes,
    paySandbox: config.paySandbox,
    payments: config.payments,
    siteUrl: config.siteUrl,
    log: { warn: (o, m) => console.error(m, o), error: (o, m) => console.error(m, o) },
  })
  try {
    const code = await dispatch(command, args, handle, commerce, out)
    if (code === 2) console.error(COMMERCE_USAGE)
    return code
  } catch (error) {
    return reportAppError(error)
  } finally {
    await handle.close()
  }
}

/**
 * Who acts. A change is made by the member named with --by, as if through the
 * console: the operation checks that member's role and records the name. Reading
 * needs no name: whoever runs the command on the server's shell can read the
 * database anyway (an operator).
 */
async function byMember(handle: DbHandle, args: ParsedArgs): Promise<Actor | undefined> {
  const by = args.options.get('by')
  if (typeof by !== 'string') {
    console.error('✗ 请用 --by 指明执行操作的管理员用户名')
    return undefined
  }
  const m = await findMemberForLogin(handle.db, by)
  if (!m) {
    console.error(`✗ 没有用户 ${by}`)
    return undefined
  }
  return { kind: 'member', memberId: m.id, username: m.username, role: m.role, via: 'cli' }
}

const str = (args: ParsedArgs, name: string) => {
  const v = args.options.get(name)
  return typeof v === 'string' ? v : undefined
}

async function dispatch(command: string, args: ParsedArgs, handle: DbHandle, commerce: Commerce, out: Out): Promise<number> {
  const [sub, a, b] = args.positional
  if (command === 'vip') {
    if (sub === 'plans') {
      for (const p of await commerce.vip.listAllPlans(operator())) {
        out.write(`${p.id}\t${p.name}\t等级 ${p.level}\t${p.days} 天\t${formatYuan(p.price)}\t${p.benefit === 'free' ? '免费阅读' : `${p.discountPercent}% 优惠`}\t${p.active ? '在售' : '已下架'}\n`)
      }
      return 0
    }
    if (sub === 'create') {
      const by = await byMember(handle, args)
      if (!by) return 1
      const benefit = str(args, 'benefit')
      const price = parseYuan(str(args, 'price') ?? '')
      if ((benefit !== 'free' && benefit !== 'discount') || price === undefined) return 2
      const plan = await commerce.vip.createPlan(by, {
        name: str(args, 'name') ?? '',
        level: Number(str(args, 'level')),
        days: Number(str(args, 'days')),
        price,
        benefit,
        discountPercent: Number(str(args, 'discount') ?? 0),
      })
      out.write(`✓ 已创建套餐 ${plan.id}：${plan.name}，${formatYuan(plan.price)}\n`)
      return 0
    }
    if ((sub === 'off' || sub === 'on') && a && /^\d+$/.test(a)) {
      const by = await byMember(handle, args)
      if (!by) return 1
      const plan = await commerce.vip.setPlanActive(by, Number(a), sub === 'on')
      out.write(`✓ 套餐 ${plan.id} ${plan.active ? '已上架' : '已下架'}\n`)
      return 0
    }
    return 2
  }
  if (command === 'order') {
    if (sub === 'flagged') {
      for (const o of await commerce.staffOrders.listFlagged(operator())) out.write(`${o.orderNo}\t${o.flag}\t${o.state}\t${formatYuan(o.amount)}\t${o.title}\n`)
      return 0
    }
    if (sub === 'show' && a) {
      const { order: o, attempts, events } = await commerce.staffOrders.detail(operator(), a)
      out.write(`${o.orderNo}  ${o.title}  ${formatYuan(o.amount)}  ${o.state}${o.refundedAmount ? `  已退 ${formatYuan(o.refundedAmount)}` : ''}${o.flag ? `  ⚑ ${o.flag}` : ''}\n`)
      for (const at of attempts) out.write(`  支付 ${at.outTradeNo}  ${at.provider}/${at.method}  ${at.state}  ${at.providerTxnId ?? ''}\n`)
      for (const e of events) out.write(`  ${e.at}  ${e.action}  ${e.from_state ?? ''}→${e.to_state ?? ''}  ${e.actor}  ${e.detail}\n`)
      return 0
    }
    if (sub === 'refund' && a) {
      const by = await byMember(handle, args)
      if (!by) return 1
      const amountText = str(args, 'amount')
      const amount = amountText === undefined ? undefined : parseYuan(amountText)
      if (amountText !== undefined && amount === undefined) return 2
      const o = await commerce.orders.refundOrder(by, a, { ...(amount !== undefined ? { amount } : {}), reason: str(args, 'reason') ?? '' })
      out.write(`✓ ${o.orderNo} 已退款 ${formatYuan(o.refundedAmount)}，订单状态 ${o.state}\n`)
      return 0
    }
    return 2
  }
  // grant | revoke <member> <post slug>
  if (!sub || !a || b !== undefined) return 2
  const by = await byMember(handle, args)
  if (!by) return 1
  const reason = str(args, 'reason') ?? ''
  if (command === 'grant') {
    const r = await commerce.grants.grantPurchase(by, sub, a, reason)
    out.write(r.granted ? `✓ 已授予 ${sub} 阅读《${a}》\n` : `${sub} 已可阅读 ${a}，未重复授予\n`)
  } else {
    const r = await commerce.grants.revokePurchase(by, sub, a, reason)
    out.write(`✓ 已收回 ${sub} 对 ${a} 的 ${r.revoked} 项阅读权\n`)
  }
  return 0
}
