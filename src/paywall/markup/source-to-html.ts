import { marked } from 'marked'
import { escapeText } from './split-html.ts'

export type BodyFormat = 'html' | 'text' | 'markdown'

/**
 * Plain text (imports): every non-empty line is a paragraph; the full-width
 * indentation 范文 use ("　　") is dropped because the theme indents paragraphs.
 */
export function textToHtml(text: string): string {
  const out: string[] = []
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '')
    if (line) out.push(`<p>${escapeText(line)}</p>`)
  }
  return out.join('\n')
}

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false, gfm: true, breaks: false })
}

export function sourceToHtml(source: string, format: BodyFormat): string {
  if (format === 'text') return textToHtml(source)
  if (format === 'markdown') return markdownToHtml(source)
  return source
}
