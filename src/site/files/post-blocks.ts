import { parseDocument } from 'htmlparser2'
import type { ChildNode, Element } from 'domhandler'

/** A run of text as a downloaded file sets it: bold or italic, or a line break. */
export interface Run {
  text: string
  bold?: boolean
  italics?: boolean
  break?: number
}

/** A block of a post's page: a heading (level 1–4) or a body paragraph. */
export interface Block {
  heading?: 1 | 2 | 3 | 4
  runs: Run[]
}

const HEADINGS: Record<string, Block['heading']> = { h1: 1, h2: 2, h3: 3, h4: 4 }
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'tr', 'div'])

/**
 * A page's sanitised HTML as the blocks a Word or PDF file prints: a heading
 * stays a heading, everything else a paragraph with its inline bold and italics
 * (pictures and tables' lines are left to the page). Shared by both formats.
 */
export function blocksOf(html: string): Block[] {
  const out: Block[] = []
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type !== 'tag') continue
      const el = node as Element
      const hasBlockChild = el.children.some((c) => c.type === 'tag' && BLOCKS.has((c as Element).name))
      if (BLOCKS.has(el.name) && !hasBlockChild) {
        const runs = runsOf(el.children, {})
        if (!runs.length) continue
        const heading = HEADINGS[el.name]
        out.push(heading ? { heading, runs } : { runs })
      } else walk(el.children)
    }
  }
  walk(parseDocument(html).children)
  return out
}

function runsOf(nodes: ChildNode[], style: { bold?: boolean; italics?: boolean }): Run[] {
  const runs: Run[] = []
  for (const node of nodes) {
    if (node.type === 'text') {
      // the body's own first-line spaces (　　) are the indent's job now
      const text = node.data.replace(/\s+/g, ' ').replace(/^[\u3000 ]+/, runs.length ? ' ' : '')
      if (text.trim()) runs.push({ text, ...style })
    } else if (node.type === 'tag') {
      const el = node as Element
      if (el.name === 'br') runs.push({ text: '', break: 1 })
      else runs.push(...runsOf(el.children, { ...style, ...(el.name === 'strong' || el.name === 'b' ? { bold: true } : {}), ...(el.name === 'em' || el.name === 'i' ? { italics: true } : {}) }))
    }
  }
  return runs
}
