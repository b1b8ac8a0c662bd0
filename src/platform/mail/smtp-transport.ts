import nodemailer from 'nodemailer'
import type { OutgoingMail } from './outbox.ts'

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>
  close(): void
}

/**
 * Mail over SMTP with nodemailer: `SMTP_URL` such as smtps://user:pass@smtp.example.com
 * (TLS from the start, port 465) or smtp://…:587 (STARTTLS when the server offers it).
 * `from` gives the sender line at sending time, e.g. `"范文网" <no-reply@example.com>`.
 */
export function createSmtpTransport(url: string, from: () => string): MailTransport {
  const transporter = nodemailer.createTransport(url)
  return {
    async send(mail) {
      await transporter.sendMail({ from: from(), to: mail.to, subject: mail.subject, text: mail.text })
    },
    close() {
      transporter.close()
    },
  }
}
