import type { Editor } from '@tiptap/core'
import { postsApi } from '../api/posts-api.ts'

/**
 * Puts uploaded files into the body: an image as a picture, anything else as a
 * link to download it. Where it lands decides who may have it: inside a paid
 * region it is paid content, served only to readers who may read that region.
 */
export async function uploadInto(editor: Editor, files: readonly File[], kind: 'image' | 'file', at?: number): Promise<void> {
  for (const file of files) {
    const item = await postsApi.upload(file, kind)
    const chain = editor.chain().focus()
    if (at !== undefined) chain.setTextSelection(at)
    // a picture is a block of its own; the cursor goes on in a paragraph after it (not selecting it, so typing goes on)
    if (item.kind === 'image') chain.insertContent([{ type: 'image', attrs: { src: item.url, alt: item.name.replace(/\.[^.]+$/, '') } }, { type: 'paragraph' }]).run()
    else
      chain
        .insertContent([
          { type: 'text', text: item.name, marks: [{ type: 'link', attrs: { href: item.url } }] },
          { type: 'text', text: ' ' },
        ])
        .run()
  }
}

/** The image files of a paste or a drop (Word and WPS paste pictures as files too). */
export const imagesOf = (list: FileList | null | undefined): File[] => [...(list ?? [])].filter((f) => f.type.startsWith('image/'))

/** Opens the browser's file picker and resolves with what was chosen. */
export function pickFiles(accept: string): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = accept
    input.addEventListener('change', () => resolve([...(input.files ?? [])]))
    input.click()
  })
}
