import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { sql } from 'kysely'
import { createDb } from './create-db.ts'

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
