import type { FastifyRequest } from 'fastify'
import type { Actor } from '../platform/access/actor.ts'

export type StaffActor = Extract<Actor, { kind: 'member' }>
const staff = new WeakMap<FastifyRequest, StaffActor>()

/**
 * The staff member making this request, set by the context's guard before any
 * handler runs. A route that is not marked public and finds none is a bug: it
 * throws rather than act for no one.
 */
export function staffOf(request: FastifyRequest): StaffActor {
  const actor = staff.get(request)
  if (!actor) throw new Error('an /api/admin route ran without the staff guard')
  return actor
}

/** Called by the guard once the actor may enter the console. */
export function rememberStaff(request: FastifyRequest, actor: Actor): void {
  if (actor.kind !== 'member') throw new Error('only a member can be staff')
  staff.set(request, actor)
}
