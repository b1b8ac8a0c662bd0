import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { archiveUrls, bodyFor, channelKind, defaultRules, postFlags, postStatus, tagNames, tagUrls, unixToIso } from './fastadmin-rows.ts'

test('FastAdmin statuses, kinds, flags and tags in our words', () => {
  assert.deepEqual(postStatus({ status: 'normal', deletetime: null }), { status: 'published', trash: false })
  for (const s of ['hidden', 'rejected', 'pulloff']) assert.equal(postStatus({ status: s, deletetime: 0 }).status, 'hidden')
  assert.equal(postStatus({ status: 'normal', deletetime: 1_700_000_000 }).trash, true)
  assert.deepEqual(['channel', 'list', 'link', 'page'].map(channelKind), ['section', 'list', 'link', 'list'])
  assert.deepEqual(postFlags('hot,recommend，top,weird,hot'), ['hot', 'recommend', 'top'])
  assert.deepEqual(tagNames(undefined, '主题教育，讲话, ,讲话'), ['主题教育', '讲话'])
  assert.deepEqual(tagNames(['甲'], '乙'), ['甲'], 'the links win over the list')
  assert.equal(unixToIso(1_700_000_000, 'x'), '2023-11-14T22:13:20.000Z')
  assert.equal(unixToIso(0, 'fallback'), 'fallback')
})

test('a free archive readers must log in for becomes one members-only region; anything else is kept as written', () => {
  assert.deepEqual(bodyFor({ isguest: 0, price: '0.00' }, '<p>正文</p>', 0), { source: '##paidbegin##<p>正文</p>##paidend##', access: 'members' })
  assert.deepEqual(bodyFor({ isguest: 0, price: '0.00' }, '<p>免费</p>$$paidbegin$$<p>会员</p>$$paidend$$', 0), { source: '<p>免费</p>$$paidbegin$$<p>会员</p>$$paidend$$', access: 'members' })
  assert.deepEqual(bodyFor({ isguest: 1, price: '0.00' }, '<p>正文</p>', 0), { source: '<p>正文</p>' })
  assert.deepEqual(bodyFor({ isguest: 0, price: '9.90' }, '<p>正文</p>', 990), { source: '<p>正文</p>' })
})

test('every old address of an archive, a channel and a tag, by the default rules or the site’s own', () => {
  const rules = defaultRules(false)
  const a = { id: 2, diyname: '', publishtime: 1_700_000_000, createtime: null }
  assert.deepEqual(archiveUrls(a, { id: 5, diyname: 'jianghua' }, rules), ['/cms/jianghua/2', '/cms/jianghua/2.html', '/addons/cms/archives/index/id/2', '/addons/cms/archives/index/id/2.html'])
  assert.ok(archiveUrls({ ...a, diyname: 'about' }, { id: 5, diyname: 'jianghua' }, rules).includes('/cms/jianghua/about.html'))
  assert.deepEqual(archiveUrls(a, { id: 5, diyname: 'jianghua' }, { ...defaultRules(true), archive: '/[:year]/[:month]/[:id]' }).slice(0, 2), ['/2023/11/2', '/2023/11/2.html'], 'dates in China time')
  assert.deepEqual(archiveUrls(a, undefined, rules), ['/addons/cms/archives/index/id/2', '/addons/cms/archives/index/id/2.html'], 'no channel: the generic route only')
  assert.deepEqual(tagUrls(1, '主题教育', rules).slice(0, 2), ['/cms/t/主题教育', '/cms/t/主题教育.html'])
  // whatever the ids and names, every address is a path on this site
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.string({ maxLength: 30 }), (id, name) => {
      for (const url of [...archiveUrls({ id, diyname: name, publishtime: id, createtime: null }, { id, diyname: name }, rules), ...tagUrls(id, name, rules)]) assert.ok(url.startsWith('/'), url)
    }),
  )
})

test('a site’s own rules are read from a copy of its CMS config', async () => {
  const { rulesFromConfig } = await import('./fastadmin-rows.ts')
  const php = `<?php
return [
    [
        'name'    => 'rewrite',
        'title'   => '伪静态',
        'type'    => 'array',
        'value'   => [
            'index/index'    => '/$',
            'archives/index' => '/news/[:year][:month]/[:id]',
            'tag/index'      => '/tags/[:diyname]',
            'channel/index'  => '/[:diyname]',
        ],
    ],
    [
        'name'    => 'urlsuffix',
        'value'   => 'htm',
    ],
];`
  const rules = rulesFromConfig(php, defaultRules(false))
  assert.deepEqual(rules, { archive: '/news/[:year][:month]/[:id]', channel: '/[:diyname]', tag: '/tags/[:diyname]', suffix: '.htm' })
  assert.deepEqual(archiveUrls({ id: 9, diyname: '', publishtime: 1_700_000_000, createtime: null }, { id: 1, diyname: 'gw' }, rules).slice(0, 2), ['/news/202311/9', '/news/202311/9.htm'])
  assert.deepEqual(rulesFromConfig('<?php return [];', defaultRules(true)), defaultRules(true), 'what the file does not say stays as it was')
})
