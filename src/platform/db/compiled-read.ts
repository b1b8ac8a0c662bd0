import type { CompiledQuery, Kysely } from 'kysely'

/**
 * A hot read whose SQL is built once per database handle (the dialect decides
 * the placeholders) and then run with new parameters: Kysely's query building
 * costs 10–20 µs a query, as much as SQLite's own work for these reads
 * (measured for a logged-in reader's page, BENCHMARKS.md). `build` must pass
 * its parameters in the order `run` gives them; placeholder values stand in.
 */
export function compiledRead<DB, R, P extends readonly unknown[]>(build: (db: Kysely<DB>, ...params: P) => { compile(): CompiledQuery<R> }, placeholders: P) {
  const cache = new WeakMap<object, CompiledQuery<R>>()
  return async function run(db: Kysely<DB>, ...params: P): Promise<R[]> {
    let compiled = cache.get(db)
    if (!compiled) {
      compiled = build(db, ...placeholders).compile()
      if (compiled.parameters.length !== params.length) throw new Error(`compiledRead: the query has ${compiled.parameters.length} parameters, ${params.length} given`)
      cache.set(db, compiled)
    }
    return (await db.executeQuery<R>({ ...compiled, parameters: params })).rows
  }
}
