import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { Jieba as JiebaType } from '@node-rs/jieba'
import { DOMAIN_TERMS } from './domain-terms.ts'
import { foldText } from './fold.ts'

/**
 * One segmenter for index and query time, so both cut the same way.
 * Text is folded first (學習 → 学习, ＰＰＴ → ppt), then cut by jieba in precise
 * mode with the domain and site dictionaries loaded; HMM is off so that a word
 * jieba does not know is cut the same way wherever it appears.
 */
export interface Segmenter {
  /** changes whenever the dictionaries change: an index built with another version is stale */
  readonly version: string
  /** precise-mode word tokens, in order (punctuation and spaces dropped) */
  words(text: string): string[]
  /** what the index stores: the words in order, and the search-mode sub-words precise mode did not emit */
  indexForm(text: string): { words: string[]; extras: string[] }
}

const JIEBA_VERSION = '@node-rs/jieba 2.0.3'
/** what an index holds besides tokens; a change makes indexes built before it stale (reindex fills the rest) */
const INDEX_FORMAT = 'related-words 1; paid apart 2'
// jieba and its dictionary (~50 MB once built) load on the first segmentation: a process that only
// serves pages (related posts use words stored at index time) never loads them
const requireLazily = createRequire(import.meta.url)
/** high enough that a dictionary term wins over the pieces jieba would otherwise choose */
const TERM_FREQUENCY = 200_000
const MAX_TOKEN_LENGTH = 40
const WORDY = /[\p{L}\p{N}]/u

/** The terms of a dictionary text: one or more per line, `#` starts a comment line. */
export function parseTerms(text: string): string[] {
  const out = new Set<string>()
  for (const line of text.split('\n')) {
    if (line.trim().startsWith('#')) continue
    for (const term of line.split(/[\s,，、;；]+/)) {
      const folded = foldText(term.trim())
      if (folded && WORDY.test(folded) && [...folded].length <= MAX_TOKEN_LENGTH) out.add(folded)
    }
  }
  return [...out]
}

const instances = new Map<string, Segmenter>()
const bySiteTerms = new Map<string, Segmenter>()

/** Segmenters are cached per dictionary: loading jieba's dictionary takes about 200 ms. */
/** The version a segmenter with these site terms would have, without building it (start-up checks). */
export function segmenterVersion(siteTerms: readonly string[] = []): { version: string; terms: string[] } {
  const terms = [...new Set([...parseTerms(DOMAIN_TERMS), ...siteTerms.flatMap((t) => parseTerms(t))])].sort()
  return { terms, version: createHash('sha256').update(JIEBA_VERSION).update('\0').update(INDEX_FORMAT).update('\0').update(terms.join('\n')).digest('hex').slice(0, 16) }
}

export function getSegmenter(siteTerms: readonly string[] = []): Segmenter {
  // called on every search: the common case is one lookup
  const key = siteTerms.join('\n')
  const known = bySiteTerms.get(key)
  if (known) return known
  const { terms, version } = segmenterVersion(siteTerms)
  let segmenter = instances.get(version)
  if (!segmenter) {
    segmenter = createSegmenter(terms, version)
    if (instances.size > 4) instances.clear()
    instances.set(version, segmenter)
  }
  if (bySiteTerms.size > 8) bySiteTerms.clear()
  bySiteTerms.set(key, segmenter)
  return segmenter
}

function createSegmenter(terms: string[], version: string): Segmenter {
  const { Jieba } = requireLazily('@node-rs/jieba') as { Jieba: typeof JiebaType }
  const { dict } = requireLazily('@node-rs/jieba/dict.js') as { dict: Buffer }
  const jieba = Jieba.withDict(dict)
  if (terms.length) jieba.loadDict(Buffer.from(terms.map((t) => `${t.replace(/\s+/g, '')} ${TERM_FREQUENCY} n`).join('\n')))
  const keep = (token: string) => {
    if (token.length > MAX_TOKEN_LENGTH * 2) return false
    const c = token.charCodeAt(0)
    // most tokens start with a Han character or a Latin letter or digit: skip the regex for them
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || WORDY.test(token)
  }
  return {
    version,
    words(text) {
      return jieba.cut(foldText(text), false).filter(keep)
    },
    indexForm(text) {
      const words = jieba.cut(foldText(text), false).filter(keep)
      const seen = new Set(words)
      // the words inside longer words (学习 in 认真学习, 二十 and 十大 in 二十大,
      // 调查研究 in 大兴调查研究): full mode over the long words only, in one call
      const long = [...new Set(words.filter((w) => w.length >= 3))]
      const extras: string[] = []
      if (long.length) {
        for (const token of jieba.cutAll(long.join(' '))) {
          if (token.length >= 2 && !seen.has(token) && keep(token)) {
            seen.add(token)
            extras.push(token)
          }
        }
      }
      return { words, extras }
    },
  }
}
