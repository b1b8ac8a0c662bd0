// @ts-check
// The rules of ../shared/STYLE.md §3.11 that carry the paywall invariant and the
// domain graph, made mechanical: `npm test` runs this before any test.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** The domains in STYLE.md's order: a domain may import those before it, never those after. */
const LAYERS = [['platform', 'shared'], ['content', 'members', 'media'], ['commerce'], ['paywall'], ['search'], ['site', 'admin', 'migrate'], ['cli']]
const DOMAINS = LAYERS.flat()

/** What a file in `domain` may not import: every domain of a later layer (and its own layer's siblings, except platform/shared). */
function forbiddenFor(domain) {
  const layer = LAYERS.findIndex((l) => l.includes(domain))
  const later = LAYERS.slice(layer + 1).flat()
  const siblings = layer === 0 ? [] : LAYERS[layer].filter((d) => d !== domain)
  return [...later, ...siblings]
}

const upward = (domain) => forbiddenFor(domain).map((d) => ({ group: [`**/${d}/**`, `../${d}/**`, `./${d}/**`], message: `${domain}/ may not import ${d}/ (STYLE.md §3.1: the domain graph)` }))

/** Paywall internals are reached through paywall/index.ts only. */
const PAYWALL_INTERNALS = { group: ['**/paywall/**', '!**/paywall/index.ts'], message: 'reach paywall/ through paywall/index.ts only' }
/** The paid-segment repository is read by the paid reader, the body writer and the index-text grant only. */
const PAID_REPOSITORY = { group: ['**/paid-segment.repository.ts'], message: 'only paywall/paid-reader.ts, post-body.service.ts, drafts.service.ts and index-text.ts touch the paid tables' }
/** Paid text for the index goes to the search index's builders only (reindex.ts, index-posts.ts); the capability is made where the full handle is. */
const INDEX_TEXT = {
  group: ['**/paywall/index.ts'],
  importNames: ['readIndexText', 'grantIndexText'],
  message: 'paid text for the index: readIndexText in search/reindex.ts and index-posts.ts, grantIndexText where the full handle is (the reindex command, the composition root)',
}

const paidTables = (selector) => ({ selector: `${selector}=/post_paid_segments|post_sources|post_revisions|post_drafts|post_custom_fields/]`, message: 'only paywall/ names the paid tables' })

/** A tiny local rule: file names are kebab-case (STYLE.md §3.2), which no core rule checks. */
const local = {
  rules: {
    'kebab-case-files': {
      meta: { type: 'suggestion', schema: [] },
      create(context) {
        const name = context.filename.split(/[\\/]/).pop() ?? ''
        return {
          Program(node) {
            if (!/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9-]+)*\.(ts|tsx|js|mjs)$/.test(name)) context.report({ node, message: `file names are kebab-case: ${name}` })
          },
        }
      },
    },
  },
}

