declare const entitlementBrand: unique symbol

export type EntitlementReason = 'staff' | 'author' | 'purchase' | 'vip' | 'access'

/**
 * The right of one viewer to read one post's paid regions, and why. The brand
 * makes it impossible to build one outside this folder: readPaidSegments takes
 * it, so code without one cannot reach paid text.
 */
export interface Entitlement {
  readonly [entitlementBrand]: true
  readonly postId: number
  readonly reason: EntitlementReason
}

/** Minted only by the entitlement service (and paywall's own tests). Not exported from index.ts. */
export function mintEntitlement(postId: number, reason: EntitlementReason): Entitlement {
  return Object.freeze({ postId, reason }) as Entitlement
}
