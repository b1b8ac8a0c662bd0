import type { Viewer } from '../shared/viewer.ts'
import type { Entitlement } from './entitlement.ts'

export interface EntitlementPost {
  id: number
  price: number
  paidRegionCount: number
}

/**
 * The access rules of DESIGN.md, in their order: staff or author, a purchase,
 * an active VIP plan, the access setting of a price-0 post. Members, orders and
 * VIP arrive with issue 3; until then no viewer qualifies, so this returns
 * undefined for everyone and no paid byte can be read by the public.
 */
export function checkEntitlement(viewer: Viewer, post: EntitlementPost): Entitlement | undefined {
  if (post.paidRegionCount === 0) return undefined
  switch (viewer.kind) {
    case 'anonymous':
      return undefined
  }
}
