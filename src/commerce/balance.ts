import { sql } from 'kysely'
import type { DbOrTrx, Trx } from '../platform/db/database.ts'
import type { Cents } from '../shared/money.ts'

export type LedgerKind = 'pay' | 'topup' | 'refund' | 'adjust'

/**
 * A balance is the sum of its ledger; `balances` keeps that sum so a debit is
 * one conditional UPDATE (`balance >= amount`) inside the order's transaction,
 * and a CHECK keeps it from ever going below zero. The ledger's unique
 * (order, kind, ref) makes a second debit or credit for the same cause fail.
 */
export async function changeBalance(
  trx: Trx,
  e: { memberId: number; delta: number; kind: LedgerKind; orderId: number | null; ref?: string; note?: string; at: string },
): Promise<{ ok: true; balance: Cents } | { ok: false }> {
  await trx
    .insertInto('balances')
    .values({ member_id: e.memberId, balance: 0 })
    .onConflict((oc) => oc.column('member_id').doNothing())
    .execute()
  const updated = await trx
    .updateTable('balances')
    .set({ balance: sql`balance + ${e.delta}` })
    .where('member_id', '=', e.memberId)
    .where('balance', '>=', Math.max(0, -e.delta))
    .returning('balance')
    .executeTakeFirst()
  if (!updated) return { ok: false }
  await trx
    .insertInto('balance_ledger')
    .values({ member_id: e.memberId, order_id: e.orderId, kind: e.kind, delta: e.delta, balance_after: updated.balance, ref: e.ref ?? '', note: e.note ?? '', created_at: e.at })
    .execute()
  return { ok: true, balance: updated.balance as Cents }
}

export async function readBalance(db: DbOrTrx, memberId: number): Promise<Cents> {
  const r = await db.selectFrom('balances').select('balance').where('member_id', '=', memberId).executeTakeFirst()
  return (r?.balance ?? 0) as Cents
}

export async function listLedger(db: DbOrTrx, memberId: number, limit: number) {
  return db
    .selectFrom('balance_ledger')
    .leftJoin('orders', 'orders.id', 'balance_ledger.order_id')
    .select(['balance_ledger.kind', 'balance_ledger.delta', 'balance_ledger.balance_after', 'balance_ledger.note', 'balance_ledger.created_at', 'orders.order_no', 'orders.title'])
    .where('balance_ledger.member_id', '=', memberId)
    .orderBy('balance_ledger.id', 'desc')
    .limit(limit)
    .execute()
}
