import { randomUUID } from 'node:crypto'
import { actorLabel, type Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db } from '../platform/db/database.ts'
import { findMemberById, type Member } from '../members/index.ts'
import type { Cents } from '../shared/money.ts'
import { changeBalance, listLedger, readBalance } from './balance.ts'
import { commerceError } from './commerce.errors.ts'
import type { Order, VipStatus } from './order.ts'
import { listOrdersOfMember } from './order.repository.ts'
import { listMemberPurchases } from './purchase.repository.ts'
import { findPlan, findVipStatus, vipQueueEnd } from './vip.repository.ts'

export interface MemberMoney {
  member: Member
  balance: Cents
  ledger: Awaited<ReturnType<typeof listLedger>>
  purchases: Awaited<ReturnType<typeof listMemberPurchases>>
  vip: VipStatus | undefined
  orders: Order[]
}

/**
 * What the console shows and does about one member's money (admins): their
 * balance and its ledger, purchases, VIP and orders; adjusting the balance and
 * extending VIP, each with a reason, in the ledger or the grants and in the audit log.
 */
export function createMemberMoney(deps: { db: Db; now: () => Date }) {
  const { db } = deps
  async function member(memberId: number): Promise<Member> {
    const m = await findMemberById(db, memberId)
    if (!m) throw commerceError('GRANT_MEMBER_NOT_FOUND')
    return m
  }
  const reasoned = (reason: string) => {
    if (!reason.trim()) throw commerceError('GRANT_REASON_REQUIRED')
    return reason.trim()
  }
  return {
    async detail(actor: Actor, memberId: number): Promise<MemberMoney> {
      authorize(actor, 'member.read')
      const m = await member(memberId)
      const [balance, ledger, purchases, vip, orders] = await Promise.all([
        readBalance(db, memberId),
        listLedger(db, memberId, 50),
        listMemberPurchases(db, memberId, 100),
        findVipStatus(db, memberId, deps.now().toISOString()),
        listOrdersOfMember(db, memberId, 50),
      ])
      return { member: m, balance, ledger, purchases, vip, orders }
    },

    /** Adds to or takes from a balance (never below zero), as one ledger line of kind `adjust` with the reason. */
    async adjustBalance(actor: Actor, memberId: number, delta: number, reason: string): Promise<Cents> {
      authorize(actor, 'member.manage')
      const why = reasoned(reason)
      if (!Number.isInteger(delta) || delta === 0) throw commerceError('BALANCE_ADJUST_ZERO')
      await member(memberId)
      const at = deps.now()
      return db.transaction().execute(async (trx) => {
        const before = await readBalance(trx, memberId)
        const changed = await changeBalance(trx, { memberId, delta, kind: 'adjust', orderId: null, ref: `staff:${randomUUID()}`, note: why, at: at.toISOString() })
        if (!changed.ok) throw commerceError('BALANCE_ADJUST_NEGATIVE', { balance: `¥${(before / 100).toFixed(2)}` })
        await recordAudit(trx, actor, at, { action: 'member.adjust-balance', target: `member:${memberId}`, detail: { reason: why, before: { balance: before }, after: { balance: changed.balance } } })
        return changed.balance
      })
    },

    /** Gives a member a plan's VIP time, after what they hold already, with a reason. */
    async extendVip(actor: Actor, memberId: number, planId: number, reason: string): Promise<VipStatus | undefined> {
      authorize(actor, 'member.manage')
      const why = reasoned(reason)
      await member(memberId)
      const plan = await findPlan(db, planId)
      if (!plan) throw commerceError('ORDER_PLAN_NOT_FOUND')
      const at = deps.now().toISOString()
      await db.transaction().execute(async (trx) => {
        const startsAt = await vipQueueEnd(trx, memberId, at)
        const endsAt = new Date(Date.parse(startsAt) + plan.days * 86_400_000).toISOString()
        await trx
          .insertInto('vip_grants')
          .values({
            member_id: memberId,
            plan_id: plan.id,
            order_id: null,
            level: plan.level,
            benefit: plan.benefit,
            discount_percent: plan.discountPercent,
            starts_at: startsAt,
            ends_at: endsAt,
            granted_by: `${actorLabel(actor)}: ${why}`.slice(0, 300),
            created_at: at,
            revoked_at: null,
          })
          .execute()
        await recordAudit(trx, actor, deps.now(), { action: 'member.extend-vip', target: `member:${memberId}`, detail: { reason: why, plan: plan.name, days: plan.days, after: { endsAt } } })
      })
      return findVipStatus(db, memberId, at)
    },
  }
}
export type MemberMoneyService = ReturnType<typeof createMemberMoney>
