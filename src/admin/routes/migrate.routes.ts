import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AppError } from '../../platform/http/app-error.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS } from '../contract/admin.schemas.ts'
import { MigrationStartBody, MigrationStatusResponse, type MigrationStart } from '../contract/migrate.schemas.ts'
import { staffOf } from '../staff-guard.ts'

/** an export the console may send: a large WordPress site's WXR runs to hundreds of MB */
const EXPORT_BYTES = 512 * 1024 * 1024

const invalid = (reason: string) => new AppError('MIGRATION_INPUT_INVALID', 400, { reason })

/**
 * 迁入 (admins): start a migration from FastAdmin (its database's address) or
 * from a WordPress or Ghost export (uploaded), dry first if asked, and follow it.
 */
export const migrateRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { migrations }) => {
  await app.register(multipart, { limits: { fileSize: EXPORT_BYTES, files: 2, fields: 8, parts: 10, fieldSize: 2048 } })
  const tags = ['migrate']
  app.get(
    '/migrations/current',
    { schema: { tags, summary: 'the last migration started here: its progress, then its report', response: { 200: MigrationStatusResponse, ...ERRORS } } },
    async (request) => ({
      run: migrations.status(staffOf(request)),
    }),
  )
  app.post(
    '/migrations',
    {
      schema: {
        tags,
        summary: 'start a migration in the background (multipart: engine, dryRun, from, prefix, root, url; files export and members)',
        consumes: ['multipart/form-data'],
        body: MigrationStartBody,
        response: { 202: MigrationStatusResponse, ...ERRORS, 413: ERRORS[400] },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request)
      // who may migrate is asked before a byte of the upload is read
      migrations.status(actor)
      if (!request.isMultipart()) throw invalid('请用表单上传 / send multipart/form-data')
      const fields = new Map<string, string>()
      const files = new Map<string, string>()
      for await (const part of request.parts()) {
        if (part.type === 'file') files.set(part.fieldname, (await part.toBuffer()).toString('utf8'))
        else fields.set(part.fieldname, String(part.value))
      }
      const dryRun = fields.get('dryRun') === 'true'
      const engine = fields.get('engine')
      let req: MigrationStart
      if (engine === 'fastadmin') {
        const from = fields.get('from') ?? ''
        if (!/^mysql:\/\//.test(from)) throw invalid('FastAdmin 数据库地址应为 mysql://用户:密码@主机:3306/库名')
        req = { engine, from, prefix: fields.get('prefix') || 'fa_', root: fields.get('root') === 'true', dryRun }
      } else if (engine === 'wordpress' || engine === 'ghost') {
        const text = files.get('export')
        if (!text) throw invalid('请选择导出文件')
        req =
          engine === 'wordpress'
            ? { engine, xml: text, dryRun }
            : { engine, json: text, dryRun, ...(files.get('members') ? { membersCsv: files.get('members') as string } : {}), ...(fields.get('url') ? { url: fields.get('url') as string } : {}) }
      } else throw invalid('来源应为 fastadmin、wordpress 或 ghost')
      return reply.code(202).send({ run: migrations.start(actor, req) })
    },
  )
}
