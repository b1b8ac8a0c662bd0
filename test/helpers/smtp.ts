import type { AddressInfo } from 'node:net'
import type { TestContext } from 'node:test'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  from: string
  to: string[]
  subject: string
  text: string
}

export interface TestSmtp {
  /** smtp://user:pass@127.0.0.1:port, for SMTP_URL */
  url: string
  received: ReceivedMail[]
  /** the next `n` messages are refused with a temporary error (451), as a busy server does */
  refuseNext(n: number): void
  /** resolves once `count` messages have arrived (fails after `ms`) */
  waitFor(count: number, ms?: number): Promise<ReceivedMail[]>
}

/**
 * A real SMTP server on a free port (smtp-server, plain text with AUTH PLAIN/LOGIN
 * on loopback), keeping every message it accepts, parsed (mailparser). Closed when
 * the test ends.
 */
export async function startTestSmtp(t: TestContext): Promise<TestSmtp> {
  const received: ReceivedMail[] = []
  let refuse = 0
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'inkgate' && auth.password === 'smtp-test-pass') callback(null, { user: auth.username })
      else callback(new Error('Invalid username or password'))
    },
    onData(stream, session, callback) {
      if (refuse > 0) {
        refuse--
        stream.resume()
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })))
        return
      }
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: mail.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
          })
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://inkgate:smtp-test-pass@127.0.0.1:${port}`,
    received,
    refuseNext(n) {
      refuse = n
    },
    async waitFor(count, ms = 5000) {
      const until = Date.now() + ms
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} mail(s), got ${received.length}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return received
    },
  }
}