export default tseslint.config(
  { ignores: ['node_modules/**', '.build/**', 'bench/.work/**', 'data/**', 'admin-ui/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { inkgate: local },
    rules: {
      // TypeScript checks names; these would double-report or miss type-only globals
      'no-undef': 'off',
      // Chinese text holds full-width spaces on purpose
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true }],
      // we match control characters on purpose: to refuse them in paths, URLs, queries and XML
      'no-control-regex': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
      'inkgate/kebab-case-files': 'error',
    },
  },
  // the domain graph, and the doors to paid text, for every domain but paywall
  ...DOMAINS.filter((d) => d !== 'paywall').map((domain) => ({
    files: [`src/${domain}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...upward(domain), PAYWALL_INTERNALS, PAID_REPOSITORY, ...(domain === 'search' || domain === 'cli' ? [] : [INDEX_TEXT])] }],
    },
  })),
  {
    files: ['src/paywall/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: upward('paywall') }] },
  },
  {
    files: ['src/paywall/**/*.ts'],
    ignores: ['src/paywall/paid-reader.ts', 'src/paywall/post-body.service.ts', 'src/paywall/drafts.service.ts', 'src/paywall/index-text.ts', 'src/paywall/paid-segment.repository.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...upward('paywall'), PAID_REPOSITORY] }] },
  },
  {
    files: ['src/search/**/*.ts'],
    ignores: ['src/search/reindex.ts', 'src/search/index-posts.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...upward('search'), PAYWALL_INTERNALS, PAID_REPOSITORY, INDEX_TEXT] }] },
  },
  {
    // the composition root's parts (compose/) are held to the same doors as the root's neighbours
    files: ['src/*.ts', 'src/compose/**/*.ts'],
    ignores: ['src/app.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [PAYWALL_INTERNALS, PAID_REPOSITORY, INDEX_TEXT] }] },
  },
  {
    // the composition root holds the full handle: it makes the index-text capability for the search index's builders
    files: ['src/app.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [PAYWALL_INTERNALS, PAID_REPOSITORY] }] },
  },
  {
    // the database aggregates every domain's table shapes (STYLE.md §3.1)
    files: ['src/platform/db/database.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // paid text by name, entitlements by hand, dynamic imports around the index: nowhere outside paywall/
  {
    files: ['src/**/*.ts'],
    ignores: ['src/paywall/**', 'src/platform/db/database.ts', 'src/platform/db/migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        paidTables('Literal[value'),
        paidTables('TemplateElement[value.raw'),
        { selector: 'TSAsExpression > TSTypeReference.typeAnnotation[typeName.name="Entitlement"]', message: 'an Entitlement is minted by the entitlement service, never cast' },
        { selector: 'TSTypeAssertion > TSTypeReference.typeAnnotation[typeName.name="Entitlement"]', message: 'an Entitlement is minted by the entitlement service, never cast' },
        { selector: 'CallExpression[callee.name="mintEntitlement"]', message: 'only the entitlement service mints entitlements' },
        { selector: 'ImportExpression[source.value=/paywall\\/(?!index\\.ts)/]', message: 'no dynamic import of paywall internals' },
        { selector: 'ImportExpression[source.value=/paid-segment\\.repository/]', message: 'no dynamic import of the paid repository' },
      ],
    },
  },
  {
    files: ['src/paywall/**/*.ts'],
    ignores: ['src/paywall/entitlement.ts', 'src/paywall/entitlement.service.ts', 'src/paywall/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSAsExpression > TSTypeReference.typeAnnotation[typeName.name="Entitlement"]', message: 'an Entitlement is minted by the entitlement service, never cast' },
        { selector: 'CallExpression[callee.name="mintEntitlement"]', message: 'only the entitlement service mints entitlements' },
      ],
    },
  },
  // the full handle (paid tables included) only where the paywall is wired and the reindex is run
  {
    files: ['src/**/*.ts'],
    ignores: ['src/paywall/**', 'src/app.ts', 'src/platform/db/**', 'src/cli/reindex-run.ts', 'src/cli/site-archive.command.ts', 'src/cli/migrate.command.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'full', message: 'the full database handle belongs to the composition root and paywall/' },
        { object: 'process', property: 'env', message: 'configuration is read once, by platform/config (STYLE.md §3.8)' },
      ],
    },
  },
  {
    files: ['src/main.ts', 'src/cli/main.ts', 'src/platform/config/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // migrations work on tables as they were, not as the types say they are now (Kysely's own advice)
    files: ['src/platform/db/migrate.ts', 'src/platform/db/migrations/**', 'test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // React.lazy loads a screen by its default export (one chunk per screen); Vite reads its config's
    files: ['admin-ui/src/**/pages/*.tsx', 'admin-ui/src/app/console.tsx', 'admin-ui/src/features/dashboard/components/revenue-chart.tsx', 'admin-ui/vite.config.ts'],
    rules: { 'no-restricted-exports': 'off' },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'max-lines': 'off', 'max-lines-per-function': 'off' },
  },
  {
    // the config and declaration files of libraries that export a default (ESLint's own convention, opencc-js)
    files: ['eslint.config.js', '**/*.d.ts'],
    rules: { 'no-restricted-exports': 'off' },
  },
  {
    files: ['themes/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        location: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URLSearchParams: 'readonly',
        console: 'readonly',
        navigator: 'readonly',
        history: 'readonly',
        encodeURIComponent: 'readonly',
        IntersectionObserver: 'readonly',
      },
    },
    rules: { 'no-undef': 'error', 'no-var': 'off' },
  },
)
