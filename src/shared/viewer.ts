/**
 * Who is asking. Only anonymous visitors exist until members land (issue 3);
 * the entitlement service is the one place that turns a viewer into a right to read.
 */
export type Viewer = { readonly kind: 'anonymous' }

export const ANONYMOUS: Viewer = Object.freeze({ kind: 'anonymous' })
