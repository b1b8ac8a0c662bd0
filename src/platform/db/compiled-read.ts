import type { CompiledQuery, Kysely, QueryResult } from 'kysely'

type Build<DB, R, P extends readonly unknown[]> = (db: Kysely<DB>, ...params: P) => { compile(): CompiledQuery<R> }

/**
 * A hot query whose SQL is built once per dialect (the dialect decides the
 * placeholders) and then run with new parameters: Kysely's query building
 * costs 10–20 µs a query, as much as SQLite's own work for these reads
 * (measured for a logged-in reader's page, BENCHMARKS.md). `build` must pass
 * its parameters in the order `run` gives them; placeholder values stand in.
 * The compiled SQL is kept per dialect adapter, which a transaction shares with
 * its database, so a query run inside transactions is built once too.
 */
function compiledQuery<DB, R, P extends readonly unknown[]>(build: Build<DB, R, P>, placeholders: P) {
  const cache = new WeakMap<object, CompiledQuery<R>>()
  return function run(db: Kysely<DB>, ...params: P): Promise<QueryResult<R>> {
    const key = db.getExecutor().adapter
    let compiled = cache.get(key)
    if (!compiled) {
      compiled = build(db, ...placeholders).compile()
      if (compiled.parameters.length !== params.length) throw new Error(`compiledQuery: the query has ${compiled.parameters.length} parameters, ${params.length} given`)
      cache.set(key, compiled)
    }
    return db.executeQuery<R>({ ...compiled, parameters: params })
  }
}

/** A read compiled once: see compiledQuery. Resolves to the rows. */
export function compiledRead<DB, R, P extends readonly unknown[]>(build: Build<DB, R, P>, placeholders: P) {
  const run = compiledQuery(build, placeholders)
  return async (db: Kysely<DB>, ...params: P): Promise<R[]> => (await run(db, ...params)).rows
}

/** A write compiled once: see compiledQuery. Resolves to the number of rows it changed. */
export function compiledWrite<DB, P extends readonly unknown[]>(build: Build<DB, unknown, P>, placeholders: P) {
  const run = compiledQuery(build, placeholders)
  return async (db: Kysely<DB>, ...params: P): Promise<number> => Number((await run(db, ...params)).numAffectedRows ?? 0)
}
