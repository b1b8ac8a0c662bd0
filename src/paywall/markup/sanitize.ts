import sanitizeHtml from 'sanitize-html'

/**
 * The allow-list every body passes through at write time, so what is stored is
 * safe to print raw. Headings start at h2 (the page title is the h1); links get
 * rel="nofollow noopener"; only http(s) and relative URLs survive.
 */
/**
 * Elements whose content is dropped with them (the reader never sees it). The
 * marker scan looks inside them first: a marker there must not vanish silently.
 */
export const HIDDEN_CONTENT: ReadonlySet<string> = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'title', 'xmp', 'plaintext', 'noembed', 'noframes'])

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'del',
    'ins',
    'mark',
    'sub',
    'sup',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'pre',
    'code',
    'hr',
    'figure',
    'figcaption',
    'span',
    'div',
    'section',
    'dl',
    'dt',
    'dd',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    '*': ['style'],
  },
  allowedStyles: {
    '*': {
      'text-align': [/^(left|right|center|justify)$/],
      'text-indent': [/^\d+(\.\d+)?(em|px)$/],
      'font-weight': [/^(bold|normal|[1-9]00)$/],
    },
  },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [...HIDDEN_CONTENT],
  transformTags: {
    h1: 'h2',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }),
  },
}

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, OPTIONS)
}
