import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { finished, pipeline } from 'node:stream/promises'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, Dialect, FullDb } from '../database.ts'
import { CREDENTIAL_TABLES, LEFT_BEHIND, PASSWORD_COLUMN, rowsParentsFirst, settingTravels, travellingTables, type TableShape } from './archive-tables.ts'

/**
 * A whole site as files (docs/site-archive.md): `inkgate-site.json` (this
 * manifest), `tables/<table>.jsonl` (one row a line, an object of its columns,
 * rows in key order) and `uploads/<key>` (the media files). The same bytes
 * come out of either engine, so an archive moves a site from SQLite to
 * PostgreSQL and back.
 */
export const ARCHIVE_FORMAT = 'inkgate-site'
export const ARCHIVE_VERSION = 1

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT
  version: typeof ARCHIVE_VERSION
  exportedAt: string
  engine: Dialect
  /** the last migration of the site it came from: a site older than that cannot load it */
  schema: string
  passwordHashes: boolean
  tables: Array<{ name: string; columns: string[]; rows: number }>
  uploads: number
  leftBehind: string[]
}

/** What a password hash becomes in an archive made without them: no password matches it, and a reset sets one. */
export const NO_PASSWORD = '!'

/** Uploaded files, as the site keeps them (the media store). */
export interface ArchiveFiles {
  keys(): Promise<string[]>
  open(key: string): Promise<Readable | undefined>
  put(key: string, stream: Readable): Promise<void>
}

export class ArchiveError extends Error {
  constructor(
    readonly code: 'ARCHIVE_INVALID' | 'ARCHIVE_NEWER' | 'SITE_NOT_EMPTY',
    message: string,
  ) {
    super(message)
  }
}

const PAGE = 2000
type Row = Record<string, unknown>

export async function latestMigration(db: FullDb): Promise<string> {
  const row = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(db)
  return row.rows[0]?.name ?? ''
}

