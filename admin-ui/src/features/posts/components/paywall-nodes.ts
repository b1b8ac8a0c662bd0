import { Node, mergeAttributes } from '@tiptap/core'
import { t } from '../../../lib/i18n.ts'

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    paidRegion: {
      /** wraps the selected blocks in a paid region, or inserts an empty one at the cursor */
      insertPaidRegion: () => ReturnType
    }
    pageBreak: {
      insertPageBreak: () => ReturnType
    }
  }
}

/**
 * A paid region (付费内容) as the editor shows it: a marked block holding
 * paragraphs. Saved as the markup the compiler reads (`paywall-markup.ts`), so
 * what the editor saves and what the importer reads are one format.
 */
export const PaidRegion = Node.create({
  name: 'paidRegion',
  group: 'block',
  // no region inside a region: the markup cannot nest them
  content: '(paragraph | heading | bulletList | orderedList | blockquote | codeBlock | horizontalRule | image | pageBreak)+',
  defining: true,
  parseHTML: () => [{ tag: 'div[data-paid-region]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { 'data-paid-region': '', class: 'paid-region', 'data-label': t('editor.paidRegion') }), 0],
  addCommands() {
    return {
      insertPaidRegion:
        () =>
        ({ state, commands }) => {
          if (!state.selection.empty && commands.wrapIn(this.name)) return true
          return commands.insertContent({ type: this.name, content: [{ type: 'paragraph' }] })
        },
    }
  },
})

/** A page break (分页符): where the reader's next page begins. */
export const PageBreak = Node.create({
  name: 'pageBreak',
  group: 'block',
  atom: true,
  selectable: true,
  parseHTML: () => [{ tag: 'hr[data-page-break]' }],
  renderHTML: ({ HTMLAttributes }) => ['hr', mergeAttributes(HTMLAttributes, { 'data-page-break': '', class: 'page-break', 'data-label': t('editor.pageBreak') })],
  addCommands() {
    return {
      insertPageBreak:
        () =>
        ({ commands }) =>
          commands.insertContent({ type: this.name }),
    }
  },
})
