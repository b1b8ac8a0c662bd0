import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, type Migrator } from 'kysely'
import pg from 'pg'
import { createDb, type DbHandle } from '../../src/platform/db/create-db.ts'
import { postgresDialect } from '../../src/platform/db/postgres-dialect.ts'

export type TestDialect = 'sqlite' | 'postgres'

/** The Redis for tests of the Redis-backed stores, when TEST_REDIS_URL is set (CI sets it). */
export function testRedisUrl(): string | undefined {
  return process.env.TEST_REDIS_URL || undefined
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function testDialects(): TestDialect[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']
}

/** A fresh, migrated database: a temporary SQLite file, or a PostgreSQL schema of its own. */
export async function openTestDb(dialect: TestDialect, options: { asServer?: boolean } = {}): Promise<{ handle: DbHandle; dispose: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'inkgate-test-'))
    // as the server opens it: checkpoints and view counts on the worker thread's connection
    const handle = await createDb({ kind: 'sqlite', file: join(dir, 'test.db') }, { backgroundCheckpoints: options.asServer === true })
    return {
      handle,
      dispose: async () => {
        await handle.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const { url, schema, drop } = await createTestSchema()
  const handle = await createDb({ kind: 'postgres', url, schema })
  return {
    handle,
    dispose: async () => {
      await handle.close()
      await drop()
    },
  }
}

/** A PostgreSQL schema of its own for one test, and how to drop it. */
async function createTestSchema(): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL as string
  const schema = `t_${randomBytes(6).toString('hex')}`
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(statement)
    await client.end()
  }
  await run(`CREATE SCHEMA ${schema}`)
  return { url, schema, drop: () => run(`DROP SCHEMA ${schema} CASCADE`) }
}

/** An empty database with no migrations run, for testing a migration on data made by the ones before it. */
export async function openUnmigratedTestDb(dialect: TestDialect): Promise<{ db: Kysely<any>; schema?: string; dispose: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'inkgate-test-'))
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(join(dir, 'test.db')) }) })
    return {
      db,
      dispose: async () => {
        await db.destroy()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const { url, schema, drop } = await createTestSchema()
  const db = new Kysely<any>({ dialect: postgresDialect(new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema}` })) })
  return {
    db,
    schema,
    dispose: async () => {
      await db.destroy()
      await drop()
    },
  }
}

/** A migration test's own steps: up to a named migration, then the rest. */
export async function migrateUpTo(migrator: Migrator, target: string): Promise<void> {
  const result = await migrator.migrateTo(target)
  if (result.error) throw result.error
}
