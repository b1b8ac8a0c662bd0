import { Type } from 'typebox'

export const SearchIndexResponse = Type.Object({
  terms: Type.Array(Type.String(), { description: 'the site dictionary' }),
  stale: Type.Boolean({ description: 'built with another dictionary or an older format: a reindex is due' }),
  unfinished: Type.Boolean({ description: 'a reindex stopped part way or is running' }),
  running: Type.Boolean({ description: 'a reindex is running in the process that answered' }),
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'why the last reindex here failed' }),
})
export const SearchTermsBody = Type.Object({ terms: Type.String({ maxLength: 100_000, description: 'words, one per line (or separated by spaces or commas); # starts a comment line' }) })
