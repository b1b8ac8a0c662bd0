import type { Role } from './member.ts'

/**
 * Who is asking: a visitor, or a logged-in member (read with the session on
 * every request, so a role change counts at once). Either may carry the guest
 * key of a signed cookie, under which a guest's purchases were made on this
 * browser. The entitlement service is the one place that turns a viewer into
 * a right to read.
 */
export type Viewer =
  { readonly kind: 'anonymous'; readonly guestKey?: string } | { readonly kind: 'member'; readonly memberId: number; readonly username: string; readonly role: Role; readonly guestKey?: string }

export const ANONYMOUS: Viewer = Object.freeze({ kind: 'anonymous' })

/** true when nothing about the viewer can change what a page shows: the page may be shared */
export const isAnonymous = (v: Viewer): boolean => v.kind === 'anonymous' && v.guestKey === undefined
