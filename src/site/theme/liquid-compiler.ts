import { conditionJs, outputJs, tokenize, Unsupported, valueJs } from './liquid-expression.ts'
import { runtime, Scope } from './liquid-runtime.ts'

/**
 * Compiles the Liquid subset the themes use (output with filters, if/elsif/else,
 * unless, for, assign, include, layout/block, comment) into JavaScript functions:
 * LiquidJS interprets a template on every request (~0.2–0.5 ms for the post page),
 * a compiled one is plain string building. A template that uses anything else
 * throws Unsupported here and keeps rendering through LiquidJS. In tests every page
 * is rendered both ways and compared (theme-engine.ts), so the two cannot drift.
 *
 * Generated code only embeds JSON-quoted literals and calls to the runtime, so a
 * theme's text cannot inject code.
 */
export type Filters = Record<string, (...args: never[]) => unknown>
export type CompiledTemplate = (model: object) => string
type TagPart = { kind: 'tag'; name: string; args: string }
type Part = { kind: 'text'; text: string } | { kind: 'output'; body: string } | TagPart
type Body = (scope: Scope, blocks: Record<string, () => string>) => string

const SPLIT = /(\{%-?[\s\S]*?-?%\}|\{\{-?[\s\S]*?-?\}\})/

function lex(source: string): Part[] {
  const pieces = source.split(SPLIT)
  const parts: Part[] = []
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i] as string
    if (i % 2 === 0) {
      if (pieces[i - 1]?.match(/-(%|\})\}$/)) piece = piece.replace(/^\s+/, '')
      if (pieces[i + 1]?.match(/^\{(%|\{)-/)) piece = piece.replace(/\s+$/, '')
      if (piece) parts.push({ kind: 'text', text: piece })
      continue
    }
    const inner = piece
      .replace(/^\{(%|\{)-?/, '')
      .replace(/-?(%|\})\}$/, '')
      .trim()
    if (piece.startsWith('{{')) parts.push({ kind: 'output', body: inner })
    else {
      const m = /^(\w+)\s*([\s\S]*)$/.exec(inner)
      if (!m) throw new Unsupported(`tag ${inner}`)
      parts.push({ kind: 'tag', name: m[1] as string, args: (m[2] as string).trim() })
    }
  }
  return parts
}

class Emitter {
  private i = 0
  readonly partials = new Set<string>()
  layout: string | undefined
  constructor(
    private readonly parts: Part[],
    private readonly filters: ReadonlySet<string>,
  ) {}

  /** JS statements until one of `stops` (returned) or the end. */
  block(stops: string[]): { js: string; stop: TagPart | undefined } {
    let js = ''
    while (this.i < this.parts.length) {
      const part = this.parts[this.i++] as Part
      if (part.kind === 'text') js += `o += ${JSON.stringify(part.text)};\n`
      else if (part.kind === 'output') {
        const { js: value, raw } = outputJs(part.body, this.filters)
        js += raw ? `o += R.str(${value});\n` : `o += R.esc(${value});\n`
      } else if (stops.includes(part.name)) return { js, stop: part }
      else js += this.tag(part)
    }
    if (stops.length) throw new Unsupported(`missing ${stops.join('/')}`)
    return { js, stop: undefined }
  }

