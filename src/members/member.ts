/** 会员 and staff share one table; the role says what they may do. */
export const ROLES = ['member', 'author', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

export interface Member {
  id: number
  username: string
  email: string | null
  role: Role
  createdAt: string
}

/** admin and editor are staff: they read every paid region (DESIGN.md, access rules). */
export const isStaff = (role: Role) => role === 'admin' || role === 'editor'
