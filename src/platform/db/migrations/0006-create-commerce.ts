import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * Orders and everything that hangs off them (payments/reference: "Orders and
 * payment attempts"): attempts, the provider-event inbox, refunds, the order
 * journal, and the fulfilment rows (purchases, VIP grants, the balance ledger),
 * each unique per order so that a second grant cannot be written.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = (col: ColumnDefinitionBuilder) => (dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity())

  await db.schema
    .createTable('vip_plans')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level >= 1`))
    .addColumn('days', 'integer', (c) => c.notNull().check(sql`days >= 1`))
    .addColumn('price', 'integer', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('benefit', 'text', (c) => c.notNull())
    .addColumn('discount_percent', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`discount_percent >= 0 AND discount_percent < 100`),
    )
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('orders')
    .addColumn('id', 'integer', id)
    .addColumn('order_no', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.references('members.id'))
    .addColumn('guest_key', 'text')
    .addColumn('post_id', 'integer', (c) => c.references('posts.id'))
    .addColumn('plan_id', 'integer', (c) => c.references('vip_plans.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('paid_attempt_id', 'integer')
    .addColumn('paid_late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_amount', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`refunded_amount >= 0 AND refunded_amount <= amount`),
    )
    .addColumn('flag', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('orders_buyer', sql`member_id IS NOT NULL OR guest_key IS NOT NULL`)
    .execute()
  await db.schema.createIndex('orders_by_member').on('orders').columns(['member_id', 'id']).execute()
  await db.schema.createIndex('orders_by_guest').on('orders').columns(['guest_key']).execute()
  await db.schema.createIndex('orders_open').on('orders').columns(['state', 'expires_at']).execute()

  await db.schema
    .createTable('payment_attempts')
    .addColumn('id', 'integer', id)
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('out_trade_no', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('provider_txn_id', 'text')
    .addColumn('action', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('payment_attempts_out_trade_no', ['provider', 'out_trade_no'])
    .execute()
  await db.schema.createIndex('payment_attempts_by_order').on('payment_attempts').columns(['order_id']).execute()
  await db.schema.createIndex('payment_attempts_open').on('payment_attempts').columns(['state', 'created_at']).execute()

  await db.schema
    .createTable('provider_events')
    .addColumn('id', 'integer', id)
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('out_trade_no', 'text')
    .addColumn('attempt_id', 'integer')
    .addColumn('amount', 'integer')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('provider_events_key', ['provider', 'event_key'])
    .execute()

  await db.schema
    .createTable('order_events')
    .addColumn('id', 'integer', id)
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('order_events_by_order').on('order_events').columns(['order_id', 'id']).execute()

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'integer', id)
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('attempt_id', 'integer', (c) => c.notNull().references('payment_attempts.id'))
    .addColumn('refund_no', 'text', (c) => c.notNull().unique())
    .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('refunds_by_order').on('refunds').columns(['order_id']).execute()

  await db.schema
    .createTable('purchases')
    .addColumn('id', 'integer', id)
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id'))
    .addColumn('member_id', 'integer', (c) => c.references('members.id'))
    .addColumn('guest_key', 'text')
    .addColumn('order_id', 'integer', (c) => c.unique().references('orders.id'))
    .addColumn('granted_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    .execute()
  await db.schema.createIndex('purchases_by_member').on('purchases').columns(['member_id', 'post_id']).execute()
  await db.schema.createIndex('purchases_by_guest').on('purchases').columns(['guest_key', 'post_id']).execute()

  await db.schema
    .createTable('vip_grants')
    .addColumn('id', 'integer', id)
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('vip_plans.id'))
    .addColumn('order_id', 'integer', (c) => c.unique().references('orders.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('benefit', 'text', (c) => c.notNull())
    .addColumn('discount_percent', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('vip_grants_by_member').on('vip_grants').columns(['member_id', 'ends_at']).execute()

  await db.schema
    .createTable('balances')
    .addColumn('member_id', 'integer', (c) => c.primaryKey().references('members.id'))
    .addColumn('balance', 'integer', (c) => c.notNull().check(sql`balance >= 0`))
    .execute()
  await db.schema
    .createTable('balance_ledger')
    .addColumn('id', 'integer', id)
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('order_id', 'integer', (c) => c.references('orders.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addColumn('balance_after', 'integer', (c) => c.notNull().check(sql`balance_after >= 0`))
    .addColumn('ref', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('balance_ledger_once', ['order_id', 'kind', 'ref'])
    .execute()
  await db.schema.createIndex('balance_ledger_by_member').on('balance_ledger').columns(['member_id', 'id']).execute()
}
