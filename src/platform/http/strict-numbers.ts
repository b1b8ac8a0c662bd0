import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'

/**
 * Numbers as they were written. Ajv's type coercion reads a query string's
 * "1e309" as Infinity (which its integer check lets through), "0x10" as 16 and
 * "9999999999999999999" as a number JavaScript cannot hold; a JSON body's 1e309
 * is Infinity too. So every integer and number a route's schema declares (query,
 * params, body) is checked here first: plain decimal digits, a safe integer, a
 * finite number. Anything else is a 400 with the field's path, the same answer
 * as any validation failure. Registered once on the root, it covers every route.
 */
type Kind = 'integer' | 'number'
type Part = 'querystring' | 'params' | 'body'
const PARTS: Part[] = ['querystring', 'params', 'body']

const INTEGER = /^-?(0|[1-9]\d{0,15})$/
const DECIMAL = /^-?(0|[1-9]\d{0,15})(\.\d{1,10})?$/

interface SchemaNode {
  type?: unknown
  properties?: Record<string, SchemaNode>
}

/** The integer and number properties of one part's object schema. */
export function numericFields(schema: unknown): Map<string, Kind> {
  const out = new Map<string, Kind>()
  for (const [name, prop] of Object.entries((schema as SchemaNode | undefined)?.properties ?? {})) {
    if (prop.type === 'integer' || prop.type === 'number') out.set(name, prop.type)
  }
  return out
}

function isWellWritten(value: unknown, kind: Kind): boolean {
  if (typeof value === 'number') return kind === 'integer' ? Number.isSafeInteger(value) : Number.isFinite(value)
  if (typeof value !== 'string') return true // not a number at all: ajv's own type check answers
  if (!(kind === 'integer' ? INTEGER : DECIMAL).test(value)) return false
  return kind === 'integer' ? Number.isSafeInteger(Number(value)) : Number.isFinite(Number(value))
}

function badNumber(part: Part, name: string): Error {
  return Object.assign(new Error(`${part}/${name} is not a plain number`), {
    statusCode: 400,
    validation: [{ instancePath: `/${name}`, keyword: 'type', params: {} }],
    validationContext: part,
  })
}

export function strictNumbers(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = (route.schema ?? {}) as Partial<Record<Part, unknown>>
    const fields = PARTS.map((part) => [part, numericFields(schema[part])] as const).filter(([, f]) => f.size)
    if (!fields.length) return
    const check = async (request: FastifyRequest) => {
      for (const [part, kinds] of fields) {
        const values = (part === 'querystring' ? request.query : request[part]) as Record<string, unknown> | undefined
        if (!values || typeof values !== 'object') continue
        for (const [name, kind] of kinds) {
          if (name in values && !isWellWritten(values[name], kind)) throw badNumber(part, name)
        }
      }
    }
    const existing = route.preValidation
    route.preValidation = existing === undefined ? [check] : [...(Array.isArray(existing) ? existing : [existing]), check]
  })
}
