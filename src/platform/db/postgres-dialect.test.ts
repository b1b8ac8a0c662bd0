import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { Kysely, sql } from 'kysely'
import pg from 'pg'
import { migrateToLatest } from './migrate.ts'
import { postgresDialect } from './postgres-dialect.ts'

const url = process.env.TEST_DATABASE_URL

/** A schema of its own and a Kysely whose connections have it first on their search path. */
async function schemaOfOwn(admin: pg.Client): Promise<{ name: string; db: Kysely<unknown> }> {
  const name = `t_${randomBytes(6).toString('hex')}`
  await admin.query(`CREATE SCHEMA ${name}`)
  const db = new Kysely<unknown>({ dialect: postgresDialect(new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${name}` })) })
  return { name, db }
}

if (url) {
  test('postgres: a site migrates into its own schema although another schema of the database holds a migration table', async () => {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    const other = `t_${randomBytes(6).toString('hex')}`
    const ours = await schemaOfOwn(admin)
    try {
      // another app in the same database, already migrated
      await admin.query(
        `CREATE SCHEMA ${other}; CREATE TABLE ${other}.kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null); CREATE TABLE ${other}.kysely_migration_lock (id varchar(255) primary key, is_locked integer not null default 0)`,
      )
      await migrateToLatest(ours.db, 'postgres')
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = ${ours.name} and table_name = 'posts'`.execute(ours.db)
      assert.equal(rows[0]?.n, 1, 'our tables are made in our schema')
    } finally {
      await ours.db.destroy()
      await admin.query(`DROP SCHEMA IF EXISTS ${other} CASCADE; DROP SCHEMA ${ours.name} CASCADE`)
      await admin.end()
    }
  })

  test('postgres: sites start while other schemas of the database are made and dropped', async () => {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    const churners = await Promise.all(
      [0, 1, 2].map(async () => {
        const client = new pg.Client({ connectionString: url })
        await client.connect()
        return client
      }),
    )
    let churning = true
    const tables = Array.from({ length: 8 }, (_, i) => `CREATE TABLE t${i} (id serial primary key, a text, b int, c text);`).join(' ')
    const churn = Promise.all(
      churners.map(async (client) => {
        while (churning) {
          const name = `t_${randomBytes(6).toString('hex')}`
          await client.query(`CREATE SCHEMA ${name}; SET search_path = ${name}; ${tables}`)
          await client.query(`DROP SCHEMA ${name} CASCADE`)
        }
      }),
    )
    try {
      for (let i = 0; i < 6; i++) {
        const site = await schemaOfOwn(admin)
        try {
          await migrateToLatest(site.db, 'postgres', site.name)
        } finally {
          await site.db.destroy()
          await admin.query(`DROP SCHEMA ${site.name} CASCADE`)
        }
      }
    } finally {
      churning = false
      await churn
      await Promise.all(churners.map((client) => client.end()))
      await admin.end()
    }
  })
}
