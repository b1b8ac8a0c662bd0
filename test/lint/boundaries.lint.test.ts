import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { ESLint } from 'eslint'

/*
 * The lint rules that carry the paywall invariant and the domain graph
 * (eslint.config.js) must bite: each snippet below, placed where it says, breaks
 * one, and ESLint must report it. (`npm test` lints the whole tree first; this
 * test shows the rules would catch a new offence.)
 */
const ROOT = join(import.meta.dirname, '..', '..')
const eslint = new ESLint({ cwd: ROOT })

async function problems(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, file) })
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`)
}

const offences: Array<[string, string, string, RegExp]> = [
  ['a query on the paid table outside paywall/', 'src/site/views/sneaky.view.ts', "export const q = (db: any) => db.selectFrom('post_paid_segments')", /only paywall\/ names the paid tables/],
  ['the source table, in a template string', 'src/search/sneaky.ts', 'export const t = `select * from post_sources`', /only paywall\/ names the paid tables/],
  ['casting to an Entitlement', 'src/site/api/sneaky.ts', "import type { Entitlement } from '../../paywall/index.ts'\nexport const e = { postId: 1 } as unknown as Entitlement", /never cast/],
  [
    'minting one outside the service',
    'src/site/api/sneaky.ts',
    "declare function mintEntitlement(a: number, b: string): unknown\nexport const e = mintEntitlement(1, 'staff')",
    /only the entitlement service mints/,
  ],
  [
    'importing a paywall internal',
    'src/site/api/sneaky.ts',
    "export { createPaidReader } from '../../paywall/paid-reader.ts'\nimport '../../paywall/paid-reader.ts'",
    /through paywall\/index\.ts only/,
  ],
  ['a dynamic import of a paywall internal', 'src/site/api/sneaky.ts', "export const m = () => import('../../paywall/paid-segment.repository.ts')", /no dynamic import/],
  [
    'the paid repository from elsewhere in paywall/',
    'src/paywall/post-reader-2.ts',
    "import { listPaidSegments } from './paid-segment.repository.ts'\nexport { listPaidSegments }",
    /only paywall\/paid-reader\.ts/,
  ],
  ['paid text for the index outside the reindex', 'src/search/search.service-2.ts', "import { readIndexText } from '../paywall/index.ts'\nexport { readIndexText }", /paid text for the index/],
  ['the full handle outside the composition root', 'src/site/api/sneaky.ts', 'export const f = (h: { full: unknown }) => h.full', /full database handle/],
  ['a lower domain importing a higher one', 'src/content/sneaky.ts', "import { createSearchService } from '../search/index.ts'\nexport { createSearchService }", /content\/ may not import search\//],
  ['commerce importing paywall', 'src/commerce/sneaky.ts', "import type { Entitlement } from '../paywall/index.ts'\nexport type E = Entitlement", /commerce\/ may not import paywall\//],
  ['members importing content (siblings)', 'src/members/sneaky.ts', "import { readSettings } from '../content/index.ts'\nexport { readSettings }", /members\/ may not import content\//],
  ['process.env outside the config loader', 'src/site/sneaky.ts', 'export const port = process.env.PORT', /configuration is read once/],
  ['a default export', 'src/shared/sneaky.ts', 'export default 1', /Exporting 'default' is restricted/],
  ['a file name that is not kebab-case', 'src/shared/SneakyFile.ts', 'export const x = 1', /file names are kebab-case/],
]

for (const [what, file, text, expected] of offences) {
  test(`lint refuses ${what}`, async () => {
    const found = await problems(file, text)
    assert.ok(
      found.some((p) => expected.test(p)),
      `${file}: ${found.join('; ') || 'no error'}`,
    )
  })
}

test('lint lets the real doors through', async () => {
  assert.deepEqual(
    await problems('src/search/reindex-2.ts', "import { readIndexText } from '../paywall/index.ts'\nexport { readIndexText }"),
    [
      "no-restricted-imports: 'readIndexText' import from '../paywall/index.ts' is restricted from being used by a pattern. paid text for the index: readIndexText in search/reindex.ts and index-posts.ts, grantIndexText where the full handle is (the reindex command, the composition root)",
    ],
    'any file of search/ but reindex.ts and index-posts.ts is refused',
  )
  assert.deepEqual(await problems('src/search/reindex.ts', "import { readIndexText } from '../paywall/index.ts'\nexport { readIndexText }"), [])
  assert.deepEqual(await problems('src/search/index-posts.ts', "import { readIndexText } from '../paywall/index.ts'\nexport { readIndexText }"), [])
  assert.deepEqual(await problems('src/site/api/fine.ts', "import type { Entitlement } from '../../paywall/index.ts'\nexport type E = Entitlement"), [])
})