/** Writes the site into `dir` (which must exist and be empty). */
export async function dumpSite(db: FullDb, dialect: Dialect, dir: string, files: ArchiveFiles, options: { passwordHashes: boolean; now: Date }): Promise<ArchiveManifest> {
  await mkdir(join(dir, 'tables'), { recursive: true })
  await mkdir(join(dir, 'uploads'), { recursive: true })
  const shapes = (await travellingTables(db, dialect)).filter((s) => options.passwordHashes || !CREDENTIAL_TABLES.includes(s.name))
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: options.now.toISOString(),
    engine: dialect,
    schema: await latestMigration(db),
    passwordHashes: options.passwordHashes,
    tables: [],
    uploads: 0,
    leftBehind: [...Object.keys(LEFT_BEHIND), ...(options.passwordHashes ? [] : CREDENTIAL_TABLES)].sort(),
  }
  // one read transaction: every table as of the same moment (a purchase never without its order)
  await db.transaction().execute(async (trx) => {
    for (const shape of shapes) manifest.tables.push({ name: shape.name, columns: shape.columns, rows: await dumpTable(trx, dialect, shape, dir, options.passwordHashes) })
  })
  for (const key of await files.keys()) {
    if (!/^[A-Za-z0-9_-]+$/.test(key)) continue
    const file = await files.open(key)
    if (!file) continue
    await pipeline(file, createWriteStream(join(dir, 'uploads', key)))
    manifest.uploads++
  }
  await writeFile(join(dir, 'inkgate-site.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

async function dumpTable(trx: Transaction<Database>, dialect: Dialect, shape: TableShape, dir: string, passwordHashes: boolean): Promise<number> {
  const out = createWriteStream(join(dir, 'tables', `${shape.name}.jsonl`))
  // byte order on both engines (PostgreSQL's own collation would order text by the locale)
  const order = sql.join(shape.columns.map((c) => (dialect === 'postgres' && shape.textColumns.has(c) ? sql`${sql.ref(c)} collate "C"` : sql.ref(c))))
  let count = 0
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = await sql<Row>`select * from ${sql.table(shape.name)} order by ${order} limit ${PAGE} offset ${offset}`.execute(trx)
    let chunk = ''
    for (const row of rows) {
      if (shape.name === 'settings' && !settingTravels(row.key, passwordHashes)) continue
      const line: Row = {}
      for (const c of shape.columns) line[c] = row[c] ?? null
      if (!passwordHashes && shape.name === PASSWORD_COLUMN.table) line[PASSWORD_COLUMN.column] = NO_PASSWORD
      chunk += `${JSON.stringify(line)}\n`
      count++
    }
    if (chunk && !out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    if (rows.length < PAGE) break
  }
  out.end()
  await finished(out)
  return count
}

export async function readManifest(dir: string): Promise<ArchiveManifest> {
  let manifest: ArchiveManifest
  try {
    manifest = JSON.parse(await readFile(join(dir, 'inkgate-site.json'), 'utf8')) as ArchiveManifest
  } catch {
    throw new ArchiveError('ARCHIVE_INVALID', '不是 Inkgate 站点归档：缺少 inkgate-site.json / not an Inkgate site archive: inkgate-site.json is missing or unreadable')
  }
  if (manifest?.format !== ARCHIVE_FORMAT || !Array.isArray(manifest.tables)) throw new ArchiveError('ARCHIVE_INVALID', '不是 Inkgate 站点归档 / not an Inkgate site archive')
  if (manifest.version !== ARCHIVE_VERSION)
    throw new ArchiveError(
      'ARCHIVE_NEWER',
      `归档格式版本 ${String(manifest.version)}，本程序只读版本 ${ARCHIVE_VERSION} / archive format version ${String(manifest.version)} is not ${ARCHIVE_VERSION}`,
    )
  return manifest
}

/** What was loaded: rows per table and files. */
export interface LoadReport {
  tables: Array<{ name: string; rows: number }>
  uploads: number
  passwordHashes: boolean
}

/**
 * Loads an unpacked archive into an empty site, in one transaction: a bad row
 * leaves the site as empty as it was. The files go to the store after the rows.
 */
export async function loadSite(db: FullDb, dialect: Dialect, dir: string, files: ArchiveFiles): Promise<LoadReport> {
  const manifest = await readManifest(dir)
  const ours = await latestMigration(db)
  if (manifest.schema > ours)
    throw new ArchiveError(
      'ARCHIVE_NEWER',
      `归档来自更新版本的 Inkgate（${manifest.schema}），请先升级本站（${ours}）/ the archive comes from a newer Inkgate (${manifest.schema}); upgrade this site (${ours}) first`,
    )
  const shapes = await travellingTables(db, dialect)
  const byName = new Map(shapes.map((s) => [s.name, s]))
  for (const t of manifest.tables) {
    const shape = byName.get(t.name)
    const unknown = shape ? t.columns.filter((c) => !shape.columns.includes(c)) : [t.name]
    if (unknown.length) throw new ArchiveError('ARCHIVE_INVALID', `归档中有本站没有的表或列：${t.name} ${unknown.join(', ')} / the archive holds a table or columns this site does not have`)
  }
  const taken: string[] = []
  for (const s of shapes) {
    if (s.name === 'settings') continue // a new site holds its defaults: the archive's replace them
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(s.name)}`.execute(db)
    if (Number(rows[0]?.n ?? 0) > 0) taken.push(s.name)
  }
  if (taken.length)
    throw new ArchiveError('SITE_NOT_EMPTY', `本站不是空站（${taken.join('、')} 已有数据）：请导入到新建的空站 / this site is not empty (${taken.join(', ')} hold rows): load into a new, empty site`)

  const report: LoadReport = { tables: [], uploads: 0, passwordHashes: manifest.passwordHashes }
  const inArchive = new Map(manifest.tables.map((t) => [t.name, t]))
  await db.transaction().execute(async (trx) => {
    await sql`delete from settings`.execute(trx)
    for (const shape of shapes) {
      const entry = inArchive.get(shape.name)
      if (!entry) continue
      report.tables.push({ name: shape.name, rows: await loadTable(trx, shape, entry.columns, join(dir, 'tables', `${shape.name}.jsonl`)) })
    }
    if (dialect === 'postgres') for (const shape of shapes) if (shape.columns.includes('id')) await restartSequence(trx, shape.name)
  })
  const uploads = join(dir, 'uploads')
  for (const key of await readdir(uploads).catch(() => [] as string[])) {
    if (!/^[A-Za-z0-9_-]+$/.test(key)) continue
    await files.put(key, createReadStream(join(uploads, key)))
    report.uploads++
  }
  return report
}

async function loadTable(trx: Transaction<Database>, shape: TableShape, columns: string[], file: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
  const selfReferencing = shape.references.some((r) => r.table === shape.name)
  // at most ~30,000 bound values a statement (SQLite's limit is 32,766)
  const batchSize = Math.max(1, Math.floor(30000 / Math.max(1, columns.length)))
  const anyDb = trx as unknown as Kysely<Record<string, Row>>
  let batch: Row[] = []
  const held: Row[] = []
  let count = 0
  let lineNo = 0
  // a row the database refuses (a wrong type, a broken reference) is the archive's fault: said as such, and the transaction undoes the rest
  const flush = async (rows: Row[]) => {
    for (let i = 0; i < rows.length; i += batchSize) {
      await anyDb
        .insertInto(shape.name)
        .values(rows.slice(i, i + batchSize))
        .execute()
        .catch((error: unknown) => {
          throw new ArchiveError('ARCHIVE_INVALID', `tables/${shape.name}.jsonl 无法载入 / cannot be loaded: ${error instanceof Error ? error.message : String(error)}`)
        })
    }
  }
  for await (const line of lines) {
    lineNo++
    if (!line.trim()) continue
    let row: Row
    try {
      row = JSON.parse(line) as Row
    } catch {
      throw new ArchiveError('ARCHIVE_INVALID', `tables/${shape.name}.jsonl 第 ${lineNo} 行不是 JSON / line ${lineNo} is not JSON`)
    }
    const values: Row = {}
    for (const c of columns) values[c] = row[c] ?? null
    count++
    if (selfReferencing) held.push(values)
    else {
      batch.push(values)
      if (batch.length >= batchSize) {
        await flush(batch)
        batch = []
      }
    }
  }
  await flush(selfReferencing ? rowsParentsFirst(shape, held) : batch)
  return count
}

async function restartSequence(trx: Transaction<Database>, table: string): Promise<void> {
  const seq = await sql<{ name: string | null }>`select pg_get_serial_sequence(${table}, 'id') as name`.execute(trx)
  const name = seq.rows[0]?.name
  if (!name) return
  await sql`select setval(${name}, coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(trx)
}
