import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, loadConfig } from './load-config.ts'

test('no variables give the embedded mode on port 3000', () => {
  const config = loadConfig({})
  assert.equal(config.http.port, 3000)
  assert.equal(config.database.kind, 'sqlite')
  assert.equal(config.siteUrl, 'http://localhost:3000')
  assert.ok(Object.isFrozen(config.http))
})

test('DATABASE_URL switches to PostgreSQL', () => {
  assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://localhost/test' }).database, { kind: 'postgres', url: 'postgres://localhost/test' })
})

test('every bad variable is reported together', () => {
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', INKGATE_SEED_DEMOO: '1', INKGATE_SEED_DEMO: 'maybe' })
    assert.fail('expected a ConfigError')
  } catch (error) {
    assert.ok(error instanceof ConfigError)
    assert.equal(error.problems.length, 4)
    assert.match(error.message, /PORT: must be a whole number/)
    assert.match(error.message, /DATABASE_URL: must be a URL starting with postgres/)
    assert.match(error.message, /INKGATE_SEED_DEMOO: unknown setting/)
    assert.match(error.message, /INKGATE_SEED_DEMO: must be true or false/)
  }
})
