import { countChars } from '../../shared/text.ts'
import type { HtmlNode } from './split-html.ts'
import { textOf } from './split-html.ts'

const CONTAINER = new Set(['div', 'section', 'article', 'blockquote'])
const SENTENCE_END = /[。！？!?；;…]|\.(?=\s|$)/g

/**
 * A priced post without markers: its first `share` of characters is the free
 * preview, the rest paid. The cut falls at a paragraph boundary, never inside a
 * word; at least one paragraph stays paid. A post that is one single paragraph
 * is cut after a sentence end instead. Returns false when no cut could be made,
 * and the caller then makes the whole post paid.
 *
 * It works by inserting a begin marker node into the tree, so the one splitter
 * does the rest.
 */
export function insertPreviewCut(fragment: HtmlNode, share: number): boolean {
  let parent = fragment
  let blocks = meaningful(parent)
  while (blocks.length === 1 && blocks[0]?.tagName && CONTAINER.has(blocks[0].tagName)) {
    parent = blocks[0]
    blocks = meaningful(parent)
  }
  const sizes = blocks.map((b) => countChars(textOf(b)))
  const total = sizes.reduce((a, b) => a + b, 0)
  if (total === 0) return false
  const target = total * share
  if (blocks.length >= 2) {
    let seen = 0
    let k = 0
    while (k < blocks.length - 1 && seen + (sizes[k] ?? 0) <= target) seen += sizes[k++] ?? 0
    if (k === 0 && share > 0) k = 1
    if (share === 0) k = 0
    insertBefore(parent, blocks[k] as HtmlNode, autoBegin())
    return true
  }
  const only = blocks[0]
  return only ? cutInsideAfterSentence(only, target) : false
}

/** The children that hold something: a cut before an empty paragraph would leave the paid side empty. */
function meaningful(node: HtmlNode): HtmlNode[] {
  return (node.childNodes ?? []).filter((c) => (c.tagName || c.nodeName === '#text') && (/\S/.test(textOf(c)) || hasImage(c)))
}

function hasImage(node: HtmlNode): boolean {
  return node.tagName === 'img' || (node.childNodes ?? []).some(hasImage)
}

export function autoBegin(): HtmlNode {
  return { nodeName: '#marker', marker: { kind: 'paidbegin', form: 'auto', text: '##paidbegin##' } }
}

function insertBefore(parent: HtmlNode, ref: HtmlNode, node: HtmlNode): void {
  const list = parent.childNodes ?? []
  list.splice(list.indexOf(ref), 0, node)
}

/** Splits the text node where the running count crosses `target`, after the next sentence end. */
function cutInsideAfterSentence(root: HtmlNode, target: number): boolean {
  let seen = 0
  const visit = (node: HtmlNode, parent: HtmlNode | undefined): boolean => {
    if (node.nodeName === '#text' && parent) {
      const text = node.value ?? ''
      const size = countChars(text)
      if (seen + size > target) {
        for (const m of text.matchAll(SENTENCE_END)) {
          const at = (m.index ?? 0) + m[0].length
          if (seen + countChars(text.slice(0, at)) >= target && at < text.trimEnd().length) {
            const list = parent.childNodes ?? []
            const i = list.indexOf(node)
            list.splice(i, 1, { nodeName: '#text', value: text.slice(0, at) }, autoBegin(), { nodeName: '#text', value: text.slice(at) })
            return true
          }
        }
      }
      seen += size
      return false
    }
    for (const child of [...(node.childNodes ?? [])]) if (visit(child, node)) return true
    return false
  }
  return visit(root, undefined)
}
