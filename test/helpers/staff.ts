import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import { client, type Client } from './client.ts'

/** A member of the given role, registered and signed in on a client of their own. */
export async function signedIn(app: App, username: string, role: 'admin' | 'editor' | 'author' | 'member'): Promise<{ c: Client; id: number }> {
  const m = await app.services.members.register({ username, password: `${username}-pass-1`, role })
  const c = client(app)
  assert.equal((await c.form('/login', { login: username, password: `${username}-pass-1` })).statusCode, 303)
  return { c, id: m.id }
}
