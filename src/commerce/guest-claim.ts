import type { Db } from '../platform/db/database.ts'

/**
 * Moves what a guest bought on this browser into the account that just logged
 * in or registered on it: the purchases and their orders. A key is claimed
 * once; afterwards it no longer reads as a guest's (purchase.repository).
 */
export async function claimGuestPurchases(db: Db, guestKey: string, memberId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('orders').set({ member_id: memberId }).where('guest_key', '=', guestKey).where('member_id', 'is', null).execute()
    const r = await trx.updateTable('purchases').set({ member_id: memberId }).where('guest_key', '=', guestKey).where('member_id', 'is', null).executeTakeFirst()
    return Number(r.numUpdatedRows)
  })
}
