import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Liquid } from 'liquidjs'
import { createCompiler } from './liquid-compiler.ts'
import { Unsupported } from './liquid-expression.ts'

/** LiquidJS, configured as theme-engine.ts does, is the oracle: the compiled output must equal it. */
function both(files: Record<string, string>, model: object, main = 'main'): { liquid: string; compiled: string } {
  const t = (k: unknown, ...a: unknown[]) => `[${String(k)}${a.map((x) => `,${String(x)}`).join('')}]`
  const liquid = new Liquid({ outputEscape: 'escape', ownPropertyOnly: true, strictFilters: true, templates: files, extname: '' } as never)
  liquid.registerFilter('t', t)
  const compiler = createCompiler((name) => files[name], { t })
  return { liquid: liquid.renderFileSync(main, model) as string, compiled: compiler.compile(main)(model) }
}

const cases: Array<[string, Record<string, string>, object]> = [
  ['escaping and raw', { main: '{{ a }}|{{ b_html | raw }}|{{ n }}|{{ missing }}|{{ list }}|{{ yes }}' }, { a: `<a href="x">'&'</a>`, b_html: '<b>ok</b>', n: 12.5, list: ['x', 1], yes: true }],
  [
    'paths, size, first, last, own properties only',
    { main: '{{ a.b.c }}|{{ l.size }}|{{ l.first }}|{{ l.last }}|{{ s.size }}|{{ o.size }}|{{ o.constructor }}|{{ o.toString }}' },
    { a: { b: { c: 'deep' } }, l: [1, 2, 3], s: '四个字符', o: { x: 1, y: 2 } },
  ],
  ['whitespace control', { main: 'a  \n  {%- if x -%}  \n b \n {%- endif -%}  \n c {{- x -}} d\n{{ x }}' }, { x: 'X' }],
  [
    'blank and empty',
    {
      main: '{% if a != blank %}A{% endif %}{% if b == blank %}B{% endif %}{% if c == blank %}C{% endif %}{% if d == empty %}D{% endif %}{% if e == blank %}E{% endif %}{% if f != blank %}F{% endif %}',
    },
    { a: 'x', b: '  ', c: [], d: '', e: null, f: 0 },
  ],
  [
    'truthiness: empty string and zero are true',
    { main: '{% if s %}s{% endif %}{% if z %}z{% endif %}{% if f %}f{% else %}!f{% endif %}{% unless n %}!n{% endunless %}' },
    { s: '', z: 0, f: false, n: null },
  ],
  [
    'comparisons and right-to-left and/or',
    {
      main: '{% if a > 1 and b < 2 or c == "x" %}1{% endif %}{% if a >= 2 %}2{% endif %}{% if false or true and false %}3{% else %}4{% endif %}{% if l contains "b" %}5{% endif %}{% if s contains "中" %}6{% endif %}{% if x > 1 %}7{% endif %}',
    },
    { a: 2, b: 1, c: 'y', l: ['a', 'b'], s: '中文' },
  ],
  ['elsif chains', { main: '{% for n in ns %}{% if n == 1 %}one{% elsif n == 2 %}two{% else %}many{% endif %},{% endfor %}' }, { ns: [1, 2, 3] }],
  [
    'for loops shadow and restore, forloop',
    { main: '{% for x in xs %}{{ forloop.index }}/{{ forloop.length }}{% if forloop.first %}F{% endif %}{% if forloop.last %}L{% endif %}{{ x }} {% endfor %}[{{ x }}]' },
    { x: 'outer', xs: ['a', 'b', 'c'] },
  ],
  ['for over nothing', { main: '{% for x in nope %}x{% endfor %}|{% for x in n %}{{ x }}{% endfor %}' }, { n: null }],
  ['assign shadows the model, filters apply', { main: "{% assign y = x %}{{ y }}{% assign z = 'k' | t: 1, 2 %}{{ z }}{% assign x = 'new' %}{{ x }}" }, { x: 'old' }],
  [
    'forloop in an included partial, and its name',
    { main: "{% for card in cards %}{% include 'card' %}{% endfor %}", card: '{{ forloop.index }}:{{ forloop.name }}:{{ forloop.rindex }}{% if forloop.last %}.{% endif %} ' },
    { cards: [1, 2] },
  ],
  [
    'include shares the scope',
    { main: "{% for card in cards %}{% include 'card' %}{% endfor %}", card: '<li>{{ card.title }}{{ site }}</li>' },
    { cards: [{ title: '<甲>' }, { title: '乙' }], site: 'S' },
  ],
  [
    'layout and blocks, default block content',
    {
      main: "{% layout 'base' %}\n{% block content %}<p>{{ x }}</p>{% endblock %}\n",
      base: '<html>{% block head %}<title>{{ t }}</title>{% endblock %}{% block content %}default{% endblock %}</html>',
    },
    { x: 'body', t: 'T' },
  ],
  ['filters with arguments', { main: "{{ 'post.views' | t: v, n }}|{{ 'a' | t }}" }, { v: '1,234', n: 1234 }],
  ['comments', { main: 'a{% comment %} {{ x }} {% if %} {% endcomment %}b' }, { x: 1 }],
]

for (const [name, files, model] of cases) {
  test(`compiled Liquid equals LiquidJS: ${name}`, () => {
    const { liquid, compiled } = both(files, model)
    assert.equal(compiled, liquid)
  })
}

test('templates outside the subset are refused, so LiquidJS keeps them', () => {
  const compiler = createCompiler(
    (name) => ({ a: '{% capture x %}y{% endcapture %}', b: '{{ x | upcase }}', c: '{% for x in xs limit: 2 %}{% endfor %}', d: "{% render 'a' %}", e: '{{ x[0] }}' })[name],
    { t: String },
  )
  for (const name of ['a', 'b', 'c', 'd', 'e']) assert.throws(() => compiler.compile(name), Unsupported, name)
})

test("a theme's text cannot inject code into the compiled function", () => {
  const evil = "{{ 'x\"); process.exit(1); (\"' }}{% if a == '`${process.exit(1)}`' %}{% endif %}</script>\\u2028"
  const { liquid, compiled } = both({ main: evil }, { a: 1 })
  assert.equal(compiled, liquid)
})
