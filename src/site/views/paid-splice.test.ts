import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ReadablePage } from '../../paywall/index.ts'
import { spliceUnlocked } from './paid-splice.ts'

const page =
  '<h1>t</h1><!--ig-summary--><p>买</p><!--/ig-summary--><p>free</p><!--ig-paid:1--><aside class="paywall-card">¥9.90</aside><!--/ig-paid--><p>more</p><!--ig-paid:3--><aside>card</aside><!--/ig-paid-->'
const readable = (kinds: Array<'unlocked' | 'locked'>): ReadablePage<Uint8Array> => ({
  hasPaidText: kinds.includes('unlocked'),
  segments: [
    { kind: 'free', position: 0, html: Buffer.from('<p>free</p>'), charCount: 4 },
    ...kinds.map((k, i) =>
      k === 'unlocked'
        ? { kind: 'unlocked' as const, position: i * 2 + 1, html: Buffer.from(`<p>PAID${i * 2 + 1} $& $1</p>`), charCount: 9 }
        : { kind: 'locked' as const, position: i * 2 + 1, charCount: 9 },
    ),
  ],
})

test("each marked card becomes its paid segment and the summary becomes the reader's", () => {
  const out = spliceUnlocked(Buffer.from(page), readable(['unlocked', 'unlocked']), '<p>已购买</p>')
  assert.equal(out?.toString(), '<h1>t</h1><!--ig-summary--><p>已购买</p><!--/ig-summary--><p>free</p><p>PAID1 $& $1</p><p>more</p><p>PAID3 $& $1</p>')
})

test('anything that does not match exactly falls back to a full render', () => {
  assert.equal(spliceUnlocked(Buffer.from(page), readable(['unlocked', 'locked']), 'x'), undefined, 'a region this viewer cannot read')
  assert.equal(spliceUnlocked(Buffer.from(page), readable([]), 'x'), undefined, 'nothing to unlock')
  assert.equal(spliceUnlocked(Buffer.from(page.replace('<!--ig-paid:3-->', '')), readable(['unlocked', 'unlocked']), 'x'), undefined, 'a card without its marker')
  assert.equal(spliceUnlocked(Buffer.from(page.replace('ig-paid:3', 'ig-paid:5')), readable(['unlocked', 'unlocked']), 'x'), undefined, 'a marker for another region')
  assert.equal(spliceUnlocked(Buffer.from(page.replace(/<!--\/?ig-summary-->/g, '')), readable(['unlocked', 'unlocked']), 'x'), undefined, 'no summary marker')
  assert.equal(spliceUnlocked(Buffer.from(page.replace('ig-paid:3', 'ig-paid:3x')), readable(['unlocked', 'unlocked']), 'x'), undefined, 'a marker out of shape')
  assert.equal(
    spliceUnlocked(Buffer.from(page.replace('<!--/ig-paid--><p>more', '<!--/ig-paid--><p>more<!--ig-paid:9-->')), readable(['unlocked', 'unlocked']), 'x'),
    undefined,
    'a marker without its end',
  )
  const summaryInCard = page.replace(/<!--\/?ig-summary-->/g, '').replace('¥9.90', '<!--ig-summary-->s<!--/ig-summary-->')
  assert.equal(spliceUnlocked(Buffer.from(summaryInCard), readable(['unlocked', 'unlocked']), 'x'), undefined, 'the summary inside a card')
})
