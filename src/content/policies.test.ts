import { test } from 'node:test'
import assert from 'node:assert/strict'
import { policyBlocks, policyText, policyVersion } from './policies.ts'

const site = { termsText: '', privacyText: '', locale: 'zh-CN' as const, name: '示例范文网' }

test('the default policies name the site and say what is collected, in the site’s language', () => {
  assert.match(policyText('terms', site), /示例范文网/)
  assert.match(policyText('privacy', site), /IP 地址[\s\S]*Cookie/)
  assert.doesNotMatch(policyText('privacy', site), /\{site\}/)
  assert.match(policyText('privacy', { ...site, locale: 'en' }), /We never sell your personal information/)
})

test('the owner’s text replaces the default, and any edit of either text is a new version', () => {
  const own = { ...site, termsText: '# 总则\n本站条款。' }
  assert.equal(policyText('terms', own), '# 总则\n本站条款。')
  const versions = new Set([policyVersion(site), policyVersion(own), policyVersion({ ...own, privacyText: '隐私。' }), policyVersion({ ...site, name: '另一个站' })])
  assert.equal(versions.size, 4)
  assert.equal(policyVersion(own), policyVersion({ ...own }), 'the same texts, the same version')
  assert.match(policyVersion(site), /^[0-9a-f]{16}$/)
})

test('a policy shows as headings and paragraphs, blank lines dropped', () => {
  assert.deepEqual(policyBlocks('# 一、范围\n\n第一段\n  第二段  \n## 二、账户'), [
    { heading: true, text: '一、范围' },
    { heading: false, text: '第一段' },
    { heading: false, text: '第二段' },
    { heading: true, text: '二、账户' },
  ])
})