  private tag(part: TagPart): string {
    switch (part.name) {
      case 'if':
      case 'unless': {
        let js = `if (${part.name === 'unless' ? '!' : ''}${conditionJs(part.args)}) {\n`
        for (;;) {
          const { js: body, stop } = this.block(['elsif', 'else', `end${part.name}`])
          js += body
          if (stop?.name === 'elsif') js += `} else if (${conditionJs(stop.args)}) {\n`
          else if (stop?.name === 'else') js += '} else {\n'
          else return `${js}}\n`
        }
      }
      case 'for': {
        const m = /^([A-Za-z_]\w*)\s+in\s+(\S+)$/.exec(part.args)
        if (!m) throw new Unsupported(`for ${part.args}`)
        const { js: body, stop } = this.block(['endfor', 'else'])
        if (stop?.name === 'else') throw new Unsupported('for … else')
        const list = valueJs(tokenize(m[2] as string)[0])
        // forloop as LiquidJS gives it (a partial included in the loop sees it too, so it is always there)
        const frame = `{ ${JSON.stringify(m[1])}: c[i], forloop: R.forloop(i, c.length, ${JSON.stringify(`${m[1]}-${m[2]}`)}) }`
        return `{ const c = R.list(${list}); for (let i = 0; i < c.length; i++) { SC.push(${frame});\n${body}SC.pop(); } }\n`
      }
      case 'assign': {
        const m = /^([A-Za-z_]\w*)\s*=\s*([\s\S]+)$/.exec(part.args)
        if (!m) throw new Unsupported(`assign ${part.args}`)
        const { js, raw } = outputJs(m[2] as string, this.filters)
        if (raw) throw new Unsupported('assign | raw')
        return `SC.assign(${JSON.stringify(m[1])}, ${js});\n`
      }
      case 'include': {
        const name = /^'([\w-]+)'$|^"([\w-]+)"$/.exec(part.args)
        if (!name) throw new Unsupported(`include ${part.args}`)
        const file = (name[1] ?? name[2]) as string
        this.partials.add(file)
        return `o += P(${JSON.stringify(file)}, SC);\n`
      }
      case 'layout': {
        const name = /^'([\w-]+)'$|^"([\w-]+)"$/.exec(part.args)
        if (!name || this.layout) throw new Unsupported(`layout ${part.args}`)
        this.layout = (name[1] ?? name[2]) as string
        return ''
      }
      case 'block': {
        if (!/^[\w-]+$/.test(part.args)) throw new Unsupported(`block ${part.args}`)
        const { js: body } = this.block(['endblock'])
        const key = JSON.stringify(part.args)
        return `if (B[${key}]) o += B[${key}](); else {\n${body}}\n`
      }
      case 'comment':
        this.skipUntil('endcomment')
        return ''
      default:
        throw new Unsupported(`tag ${part.name}`)
    }
  }

  private skipUntil(name: string): void {
    while (this.i < this.parts.length) {
      const p = this.parts[this.i++] as Part
      if (p.kind === 'tag' && p.name === name) return
    }
    throw new Unsupported(`missing ${name}`)
  }
}

/** Compiles named templates on demand; `load` returns a file's source or undefined. */
export function createCompiler(load: (name: string) => string | undefined, filters: Filters) {
  const names = new Set(Object.keys(filters))
  const bodies = new Map<string, { body: Body; layout: string | undefined; blocks: Map<string, Body> }>()

  function compileBody(name: string) {
    let entry = bodies.get(name)
    if (entry) return entry
    const source = load(name)
    if (source === undefined) throw new Unsupported(`no template ${name}`)
    const emitter = new Emitter(lex(source), names)
    const { js } = emitter.block([])
    const make = (code: string): Body =>
      new Function('R', 'F', 'P', 'SC', 'B', `const S = (n) => SC.get(n);\nlet o = '';\n${code}return o;`).bind(null, runtime, filters, renderPartial) as unknown as Body
    const blocks = new Map<string, Body>()
    if (emitter.layout) {
      // a child template: only its blocks count; anything else in it must be white space
      const parts = lex(source)
      let depth = 0
      let start = -1
      let blockName = ''
      parts.forEach((p, idx) => {
        if (p.kind === 'tag' && p.name === 'block') {
          if (depth++ === 0) [start, blockName] = [idx + 1, p.args]
        } else if (p.kind === 'tag' && p.name === 'endblock') {
          if (--depth === 0) {
            const inner = new Emitter(parts.slice(start, idx), names)
            blocks.set(blockName, make(inner.block([]).js))
          }
        } else if (depth === 0 && !(p.kind === 'tag' && p.name === 'layout') && !(p.kind === 'text' && !p.text.trim())) {
          throw new Unsupported('content outside blocks in a child template')
        }
      })
    }
    entry = { body: make(js), layout: emitter.layout, blocks }
    bodies.set(name, entry)
    return entry
  }

  function renderWith(name: string, scope: Scope, outer: Record<string, () => string>): string {
    const entry = compileBody(name)
    if (!entry.layout) return entry.body(scope, outer)
    const blocks: Record<string, () => string> = { ...outer }
    for (const [blockName, body] of entry.blocks) blocks[blockName] ??= () => body(scope, blocks)
    return renderWith(entry.layout, scope, blocks)
  }

  function renderPartial(name: string, scope: Scope): string {
    return renderWith(name, scope, {})
  }

  return {
    /** Throws Unsupported when the template (or a partial or layout it uses) is outside the subset. */
    compile(name: string): CompiledTemplate {
      compileBody(name)
      return (model: object) => renderWith(name, new Scope(model as Record<string, unknown>), {})
    },
  }
}
