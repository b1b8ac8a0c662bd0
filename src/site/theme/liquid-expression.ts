/**
 * Expressions of the Liquid subset the compiler understands, turned into JS source
 * that only calls the runtime helpers in liquid-runtime.ts. Anything else throws
 * Unsupported, and the template stays with LiquidJS.
 */
export class Unsupported extends Error {}

const TOKEN = /\s*(?:('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)(?![\w.])|(==|!=|<>|>=|<=|>|<)|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*)|(\||:|,))/y

interface Token {
  kind: 'str' | 'num' | 'op' | 'path' | 'punct'
  text: string
}

export function tokenize(source: string): Token[] {
  const out: Token[] = []
  TOKEN.lastIndex = 0
  let at = 0
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break
    TOKEN.lastIndex = at
    const m = TOKEN.exec(source)
    if (!m) throw new Unsupported(`cannot read "${source.slice(at)}"`)
    at = TOKEN.lastIndex
    if (m[1] !== undefined) out.push({ kind: 'str', text: m[1] })
    else if (m[2] !== undefined) out.push({ kind: 'num', text: m[2] })
    else if (m[3] !== undefined) out.push({ kind: 'op', text: m[3] })
    else if (m[4] !== undefined) out.push({ kind: ['and', 'or', 'contains'].includes(m[4]) ? 'op' : 'path', text: m[4] })
    else out.push({ kind: 'punct', text: m[5] as string })
  }
  return out
}

/** A value: a literal or a variable path. */
export function valueJs(token: Token | undefined): string {
  if (!token) throw new Unsupported('missing value')
  if (token.kind === 'str') return JSON.stringify(token.text.slice(1, -1).replace(/\\(.)/g, '$1'))
  if (token.kind === 'num') return token.text
  if (token.kind !== 'path') throw new Unsupported(`unexpected ${token.text}`)
  switch (token.text) {
    case 'true':
      return 'true'
    case 'false':
      return 'false'
    case 'nil':
    case 'null':
      return 'undefined'
    case 'blank':
      return 'R.BLANK'
    case 'empty':
      return 'R.EMPTY'
  }
  const [head, ...rest] = token.text.split('.')
  if (!head || head.includes('[')) throw new Unsupported('indexing')
  if (rest.some((p) => p.includes('['))) throw new Unsupported('indexing')
  return `R.prop(S(${JSON.stringify(head)}), ${JSON.stringify(rest)})`
}

/** A condition: comparisons joined by and/or (Liquid evaluates them right to left). */
export function conditionJs(source: string): string {
  const tokens = tokenize(source)
  const parts: string[] = []
  const joins: string[] = []
  let i = 0
  while (i < tokens.length) {
    const left = valueJs(tokens[i++])
    const op = tokens[i]
    if (op && op.kind === 'op' && !['and', 'or'].includes(op.text)) {
      const right = valueJs(tokens[i + 1])
      i += 2
      parts.push(`R.cmp(${JSON.stringify(op.text)}, ${left}, ${right})`)
    } else parts.push(`R.truthy(${left})`)
    const join = tokens[i]
    if (join) {
      if (join.kind !== 'op' || !['and', 'or'].includes(join.text)) throw new Unsupported(`unexpected ${join.text}`)
      joins.push(join.text === 'and' ? '&&' : '||')
      i++
    }
  }
  if (!parts.length) throw new Unsupported('empty condition')
  // right to left: a or b and c == a or (b and c)
  let js = parts[parts.length - 1] as string
  for (let k = parts.length - 2; k >= 0; k--) js = `(${parts[k]} ${joins[k]} ${js})`
  return js
}

/** `value | f: a, b | raw` → JS for the value and whether the output stays unescaped. */
export function outputJs(source: string, filters: ReadonlySet<string>): { js: string; raw: boolean } {
  const tokens = tokenize(source)
  let js = valueJs(tokens[0])
  let i = 1
  let raw = false
  while (i < tokens.length) {
    if (raw) throw new Unsupported('a filter after raw')
    const bar = tokens[i++]
    const name = tokens[i++]
    if (bar?.text !== '|' || name?.kind !== 'path') throw new Unsupported('filter syntax')
    const args: string[] = []
    if (tokens[i]?.text === ':') {
      i++
      for (;;) {
        args.push(valueJs(tokens[i++]))
        if (tokens[i]?.text !== ',') break
        i++
      }
    }
    if (name.text === 'raw') raw = true
    else if (filters.has(name.text)) js = `F[${JSON.stringify(name.text)}](${[js, ...args].join(', ')})`
    else throw new Unsupported(`filter ${name.text}`)
  }
  return { js, raw }
}
