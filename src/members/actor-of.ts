import type { FastifyRequest } from 'fastify'
import type { Actor, Via } from '../platform/access/actor.ts'
import { viewerOf, type ViewerDeps } from './viewer-request.ts'

/**
 * The actor behind a request, for the operations it calls: the session's member
 * (role read fresh from the database on every request, so a demotion counts at
 * once) or a visitor with the browser's guest key. `request.ip` is the client's
 * address as the trusted-proxy setting reads it.
 */
export async function actorOf(deps: ViewerDeps, request: FastifyRequest, via: Via): Promise<Actor> {
  const { viewer } = await viewerOf(deps, request)
  if (viewer.kind === 'member') return { kind: 'member', memberId: viewer.memberId, username: viewer.username, role: viewer.role, via, ip: request.ip }
  return { kind: 'visitor', ...(viewer.guestKey ? { guestKey: viewer.guestKey } : {}), ip: request.ip }
}
