/**
 * Who acts. Every operation takes one as its first argument and authorises itself
 * with it (`authorize`, permissions.ts), whatever door the request came through: a
 * site page, /api/v1, /api/admin, the command line or a job. There is no "trusted"
 * call without an actor: a job is a `system` actor, a shell user an `operator`.
 *
 * Roles live here, below every domain, because content, commerce and members all
 * check them; members owns the accounts that carry them.
 */
export const ROLES = ['member', 'author', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Where a member's action came from, for the audit log. */
export type Via = 'site' | 'api' | 'admin' | 'cli'

export type Actor =
  /** someone not logged in; `guestKey` is the signed guest cookie's key, when the browser has one */
  | { readonly kind: 'visitor'; readonly guestKey?: string; readonly ip?: string }
  /** a logged-in account (readers and staff alike: the role says which), or the admin a command names with --by */
  | { readonly kind: 'member'; readonly memberId: number; readonly username: string; readonly role: Role; readonly via: Via; readonly ip?: string }
  /** whoever runs a command on the server's shell (already able to read the database); `name` is the OS user */
  | { readonly kind: 'operator'; readonly name: string }
  /** a background job of the server */
  | { readonly kind: 'system'; readonly job: string }

/** admin and editor are staff: they read every paid region (DESIGN.md, access rules) and use the console. */
export const isStaff = (role: Role): boolean => role === 'admin' || role === 'editor'

/**
 * The actor as the order journal, grant rows and the audit log name it. Staff keep
 * the `role:id:username` form the journal has always used; a reader is `member:id`.
 */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'visitor':
      return 'guest'
    case 'member':
      return actor.role === 'member' ? `member:${actor.memberId}` : `${actor.role}:${actor.memberId}:${actor.username}`
    case 'operator':
      return `operator:${actor.name}`
    case 'system':
      return `system:${actor.job}`
  }
}

/** The member id behind an actor, if any (audit rows are filtered by it). */
export const memberIdOf = (actor: Actor): number | null => (actor.kind === 'member' ? actor.memberId : null)
