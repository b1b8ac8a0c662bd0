import type { Db } from '../platform/db/database.ts'
import { flagOrder, recordOrderEvent } from './order.repository.ts'

/**
 * Moves what a guest bought on this browser into the account that just logged
 * in or registered on it: the purchases and their orders. A key is claimed
 * once; afterwards it no longer reads as a guest's (purchase.repository).
 */
export async function claimGuestPurchases(db: Db, guestKey: string, memberId: number, at: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('orders').set({ member_id: memberId }).where('guest_key', '=', guestKey).where('member_id', 'is', null).execute()
    // a post the account holds already stays this browser's guest purchase (one running purchase per buyer)
    const r = await trx
      .updateTable('purchases')
      .set({ member_id: memberId })
      .where('guest_key', '=', guestKey)
      .where('member_id', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('purchases as held').select('held.id').where('held.member_id', '=', memberId).where('held.revoked_at', 'is', null).whereRef('held.post_id', '=', 'purchases.post_id'))),
      )
      .executeTakeFirst()
    // what stayed behind was paid for twice by one reader (as a guest and with the account): a person decides the refund
    const doubles = await trx
      .selectFrom('purchases')
      .select('order_id')
      .where('guest_key', '=', guestKey)
      .where('member_id', 'is', null)
      .where('revoked_at', 'is', null)
      .where('order_id', 'is not', null)
      .execute()
    for (const d of doubles) {
      await flagOrder(trx, d.order_id as number, 'bought_twice', at)
      await recordOrderEvent(trx, { orderId: d.order_id as number, action: 'bought_twice', actor: `member:${memberId}`, detail: 'bought as a guest; the account held the post already', at })
    }
    return Number(r.numUpdatedRows)
  })
}
