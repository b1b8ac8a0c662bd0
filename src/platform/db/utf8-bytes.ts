import { PostgresAdapter, sql, type RawBuilder } from 'kysely'

/**
 * A text column read as its UTF-8 bytes. Stored HTML that goes straight into a
 * response is wanted as bytes: turning Chinese UTF-8 into a JavaScript string
 * and back costs ~4 ns a byte each way (~25 µs for a post page's segments on
 * this machine, BENCHMARKS.md), more than SQLite's own work for the read.
 */
export function utf8Bytes(db: { getExecutor(): { adapter: unknown } }, column: string): RawBuilder<Uint8Array> {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql<Uint8Array>`convert_to(${sql.ref(column)}, 'UTF8')` : sql<Uint8Array>`CAST(${sql.ref(column)} AS BLOB)`
}
