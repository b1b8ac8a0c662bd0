import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from '../../members/member-rules.ts'

/** What a sign-up form tells before it is sent: the name and password rules (the server checks them again). */
export const SIGNUP_RULES = { username_min: USERNAME_MIN, username_max: USERNAME_MAX, password_min: PASSWORD_MIN, password_max: PASSWORD_MAX }
