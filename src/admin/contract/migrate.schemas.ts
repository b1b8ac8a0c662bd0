import { Type, type Static } from 'typebox'

/** A migration the console started (migrate/migration-runner.ts), as the console shows it. */
export const MigrationRunView = Type.Object({
  engine: Type.Union([Type.Literal('fastadmin'), Type.Literal('wordpress'), Type.Literal('ghost')]),
  dryRun: Type.Boolean(),
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  done: Type.Integer({ minimum: 0, description: 'posts written (or read, dry) so far' }),
  total: Type.Integer({ minimum: 0 }),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  lines: Type.Array(Type.String(), { description: 'the report, a line each, as `inkgate migrate` prints it' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'why the run stopped, if it did' }),
})
export type MigrationRunView = Static<typeof MigrationRunView>
export const MigrationStatusResponse = Type.Object({ run: Type.Union([MigrationRunView, Type.Null()]) })

/** The request as the console sends it: a FastAdmin database's address, or an export's text (read from an uploaded file). */
export type MigrationStart =
  | { engine: 'fastadmin'; from: string; prefix: string; root: boolean; dryRun: boolean }
  | { engine: 'wordpress'; xml: string; dryRun: boolean }
  | { engine: 'ghost'; json: string; membersCsv?: string; url?: string; dryRun: boolean }

/** multipart/form-data: fields engine, dryRun, from, prefix, root, url; files `export` (WordPress WXR or Ghost JSON) and `members` (Ghost's CSV) */
export const MigrationStartBody = Type.Unknown({ description: 'multipart/form-data: engine, dryRun, from, prefix, root, url; files export, members' })
