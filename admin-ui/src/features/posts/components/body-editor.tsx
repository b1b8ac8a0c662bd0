import {
  BoldOutlined,
  FileImageOutlined,
  ItalicOutlined,
  LockOutlined,
  OrderedListOutlined,
  PaperClipOutlined,
  RedoOutlined,
  ScissorOutlined,
  UndoOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons'
import Image from '@tiptap/extension-image'
import { EditorContent, useEditor } from '@tiptap/react'
import StarterKit from '@tiptap/starter-kit'
import { Button, Divider, Space, Tooltip } from 'antd'
import { useEffect, useRef } from 'react'
import { t } from '../../../lib/i18n.ts'
import { editorToMarkup, markupToEditor } from './paywall-markup.ts'
import { PageBreak, PaidRegion } from './paywall-nodes.ts'
import { imagesOf, pickFiles, uploadInto } from './editor-uploads.ts'
import './body-editor.css'

/**
 * The body as rich text (TipTap). `value` and `onChange` speak the stored markup;
 * the editor shows paid regions and page breaks as blocks. Pasting from Word or
 * WPS keeps paragraphs, headings, lists, emphasis, links and pictures: the schema
 * drops the rest. Pictures pasted or dropped as files are uploaded first.
 */
export function BodyEditor({ value, onChange, onUploadError }: { value: string; onChange: (markup: string) => void; onUploadError: (error: unknown) => void }) {
  // the handlers below are made once with the editor: they reach the current callback through this
  const failed = useRef(onUploadError)
  failed.current = onUploadError
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ underline: false, link: { openOnClick: false, autolink: false, HTMLAttributes: { rel: null, target: null } } }),
      Image.configure({ inline: false }),
      PaidRegion,
      PageBreak,
    ],
    content: markupToEditor(value),
    onUpdate: ({ editor: e }) => onChange(editorToMarkup(e.getHTML())),
    editorProps: {
      attributes: { class: 'body-editor-content', 'data-testid': 'body-editor' },
      handlePaste: (_view, event) => {
        const images = imagesOf(event.clipboardData?.files)
        if (!images.length || !editorRef.current) return false
        uploadInto(editorRef.current, images, 'image').catch((error: unknown) => failed.current(error))
        return true
      },
      handleDrop: (view, event) => {
        const files = [...(event.dataTransfer?.files ?? [])]
        if (!files.length || !editorRef.current) return false
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos
        const images = imagesOf(event.dataTransfer?.files)
        const others = files.filter((f) => !images.includes(f))
        const into = editorRef.current
        void (async () => {
          await uploadInto(into, images, 'image', at)
          await uploadInto(into, others, 'file')
        })().catch((error: unknown) => failed.current(error))
        return true
      },
    },
  })
  const editorRef = useRef(editor)
  editorRef.current = editor
  // a draft restored or a post loaded after the editor was made
  useEffect(() => {
    // StrictMode and reloads make and destroy editors: a destroyed one has no schema left
    if (!editor || editor.isDestroyed) return
    if (editorToMarkup(editor.getHTML()) !== value) editor.commands.setContent(markupToEditor(value), { emitUpdate: false })
  }, [editor, value])
  if (!editor) return null
  const run = (command: () => boolean) => () => command()
  const tip = (title: string, node: React.ReactElement) => <Tooltip title={title}>{node}</Tooltip>
  return (
    <div className="body-editor">
      <Space wrap size={4} className="body-editor-toolbar">
        {tip(t('editor.undo'), <Button size="small" icon={<UndoOutlined />} onClick={run(() => editor.chain().focus().undo().run())} />)}
        {tip(t('editor.redo'), <Button size="small" icon={<RedoOutlined />} onClick={run(() => editor.chain().focus().redo().run())} />)}
        <Divider orientation="vertical" />
        <Button size="small" type={editor.isActive('paragraph') ? 'default' : 'text'} onClick={run(() => editor.chain().focus().setParagraph().run())}>
          {t('editor.paragraph')}
        </Button>
        {[2, 3].map((level) => (
          <Button
            key={level}
            size="small"
            type={editor.isActive('heading', { level }) ? 'primary' : 'default'}
            onClick={run(() =>
              editor
                .chain()
                .focus()
                .toggleHeading({ level: level as 2 | 3 })
                .run(),
            )}
          >
            H{level}
          </Button>
        ))}
        {tip(t('editor.bold'), <Button size="small" icon={<BoldOutlined />} type={editor.isActive('bold') ? 'primary' : 'default'} onClick={run(() => editor.chain().focus().toggleBold().run())} />)}
        {tip(
          t('editor.italic'),
          <Button size="small" icon={<ItalicOutlined />} type={editor.isActive('italic') ? 'primary' : 'default'} onClick={run(() => editor.chain().focus().toggleItalic().run())} />,
        )}
        {tip(t('editor.bulletList'), <Button size="small" icon={<UnorderedListOutlined />} onClick={run(() => editor.chain().focus().toggleBulletList().run())} />)}
        <Button size="small" icon={<OrderedListOutlined />} onClick={run(() => editor.chain().focus().toggleOrderedList().run())} />
        <Divider orientation="vertical" />
        <Button size="small" icon={<LockOutlined />} className="insert-paid" onClick={run(() => editor.chain().focus().insertPaidRegion().run())}>
          {t('editor.insertPaid')}
        </Button>
        <Button size="small" icon={<ScissorOutlined />} onClick={run(() => editor.chain().focus().insertPageBreak().run())}>
          {t('editor.insertPageBreak')}
        </Button>
        <Divider orientation="vertical" />
        <Button size="small" icon={<FileImageOutlined />} data-testid="insert-image" onClick={() => void pickFiles('image/*').then((files) => uploadInto(editor, files, 'image').catch(onUploadError))}>
          {t('editor.insertImage')}
        </Button>
        <Tooltip title={t('editor.insertFileHelp')}>
          <Button size="small" icon={<PaperClipOutlined />} data-testid="insert-file" onClick={() => void pickFiles('').then((files) => uploadInto(editor, files, 'file').catch(onUploadError))}>
            {t('editor.insertFile')}
          </Button>
        </Tooltip>
      </Space>
      <EditorContent editor={editor} />
    </div>
  )
}
