import { PostgresDialect, sql, type DatabaseIntrospector, type DatabaseMetadata, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely'
import type pg from 'pg'

/**
 * Kysely's PostgreSQL dialect with an introspector that sees only the connection's
 * own schema (the first on its search path).
 *
 * Why: the migrator asks the introspector whether its table exists. Kysely's own
 * lists every table of every schema in the database (with pg_get_serial_sequence on
 * each column), so (a) a schema dropped by someone else at that moment fails our
 * start-up with 'relation "…" does not exist', and (b) a `kysely_migration` table in
 * another schema of the same database is taken for ours and our migrations are
 * skipped. Nothing else of ours introspects; tables are listed without their columns.
 */
export function postgresDialect(pool: pg.Pool): PostgresDialect {
  return new OwnSchemaPostgresDialect({ pool })
}

class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db)
  }
}

class OwnSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db)
    return rows.map((row) => ({ name: row.name }))
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, ns.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname`.execute(this.db)
    return rows.map((row) => ({ name: row.name, schema: row.schema, isView: row.kind === 'v', columns: [] }))
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() }
  }
}
