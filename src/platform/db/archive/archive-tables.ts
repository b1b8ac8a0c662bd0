import { sql } from 'kysely'
import type { Dialect, FullDb } from '../database.ts'

/**
 * The tables a site archive leaves behind, and why. Every other table travels
 * whole, so a table added by a later migration travels too (the round-trip
 * test names the set: a new table is a decision, not an accident).
 */
export const LEFT_BEHIND: Readonly<Record<string, string>> = Object.freeze({
  kysely_migration: 'the schema: the new site makes it by its own migrations',
  kysely_migration_lock: 'the schema',
  changes: "the running processes' change feed",
  job_leases: 'which process runs a job now',
  sessions: 'signed-in browsers: moving signs everyone out',
  password_resets: "links mailed for the old site's address",
  mail_outbox: 'mail the old site has yet to send',
  post_related_words: 'rebuilt with the search index',
})

/** The search index (SQLite's FTS5 tables and their shadows, PostgreSQL's tsvectors): rebuilt after a load. */
const SEARCH_INDEX = /^post_(search|titles)(_|$)/

export const travels = (table: string): boolean => !(table in LEFT_BEHIND) && !SEARCH_INDEX.test(table)

/** Sign-in secrets: they travel only when asked (`--with-password-hashes`), as whole tables or as single settings. */
export const CREDENTIAL_TABLES: readonly string[] = ['member_totp', 'member_recovery_codes']
export const PASSWORD_COLUMN = { table: 'members', column: 'password_hash' } as const

/**
 * Settings rows that stay: the search index's own marks (the index is rebuilt
 * after a load), and the key that signs cookies unless sign-in secrets travel
 * (a development site keeps it there; production gives INKGATE_COOKIE_SECRET).
 */
export function settingTravels(key: unknown, withCredentials: boolean): boolean {
  if (typeof key !== 'string' || key.startsWith('search_index_')) return false
  return withCredentials || key !== 'cookie_secret'
}

export interface TableShape {
  name: string
  columns: string[]
  /** columns holding text, ordered byte-wise on both engines */
  textColumns: Set<string>
  /** the tables this one's foreign keys point at (itself included) */
  references: Array<{ table: string; from: string; to: string }>
}

/** Every table of the schema that travels, parents before the tables that point at them. */
export async function travellingTables(db: FullDb, dialect: Dialect): Promise<TableShape[]> {
  const shapes = dialect === 'sqlite' ? await sqliteShapes(db) : await postgresShapes(db)
  return parentsFirst(shapes.filter((s) => travels(s.name)))
}

async function sqliteShapes(db: FullDb): Promise<TableShape[]> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
  const out: TableShape[] = []
  for (const { name } of tables.rows) {
    if (!travels(name)) continue
    const cols = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name}) order by cid`.execute(db)
    const fks = await sql<{ table: string; from: string; to: string }>`select "table", "from", "to" from pragma_foreign_key_list(${name})`.execute(db)
    out.push({
      name,
      columns: cols.rows.map((c) => c.name),
      textColumns: new Set(cols.rows.filter((c) => /TEXT|CHAR/i.test(c.type)).map((c) => c.name)),
      references: fks.rows.map((f) => ({ table: f.table, from: f.from, to: f.to })),
    })
  }
  return out
}

async function postgresShapes(db: FullDb): Promise<TableShape[]> {
  const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() and table_name in (
      select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE')
    order by table_name, ordinal_position`.execute(db)
  const fks = await sql<{ child: string; parent: string; from: string; to: string }>`
    select c.relname as child, p.relname as parent, a.attname as "from", b.attname as "to"
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class p on p.oid = k.confrelid
    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
    join pg_attribute b on b.attrelid = k.confrelid and b.attnum = k.confkey[1]
    where k.contype = 'f' and k.connamespace = current_schema()::regnamespace`.execute(db)
  const byTable = new Map<string, TableShape>()
  for (const c of cols.rows) {
    const shape = byTable.get(c.table_name) ?? { name: c.table_name, columns: [], textColumns: new Set<string>(), references: [] }
    shape.columns.push(c.column_name)
    if (/text|char/i.test(c.data_type)) shape.textColumns.add(c.column_name)
    byTable.set(c.table_name, shape)
  }
  for (const f of fks.rows) byTable.get(f.child)?.references.push({ table: f.parent, from: f.from, to: f.to })
  return [...byTable.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
}

/** A table after every table it points at (a table pointing at itself orders its own rows: see `rowsParentsFirst`). */
function parentsFirst(shapes: TableShape[]): TableShape[] {
  const names = new Set(shapes.map((s) => s.name))
  const out: TableShape[] = []
  const placed = new Set<string>()
  let pending = shapes
  while (pending.length) {
    const ready = pending.filter((s) => s.references.every((r) => r.table === s.name || placed.has(r.table) || !names.has(r.table)))
    if (!ready.length) throw new Error(`foreign keys form a loop among ${pending.map((s) => s.name).join(', ')}`)
    for (const s of ready) {
      out.push(s)
      placed.add(s.name)
    }
    pending = pending.filter((s) => !placed.has(s.name))
  }
  return out
}

/** Rows of a table that points at itself (a channel's parent), each after the row it points at. */
export function rowsParentsFirst(shape: TableShape, rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const self = shape.references.find((r) => r.table === shape.name)
  if (!self) return rows
  const out: Array<Record<string, unknown>> = []
  const present = new Set<unknown>()
  const all = new Set(rows.map((r) => r[self.to]))
  let pending = rows
  while (pending.length) {
    const ready = pending.filter((r) => r[self.from] === null || present.has(r[self.from]) || !all.has(r[self.from]))
    if (!ready.length) return [...out, ...pending] // a loop: the database refuses it with a clear message
    for (const r of ready) {
      out.push(r)
      present.add(r[self.to])
    }
    const done = new Set(ready)
    pending = pending.filter((r) => !done.has(r))
  }
  return out
}
