import type { Role } from '../platform/access/actor.ts'

/** 会员 and staff share one table; the role says what they may do (platform/access/permissions.ts). */
export { ROLES, isStaff, type Role } from '../platform/access/actor.ts'

export interface Member {
  id: number
  username: string
  email: string | null
  role: Role
  createdAt: string
}
