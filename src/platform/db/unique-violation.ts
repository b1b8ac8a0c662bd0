/**
 * Whether a database error is a unique index refusing a second row. Repositories
 * and services that let an index decide a race ("the first one wins") turn it into
 * their domain's answer here, on both engines.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  // better-sqlite3: SQLITE_CONSTRAINT_UNIQUE (or _PRIMARYKEY); pg: SQLSTATE 23505
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** Whether a database error is a foreign key refusing to let a row go that others still name. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  // better-sqlite3: SQLITE_CONSTRAINT_FOREIGNKEY; pg: SQLSTATE 23503
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
}
