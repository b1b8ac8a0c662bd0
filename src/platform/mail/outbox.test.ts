import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openTestDb, testDialects, type TestDialect } from '../../../test/helpers/dialects.ts'
import { startTestSmtp } from '../../../test/helpers/smtp.ts'
import { createMailSender, enqueueMail, MAX_ATTEMPTS, retryWait } from './outbox.ts'
import { createSmtpTransport } from './smtp-transport.ts'

type Log = Parameters<typeof createMailSender>[0]['log']
const quiet: Log = { warn: () => {}, error: () => {} }

async function setUp(t: Parameters<typeof startTestSmtp>[0], dialect: TestDialect) {
  const smtp = await startTestSmtp(t)
  const { handle, dispose } = await openTestDb(dialect)
  t.after(dispose)
  let now = new Date('2026-12-01T08:00:00.000Z')
  const transport = createSmtpTransport(smtp.url, () => '"范文网" <no-reply@fanwen.example>')
  t.after(() => transport.close())
  const sender = (log: Log = quiet) => createMailSender({ db: handle.db, transport, now: () => now, log })
  return { smtp, db: handle.db, sender, advance: (ms: number) => (now = new Date(now.getTime() + ms)), at: () => now }
}

const mail = { to: 'reader@example.com', subject: '重置你在「范文网」的密码', text: '打开链接：https://fanwen.example/password/reset?token=abc' }

for (const dialect of testDialects()) {
  test(`${dialect}: a mail goes out only when its transaction commits, once, with its sender, subject and text`, async (t) => {
    const { smtp, db, sender, at } = await setUp(t, dialect)
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await enqueueMail(trx, { ...mail, to: 'rolled-back@example.com' }, at())
        throw new Error('the caller failed after queueing')
      }),
    )
    await db.transaction().execute((trx) => enqueueMail(trx, mail, at()))
    const s = sender()
    s.kick()
    s.kick()
    await s.idle()
    const [got] = await smtp.waitFor(1)
    assert.equal(smtp.received.length, 1)
    assert.deepEqual(got?.to, ['reader@example.com'])
    assert.equal(got?.from, '"范文网" <no-reply@fanwen.example>')
    assert.equal(got?.subject, mail.subject)
    assert.match(got?.text ?? '', /token=abc/)
    assert.equal(await s.sendDue(), 0, 'nothing is left to send')
    const kept = await db.selectFrom('mail_outbox').select(['text_body', 'sent_at']).execute()
    assert.deepEqual(
      kept.map((r) => r.text_body),
      [''],
      'the sent body (a live link) is not kept',
    )
  })

  test(`${dialect}: a refused mail is kept and tried again after a growing wait, then goes out`, async (t) => {
    const { smtp, db, sender, advance, at } = await setUp(t, dialect)
    const warnings: string[] = []
    const s = sender({ warn: (_o: object, msg: string) => void warnings.push(msg), error: () => {} })
    smtp.refuseNext(2)
    await enqueueMail(db, mail, at())
    assert.equal(await s.sendDue(), 0)
    assert.equal(await s.sendDue(), 0, 'not again before its wait')
    advance(retryWait(1))
    assert.equal(await s.sendDue(), 0)
    advance(retryWait(2) - 1)
    assert.equal(await s.sendDue(), 0, 'the second wait is longer')
    advance(1)
    assert.equal(await s.sendDue(), 1)
    assert.equal(smtp.received.length, 1)
    const row = await db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
    assert.equal(row.attempts, 3)
    assert.ok(row.sent_at)
    assert.equal(row.last_error, null)
    assert.equal(warnings.length, 2)
  })

  test(`${dialect}: two processes sending at once send each mail once`, async (t) => {
    const { smtp, db, sender, at } = await setUp(t, dialect)
    for (let i = 0; i < 6; i++) await enqueueMail(db, { ...mail, to: `r${i}@example.com` }, at())
    const [a, b] = [sender(), sender()]
    const sent = (await Promise.all([a.sendDue(), b.sendDue()])).reduce((x, y) => x + y, 0)
    assert.equal(sent, 6)
    await smtp.waitFor(6)
    assert.deepEqual(
      smtp.received.map((m) => m.to[0]).sort(),
      ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'].map((r) => `${r}@example.com`),
    )
  })

  test(`${dialect}: a mail refused every time is given up after its last attempt, with the reason kept`, async (t) => {
    const { smtp, db, sender, advance, at } = await setUp(t, dialect)
    const errors: string[] = []
    const s = sender({ warn: () => {}, error: (_o: object, msg: string) => void errors.push(msg) })
    smtp.refuseNext(MAX_ATTEMPTS + 5)
    await enqueueMail(db, mail, at())
    for (let attempt = 1; attempt <= MAX_ATTEMPTS + 2; attempt++) {
      await s.sendDue()
      advance(retryWait(attempt))
    }
    const row = await db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
    assert.equal(row.attempts, MAX_ATTEMPTS)
    assert.ok(row.failed_at)
    assert.match(row.last_error ?? '', /451|Try again later/)
    assert.equal(errors.length, 1)
    assert.equal(smtp.received.length, 0)
  })
}
