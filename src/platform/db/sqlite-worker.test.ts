import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { sql } from 'kysely'
import { createDb } from './create-db.ts'
import { startSqliteWorker } from './sqlite-worker.ts'

const fileSize = (file: string) => statSync(file).size

test('on the server, a commit never checkpoints on the event loop: the worker copies the WAL into the database within seconds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-ckpt-'))
  const file = join(dir, 'site.db')
  const handle = await createDb({ kind: 'sqlite', file }, { backgroundCheckpoints: true })
  try {
    await sql`create table filler (body blob)`.execute(handle.full)
    // let the worker catch up with the migrations, so the size below is the database's own
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const before = fileSize(file)
    // ~8 MB in 2,000 pages: SQLite's own checkpoint (at 1,000 pages) would have run inside this commit
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) insert into filler select randomblob(4000) from n`.execute(handle.full)
    assert.ok(fileSize(file) - before < 1_000_000, 'the commit did not copy the WAL into the database itself')
    let grown = false
    for (let i = 0; i < 50 && !grown; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      grown = fileSize(file) - before > 7_000_000
    }
    assert.ok(grown, 'the worker checkpointed the WAL')
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a command-line connection keeps SQLite’s own checkpoints', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-ckpt-'))
  const file = join(dir, 'site.db')
  const handle = await createDb({ kind: 'sqlite', file })
  try {
    await sql`create table filler (body blob)`.execute(handle.full)
    const before = fileSize(file)
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) insert into filler select randomblob(4000) from n`.execute(handle.full)
    assert.ok(fileSize(file) - before > 3_000_000)
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('on the server, background writes run on the worker’s connection: the event loop answers meanwhile, a failed batch is rolled back whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-bgw-'))
  const file = join(dir, 'site.db')
  const handle = await createDb({ kind: 'sqlite', file }, { backgroundCheckpoints: true })
  try {
    const write = handle.writeInBackground
    assert.ok(write, 'the server on SQLite writes in the background')
    await sql`create table counts (id integer primary key, n integer not null check (n < 100))`.execute(handle.full)
    assert.equal(
      await write('insert into counts (id, n) values (?, ?)', [
        [1, 5],
        [2, 7],
      ]),
      2,
    )
    assert.deepEqual((await sql<{ id: number; n: number }>`select id, n from counts order by id`.execute(handle.full)).rows, [
      { id: 1, n: 5 },
      { id: 2, n: 7 },
    ])

    // a write that keeps SQLite busy for a while (a long count before the insert): the event loop's own query is answered first
    let done = false
    const slow = write('insert into counts (id, n) select 3, count(*) % 10 from (with recursive k(i) as (select 1 union all select i + 1 from k where i < 3000000) select i from k)', [[]]).then(
      () => (done = true),
    )
    const [{ one } = { one: 0 }] = (await sql<{ one: number }>`select 1 as one`.execute(handle.full)).rows
    assert.equal(one, 1)
    assert.equal(done, false, 'the event loop was not held by the background write')
    await slow

    // one bad row: none of the batch is kept
    await assert.rejects(
      write('update counts set n = n + ? where id = ?', [
        [1, 1],
        [500, 2],
      ]),
      /CHECK constraint failed/,
    )
    assert.deepEqual((await sql<{ n: number }>`select n from counts where id in (1, 2) order by id`.execute(handle.full)).rows, [{ n: 5 }, { n: 7 }])
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a command-line connection has no background writer: it writes on its own connection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-bgw-'))
  const handle = await createDb({ kind: 'sqlite', file: join(dir, 'site.db') })
  try {
    assert.equal(handle.writeInBackground, undefined)
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('once the worker has stopped, background writes run on the caller’s connection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-bgw-'))
  const here: unknown[][][] = []
  const worker = startSqliteWorker(join(dir, 'site.db'), { writeHere: async (_sql, rows) => (here.push([...rows]), rows.length) })
  try {
    await worker.stop()
    assert.equal(await worker.write('insert into counts values (?)', [[1], [2]]), 2)
    assert.deepEqual(here, [[[1], [2]]])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a process that opened the server’s database and never closed it still exits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-ckpt-'))
  try {
    // the worker must not hold the process open: a test or a command that forgot its database would hang
    const script = `import { createDb } from ${JSON.stringify(join(import.meta.dirname, 'create-db.ts'))}
const handle = await createDb({ kind: 'sqlite', file: ${JSON.stringify(join(dir, 'site.db'))} }, { backgroundCheckpoints: true })
await handle.writeInBackground('create table if not exists t (a)', [[]]).catch(() => {})
console.log('opened')`
    writeFileSync(join(dir, 'open.mts'), script)
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'open.mts')], { encoding: 'utf8', timeout: 20_000 })
    assert.equal(run.stdout.trim(), 'opened', run.stderr)
    assert.equal(run.signal, null, 'the process had to be killed: something kept it alive')
    assert.equal(run.status, 0, run.stderr)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
