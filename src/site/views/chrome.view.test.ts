import { test } from 'node:test'
import assert from 'node:assert/strict'
import { jsonForScript } from './chrome.view.ts'

test('JSON-LD cannot close its script element and still reads back the same', () => {
  const value = { headline: '</script><!--标题 & "引号"\u2028\u2029>', n: 1 }
  const json = jsonForScript(value)
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/)
  assert.deepEqual(JSON.parse(json), value)
})
