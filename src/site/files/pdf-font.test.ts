import { test } from 'node:test'
import assert from 'node:assert/strict'
import { findPdfFonts, parseFontSpec } from './pdf-font.ts'

test('the configured font wins; a collection names its face after #', () => {
  assert.deepEqual(parseFontSpec('/fonts/a.ttc#SourceHanSerifSC-Regular'), { path: '/fonts/a.ttc', face: 'SourceHanSerifSC-Regular' })
  assert.deepEqual(parseFontSpec('/fonts/b.ttf'), { path: '/fonts/b.ttf' })
  assert.deepEqual(
    findPdfFonts('/fonts/b.ttf', () => true),
    { regular: { path: '/fonts/b.ttf' }, bold: { path: '/fonts/b.ttf' } },
  )
  assert.equal(
    findPdfFonts('/fonts/missing.ttf', () => false),
    undefined,
    'a configured font that is not there: no PDFs, not another font',
  )
})

test('otherwise the system’s Noto CJK (serif for the body, sans bold for headings), then other Chinese fonts, else none', () => {
  const debian = findPdfFonts(undefined, (p) => p.startsWith('/usr/share/fonts/opentype/noto/'))
  assert.deepEqual(debian?.regular, { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' })
  assert.deepEqual(debian?.bold, { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' })
  const wqy = findPdfFonts(undefined, (p) => p.endsWith('wqy-microhei.ttc'))
  assert.deepEqual(wqy, {
    regular: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
    bold: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  })
  assert.equal(
    findPdfFonts(undefined, () => false),
    undefined,
  )
})
