import { isStaff } from '../members/member.ts'
import type { Viewer } from '../members/viewer.ts'
import { mintEntitlement, type Entitlement } from './entitlement.ts'

export interface EntitlementPost {
  id: number
  price: number
  paidRegionCount: number
  authorId: number | null
  access: 'members' | 'vip'
  vipLevel: number
  channelId: number
}

/** The facts the rules need, read fresh on every check (commerce/ provides them). */
export interface AccessFacts {
  holdsPurchase(who: { memberId?: number; guestKey?: string }, postId: number): Promise<boolean>
  /** levels of the member's VIP running now: `level` for access, `freeLevel` for free reading */
  vipStatus(memberId: number): Promise<{ level: number; freeLevel: number } | undefined>
}

export interface EntitlementServiceDeps {
  facts: AccessFacts
  /** the VIP level a channel requires (0 when none), from the channel tree */
  channelVipLevel: (channelId: number) => number
}

/**
 * The access rules of DESIGN.md, in their order: staff or the post's author;
 * a running purchase (the member's, or this browser's as a guest); a running
 * VIP whose level covers the post and whose benefit is free reading; for a
 * price-0 post, its access setting (members, or VIP of a level). Nothing is
 * cached: a refund, an expiry or a role change counts on the next request.
 */
export function createEntitlementService(deps: EntitlementServiceDeps) {
  const requiredLevel = (post: EntitlementPost) => Math.max(post.vipLevel, deps.channelVipLevel(post.channelId))
  return {
    /**
     * For a post's editor: staff, or the post's author, whatever the post holds now
     * (an earlier source may hold paid text that today's does not). Nobody else.
     */
    editorOf(viewer: Viewer, post: Pick<EntitlementPost, 'id' | 'authorId'>): Entitlement | undefined {
      const member = viewer.kind === 'member' ? viewer : undefined
      if (member && isStaff(member.role)) return mintEntitlement(post.id, 'staff')
      if (member && post.authorId !== null && post.authorId === member.memberId) return mintEntitlement(post.id, 'author')
      return undefined
    },

    async check(viewer: Viewer, post: EntitlementPost): Promise<Entitlement | undefined> {
      if (post.paidRegionCount === 0) return undefined
      const member = viewer.kind === 'member' ? viewer : undefined
      if (member && isStaff(member.role)) return mintEntitlement(post.id, 'staff')
      if (member && post.authorId !== null && post.authorId === member.memberId) return mintEntitlement(post.id, 'author')
      if (post.price > 0 && (member || viewer.guestKey !== undefined)) {
        if (await deps.facts.holdsPurchase({ ...(member ? { memberId: member.memberId } : {}), ...(viewer.guestKey !== undefined ? { guestKey: viewer.guestKey } : {}) }, post.id)) {
          return mintEntitlement(post.id, 'purchase')
        }
      }
      if (!member) return undefined
      const vip = await deps.facts.vipStatus(member.memberId)
      const level = requiredLevel(post)
      if (post.price > 0) return vip && vip.freeLevel > 0 && vip.freeLevel >= level ? mintEntitlement(post.id, 'vip') : undefined
      if (post.access === 'members') return mintEntitlement(post.id, 'access')
      return vip && vip.level >= Math.max(1, level) ? mintEntitlement(post.id, 'access') : undefined
    },
  }
}
export type EntitlementService = ReturnType<typeof createEntitlementService>
