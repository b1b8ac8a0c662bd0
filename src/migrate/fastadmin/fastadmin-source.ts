import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise'

/** FastAdmin CMS 1.5.x rows as we read them (../shared/reference/fastadmin-cms.md §2 and appendix). */
export interface FaChannel {
  id: number
  type: string
  parent_id: number
  name: string
  diyname: string | null
  seotitle: string | null
  keywords: string | null
  description: string | null
  outlink: string | null
  weigh: number
  pagesize: number | null
  vip: number | null
  status: string
}
export interface FaArchive {
  id: number
  user_id: number
  channel_id: number
  model_id: number
  title: string
  flag: string | null
  image: string | null
  tags: string | null
  price: string | number
  weigh: number
  views: number
  diyname: string | null
  isguest: number
  createtime: number | null
  updatetime: number | null
  publishtime: number | null
  deletetime: number | null
  status: string
}
export interface FaUser {
  id: number
  username: string
  email: string | null
  password: string
  salt: string
  money: string | number
  status: string
  jointime: number | null
  createtime: number | null
}
export interface FaOrder {
  id: number
  orderid: string
  user_id: number
  archives_id: number
  title: string | null
  amount: string | number
  payamount: string | number | null
  paytime: number | null
  createtime: number | null
  status: string
}

/** What of the old site Inkgate does not bring yet: counted and named in the report. */
export const NOT_BROUGHT = ['cms_special', 'cms_page', 'cms_block', 'cms_diyform', 'cms_comment', 'cms_collection', 'cms_autolink'] as const

const IDENTIFIER = /^[A-Za-z0-9_]{1,64}$/

/** A FastAdmin database, read only: every query is a SELECT with bound values; table names are checked identifiers. */
export class FastadminSource {
  private constructor(
    private readonly conn: Connection,
    readonly prefix: string,
  ) {}

  static async open(url: string, prefix: string): Promise<FastadminSource> {
    if (!IDENTIFIER.test(prefix) && prefix !== '') throw new Error(`the table prefix "${prefix}" is not a plain name`)
    const conn = await createConnection({ uri: url, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: false, dateStrings: true })
    return new FastadminSource(conn, prefix)
  }

  close(): Promise<void> {
    return this.conn.end()
  }

  private table(name: string): string {
    const full = name.startsWith(this.prefix) ? name : `${this.prefix}${name}`
    if (!IDENTIFIER.test(full)) throw new Error(`the table name "${full}" is not a plain name`)
    return `\`${full}\``
  }

  private async rows<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    const [rows] = await this.conn.query<RowDataPacket[]>(sql, values)
    return rows as T[]
  }

  async hasTable(name: string): Promise<boolean> {
    const full = name.startsWith(this.prefix) ? name : `${this.prefix}${name}`
    return (await this.rows<RowDataPacket>('SHOW TABLES LIKE ?', [full])).length > 0
  }

  async count(name: string, where = ''): Promise<number> {
    const [row] = await this.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM ${this.table(name)} ${where}`)
    return Number(row?.n ?? 0)
  }

  channels(): Promise<FaChannel[]> {
    return this.rows(`SELECT id, type, parent_id, name, diyname, seotitle, keywords, description, outlink, weigh, pagesize, vip, status FROM ${this.table('cms_channel')} ORDER BY parent_id, id`)
  }

  /** model id → its addon table (the one holding `content`) */
  async models(): Promise<Map<number, string>> {
    const rows = await this.rows<{ id: number; table: string }>(`SELECT id, \`table\` FROM ${this.table('cms_model')}`)
    return new Map(rows.map((r) => [r.id, r.table]))
  }

  async tags(): Promise<Map<number, string>> {
    const rows = await this.rows<{ id: number; name: string }>(`SELECT id, name FROM ${this.table('cms_tag')}`)
    return new Map(rows.map((r) => [r.id, r.name]))
  }

  async tagsOf(archiveIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>()
    if (!archiveIds.length) return out
    const rows = await this.rows<{ tag_id: number; archives_id: number }>(`SELECT tag_id, archives_id FROM ${this.table('cms_taggable')} WHERE archives_id IN (?) ORDER BY id`, [archiveIds])
    for (const r of rows) out.set(r.archives_id, [...(out.get(r.archives_id) ?? []), r.tag_id])
    return out
  }

  countArchives(): Promise<number> {
    return this.count('cms_archives')
  }

  /** the next `limit` archives after `afterId`, in id order */
  archives(afterId: number, limit: number): Promise<FaArchive[]> {
    return this.rows(
      `SELECT id, user_id, channel_id, model_id, title, flag, image, tags, price, weigh, views, diyname, isguest, createtime, updatetime, publishtime, deletetime, status FROM ${this.table('cms_archives')} WHERE id > ? ORDER BY id LIMIT ?`,
      [afterId, limit],
    )
  }

  /** the bodies of these archives, from their model's addon table */
  /** each archive's body from its model's table, and the model's own columns (a version, a 网盘 link) as name/value pairs */
  async contents(table: string, ids: number[]): Promise<Map<number, { content: string; fields: Array<{ name: string; value: string }> }>> {
    if (!ids.length) return new Map()
    const rows = await this.rows<Record<string, unknown> & { id: number; content: string | null }>(`SELECT * FROM ${this.table(table)} WHERE id IN (?)`, [ids])
    return new Map(
      rows.map((r) => [
        r.id,
        {
          content: r.content ?? '',
          fields: Object.entries(r)
            .filter(([name, value]) => name !== 'id' && name !== 'content' && value !== null && value !== '')
            .map(([name, value]) => ({ name, value: value instanceof Date ? value.toISOString() : String(value) })),
        },
      ]),
    )
  }

  users(): Promise<FaUser[]> {
    return this.rows(`SELECT id, username, email, password, salt, money, status, jointime, createtime FROM ${this.table('user')} ORDER BY id`)
  }

  orders(): Promise<FaOrder[]> {
    return this.rows(`SELECT id, orderid, user_id, archives_id, title, amount, payamount, paytime, createtime, status FROM ${this.table('cms_order')} WHERE status = 'paid' ORDER BY id`)
  }
}
