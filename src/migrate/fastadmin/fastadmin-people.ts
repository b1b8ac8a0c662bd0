import { importOpeningBalance, importPaidOrder } from '../../commerce/index.ts'
import { fastadminLegacyHash, upsertImportedMember } from '../../members/index.ts'
import { parseYuan, type Cents } from '../../shared/money.ts'
import { loadMigrated, recordMigrated } from '../migrated-rows.ts'
import { unixToIso } from './fastadmin-rows.ts'
import { SOURCE, type Run } from './fastadmin-run.ts'

/**
 * FastAdmin's readers and what they paid: members with their old passwords
 * (checked once, then ours) and balances, and their paid orders as purchases.
 */

/** Members with their old passwords (checked once, then ours) and their balances; their ids here by FastAdmin's. */
export async function bringMembers({ db, source, at, write, report }: Run): Promise<Map<string, number>> {
  const members = await loadMigrated(db, SOURCE, 'member')
  for (const u of await source.users()) {
    const existing = members.get(String(u.id))
    if (!write) {
      report.members[existing ? 'updated' : 'created']++
      continue
    }
    const result = await db.transaction().execute(async (trx) => {
      const r = await upsertImportedMember(
        trx,
        existing,
        {
          username: u.username,
          email: u.email || null,
          legacyHash: fastadminLegacyHash(u.password, u.salt ?? ''),
          disabled: u.status !== 'normal',
          createdAt: unixToIso(u.jointime || u.createtime, at),
        },
        at,
      )
      if (!('id' in r)) return r
      await recordMigrated(trx, SOURCE, 'member', u.id, r.id, at)
      const money = parseYuan(String(u.money ?? '0')) ?? (0 as Cents)
      if (money > 0 && (await importOpeningBalance(trx, r.id, money, `fastadmin:user:${u.id}`, '从原站迁移的余额', at))) report.balances++
      return r
    })
    if ('id' in result) {
      members.set(String(u.id), result.id)
      report.members[result.created ? 'created' : 'updated']++
    } else {
      report.members.skipped++
      report.skipped.push({ kind: 'member', id: u.id, reason: result.skipped })
    }
  }

  return members
}

/** Paid orders: purchases of the members who paid; a guest's (IP-bound in FastAdmin) cannot be tied to a reader. */
export async function bringOrders({ db, source, at, write, report }: Run, members: Map<string, number>, postsMigrated: Map<string, number>): Promise<void> {
  const ordersMigrated = await loadMigrated(db, SOURCE, 'order')
  for (const o of await source.orders()) {
    if (!o.user_id) {
      report.orders.guest++
      report.skipped.push({ kind: 'order', id: o.orderid, reason: 'guest-order' })
      continue
    }
    const memberId = members.get(String(o.user_id))
    const postId = postsMigrated.get(String(o.archives_id))
    if (memberId === undefined || postId === undefined) {
      report.orders.skipped++
      report.skipped.push({ kind: 'order', id: o.orderid, reason: memberId === undefined ? 'member-not-migrated' : 'post-not-migrated' })
      continue
    }
    if (ordersMigrated.has(String(o.id))) {
      report.orders.updated++
      continue
    }
    if (!write) {
      report.orders.created++
      continue
    }
    const amount = parseYuan(String(o.payamount ?? o.amount ?? '0')) ?? (0 as Cents)
    await db.transaction().execute(async (trx) => {
      const r = await importPaidOrder(trx, {
        memberId,
        postId,
        title: o.title || `付费阅读 #${o.archives_id}`,
        amount,
        createdAt: unixToIso(o.createtime || o.paytime, at),
        paidAt: unixToIso(o.paytime || o.createtime, at),
        source: SOURCE,
        sourceRef: o.orderid,
      })
      await recordMigrated(trx, SOURCE, 'order', o.id, r.orderId, at)
    })
    report.orders.created++
  }
}
