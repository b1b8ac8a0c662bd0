import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database, Db, Dialect, FullDb } from './database.ts'
import { runDirectly, type DirectRunner } from './compiled-read.ts'
import { migrateToLatest } from './migrate.ts'
import { postgresDialect } from './postgres-dialect.ts'
import { startSqliteWorker } from './sqlite-worker.ts'

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string }

export interface DbHandle {
  dialect: Dialect
  /** for paywall/ only */
  full: FullDb
  /** for everything else */
  db: Db
  /**
   * The server on SQLite: runs a statement per row of parameters in a transaction on
   * the worker thread's connection, off the event loop (sqlite-worker.ts), for writes
   * nobody waits for (view counts). Undefined elsewhere: PostgreSQL's driver does not
   * hold the event loop. Write-only (it answers rows changed) and given only to the
   * view counter.
   */
  writeInBackground: ((sql: string, rows: readonly unknown[][]) => Promise<number>) | undefined
  close(): Promise<void>
}

// int8 (counts, sums) as numbers: our integers stay far below 2^53
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10))

/**
 * `backgroundCheckpoints` (the server): SQLite's WAL checkpoints and the writes
 * nobody waits for run in a worker thread instead of on the event loop
 * (sqlite-worker.ts). A command-line run keeps SQLite's own checkpoints.
 */
export async function createDb(config: DatabaseConfig, options: { backgroundCheckpoints?: boolean } = {}): Promise<DbHandle> {
  const background = options.backgroundCheckpoints === true && config.kind === 'sqlite' && config.file !== ':memory:'
  const sqlite = config.kind === 'sqlite' ? openSqlite(config.file, background) : undefined
  const full = config.kind === 'sqlite' ? (sqlite as { db: FullDb }).db : openPostgres(config.url, config.schema)
  await migrateToLatest(full, config.kind, config.kind === 'postgres' ? config.schema : undefined)
  if (config.kind === 'sqlite') await refreshPlannerStats(full)
  // should the worker ever stop on its own, SQLite checkpoints again as it would by itself (the WAL must not grow without end)
  const worker =
    sqlite && background && config.kind === 'sqlite' ? startSqliteWorker(config.file, { writeHere: (text, rows) => writeThrough(full, text, rows), onStopped: sqlite.checkpointHere }) : undefined
  return {
    dialect: config.kind,
    full,
    // The public handle is the same connection with a narrower type: see database.ts.
    db: full as unknown as Db,
    writeInBackground: worker ? (sql, rows) => worker.write(sql, rows) : undefined,
    close: async () => {
      await worker?.stop()
      await full.destroy()
    },
  }
}

function openSqlite(file: string, backgroundCheckpoints: boolean): { db: FullDb; checkpointHere: () => void } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  if (backgroundCheckpoints) sqlite.pragma('wal_autocheckpoint = 0')
  // 16 MB: the OS page cache holds the rest; a larger cache counts against the RSS budget
  sqlite.pragma('cache_size = -16384')
  const statements = withStatementCache(sqlite)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) })
  runDirectly(db, directRunner(sqlite, statements))
  return { db, checkpointHere: () => sqlite.open && sqlite.pragma('wal_autocheckpoint = 1000') }
}

/** A background write run on this connection instead (the worker has stopped): through Kysely, which waits for a transaction in progress. */
async function writeThrough(db: FullDb, text: string, rows: readonly unknown[][]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let changes = 0
    for (const row of rows) changes += Number((await trx.executeQuery(CompiledQuery.raw(text, [...row]))).numAffectedRows ?? 0)
    return changes
  })
}

/**
 * Gives SQLite's planner statistics (PostgreSQL's autovacuum does this by itself).
 * Without them it sorts a whole channel instead of walking the listing index.
 * analysis_limit keeps it to milliseconds on a large file.
 */
export async function refreshPlannerStats(db: FullDb): Promise<void> {
  await sql`PRAGMA analysis_limit = 1000`.execute(db)
  await sql`PRAGMA optimize = 0x10002`.execute(db)
}

/**
 * Kysely prepares every query anew; on SQLite that costs as much as running it.
 * Statements are cached by their SQL text (bounded), which is safe because Kysely
 * runs one query at a time on the single SQLite connection.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>()
  // rows being streamed: the connection is busy until the stream ends (see directRunner)
  const streaming = { open: 0 }
  return {
    streaming,
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      let statement = cache.get(sql)
      if (!statement) {
        statement = withLiteralRows(sqlite.prepare(sql), streaming)
        cache.set(sql, statement)
        if (cache.size > max) cache.delete(cache.keys().next().value as string)
      }
      return statement
    },
  }
}

/**
 * A reading statement whose rows come back as arrays and become objects through a
 * literal built for its columns: better-sqlite3 builds each row object property
 * by property (a 26-column post row: 15 µs read as objects, 10.5 µs this way).
 * Only what Kysely's SQLite driver calls is kept (reader, all, iterate).
 */
function withLiteralRows(statement: SQLite.Statement, streaming: { open: number }): SQLite.Statement {
  if (!statement.reader) return statement
  const names = statement.columns().map((c) => c.name)
  // a quoted "__proto__" key in a literal would set the prototype: keep such a statement as it is
  if (names.includes('__proto__')) return statement
  const toRow = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}}`) as (values: unknown[]) => unknown
  const raw = statement.raw(true)
  return {
    reader: true,
    all: (params: unknown[]) => (raw.all(params) as unknown[][]).map(toRow),
    *iterate(params: unknown[]) {
      streaming.open++
      try {
        for (const values of raw.iterate(params) as Iterable<unknown[]>) yield toRow(values)
      } finally {
        streaming.open--
      }
    },
  } as unknown as SQLite.Statement
}

/**
 * Compiled queries on the database itself run here, on the calling stack, as
 * Kysely's SQLite driver would run them (compiled-read.ts says why). Refused while
 * the one connection is inside a transaction (Kysely's mutex then holds it, and a
 * read here would see uncommitted rows) or streaming rows (better-sqlite3 refuses a write
 * then): the query then goes through Kysely and waits its turn.
 */
function directRunner(sqlite: SQLite.Database, statements: { streaming: { open: number }; prepare(sql: string): SQLite.Statement }): DirectRunner {
  return (sql, parameters) => {
    if (sqlite.inTransaction || statements.streaming.open > 0) return undefined
    const statement = statements.prepare(sql)
    if (statement.reader) return { rows: statement.all(parameters) as unknown[] }
    const { changes, lastInsertRowid } = statement.run(parameters)
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] }
  }
}

function openPostgres(url: string, schema: string | undefined): FullDb {
  // a schema (tests give each app its own) is set per connection by the server itself
  const pool = new pg.Pool({ connectionString: url, max: 10, ...(schema ? { options: `-c search_path=${schema.replace(/[^a-z0-9_]/g, '')}` } : {}) })
  return new Kysely<Database>({ dialect: postgresDialect(pool) })
}
