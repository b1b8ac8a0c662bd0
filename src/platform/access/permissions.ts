import { errorFactory } from '../http/app-error.ts'
import type { Actor, Role } from './actor.ts'

/**
 * What each role may do. One table, read by every operation through `authorize`:
 * a rule about who may act lives here and nowhere else (not in routes, not in the
 * command line). admin: everything; editor: content, never money, members or
 * roles; author: their own posts only (publishing a priced post needs the site's
 * permission, checked by the post operations). Readers (`member`) have no staff
 * permission. Operators (the server's shell) and the server's own jobs may do
 * everything: they can already read and write the database.
 */
export const PERMISSIONS = {
  'console.enter': ['admin', 'editor', 'author'],
  'post.read-any': ['admin', 'editor'],
  'post.write-any': ['admin', 'editor'],
  'post.write-own': ['admin', 'editor', 'author'],
  'post.publish': ['admin', 'editor'],
  'order.read': ['admin'],
  'order.refund': ['admin'],
  'plan.read': ['admin'],
  'plan.manage': ['admin'],
  'purchase.grant': ['admin'],
  'member.read': ['admin'],
  'member.manage': ['admin'],
  'member.set-role': ['admin'],
  'settings.manage': ['admin'],
  'payments.manage': ['admin'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

const accessError = errorFactory<'ACCESS_LOGIN_REQUIRED' | 'ACCESS_FORBIDDEN'>({ ACCESS_LOGIN_REQUIRED: 401, ACCESS_FORBIDDEN: 403 })

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'operator' || actor.kind === 'system') return true
  if (actor.kind === 'visitor') return false
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role)
}

/** Throws ACCESS_LOGIN_REQUIRED (401) for a visitor, ACCESS_FORBIDDEN (403) for anyone else without the permission. */
export function authorize(actor: Actor, permission: Permission): void {
  if (can(actor, permission)) return
  throw accessError(actor.kind === 'visitor' ? 'ACCESS_LOGIN_REQUIRED' : 'ACCESS_FORBIDDEN', { permission })
}

/** Every permission the actor has, in the table's order (the console shows only what these allow). */
export function permissionsOf(actor: Actor): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(actor, p))
}
