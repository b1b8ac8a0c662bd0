/**
 * Between the paywall markup (what is stored and imported) and the editor's
 * blocks. A paragraph that is only a marker becomes a block the editor shows;
 * a marker written inside other text stays text, so the compiler reads it as
 * before — loading and saving never change what is paid.
 */
const BEGIN = /^\s*(##|\$\$)paidbegin\1\s*$/i
const END = /^\s*(##|\$\$)paidend\1\s*$/i
const BREAK = /^\s*##pagebreak##\s*$/i

const isMarker = (node: ChildNode, marker: RegExp) => node.nodeType === 1 && (node as Element).tagName === 'P' && marker.test(node.textContent ?? '')

/** Stored HTML → the editor's HTML (paid regions as div[data-paid-region], page breaks as hr[data-page-break]). */
export function markupToEditor(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html')
  const out = doc.createElement('body')
  let region: HTMLElement | undefined
  for (const node of [...doc.body.childNodes]) {
    if (isMarker(node, BEGIN) && !region) {
      region = doc.createElement('div')
      region.setAttribute('data-paid-region', '')
      out.append(region)
    } else if (isMarker(node, END) && region) {
      region = undefined
    } else if (isMarker(node, BREAK)) {
      const hr = doc.createElement('hr')
      hr.setAttribute('data-page-break', '')
      ;(region ?? out).append(hr)
    } else {
      ;(region ?? out).append(node)
    }
  }
  return out.innerHTML
}

/** The editor's HTML → stored HTML in the paywall markup. */
export function editorToMarkup(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html')
  const paragraph = (text: string) => {
    const p = doc.createElement('p')
    p.textContent = text
    return p
  }
  for (const hr of [...doc.body.querySelectorAll('hr[data-page-break]')]) hr.replaceWith(paragraph('##pagebreak##'))
  for (const div of [...doc.body.querySelectorAll('div[data-paid-region]')]) div.replaceWith(paragraph('##paidbegin##'), ...div.childNodes, paragraph('##paidend##'))
  return doc.body.innerHTML
}
