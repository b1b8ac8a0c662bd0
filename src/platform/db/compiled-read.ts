import type { CompiledQuery, Kysely, QueryResult } from 'kysely'

type Build<DB, R, P extends readonly unknown[]> = (db: Kysely<DB>, ...params: P) => { compile(): CompiledQuery<R> }

/**
 * Runs a compiled query on the database's one SQLite connection without Kysely's
 * executor, or answers undefined when it may not (see runDirectly).
 */
export type DirectRunner = (sql: string, parameters: readonly unknown[]) => QueryResult<unknown> | undefined

const directRunners = new WeakMap<object, DirectRunner>()

/**
 * Lets compiled queries on `db` (the database itself, never a transaction) skip
 * Kysely's executor. Kysely runs each query through promises, a connection mutex
 * and result plugins: on a post page that was a fifth of all the memory a request
 * allocates and ~10 µs a query (BENCHMARKS.md). The runner must refuse (answer
 * undefined) whenever the connection is inside a transaction or a stream, so the
 * query then waits for Kysely's mutex like any other and never reads what a
 * transaction has not committed.
 */
export function runDirectly(db: object, runner: DirectRunner): void {
  directRunners.set(db, runner)
}

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
    const direct = directRunners.get(db)
    if (direct) {
      try {
        const result = direct(compiled.sql, params)
        if (result) return Promise.resolve(result as QueryResult<R>)
      } catch (error) {
        return Promise.reject(error)
      }
    }
    return db.executeQuery<R>({ ...compiled, parameters: params })
  }
}

/** A read compiled once: see compiledQuery. Resolves to the rows. */
export function compiledRead<DB, R, P extends readonly unknown[]>(build: Build<DB, R, P>, placeholders: P) {
  const run = compiledQuery(build, placeholders)
  return (db: Kysely<DB>, ...params: P): Promise<R[]> => run(db, ...params).then(rowsOf)
}

/** A write compiled once: see compiledQuery. Resolves to the number of rows it changed. */
export function compiledWrite<DB, P extends readonly unknown[]>(build: Build<DB, unknown, P>, placeholders: P) {
  const run = compiledQuery(build, placeholders)
  return (db: Kysely<DB>, ...params: P): Promise<number> => run(db, ...params).then(changesOf)
}

const rowsOf = <R>(result: QueryResult<R>): R[] => result.rows
const changesOf = (result: QueryResult<unknown>): number => Number(result.numAffectedRows ?? 0)

/**
 * For a query with an `IN (…)` list, whose SQL differs by the list's length: `make(n)` builds
 * the compiled read for lists of n, once per length. Lengths above `max` get undefined (build
 * those queries as usual), so the cache stays small.
 */
export function byListLength<F>(make: (length: number) => F, max = 64): (length: number) => F | undefined {
  const made = new Map<number, F>()
  return (length) => {
    if (length > max) return undefined
    let read = made.get(length)
    if (!read) {
      read = make(length)
      made.set(length, read)
    }
    return read
  }
}
