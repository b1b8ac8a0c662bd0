import { BoldOutlined, ItalicOutlined, LockOutlined, OrderedListOutlined, RedoOutlined, ScissorOutlined, UndoOutlined, UnorderedListOutlined } from '@ant-design/icons'
import { EditorContent, useEditor } from '@tiptap/react'
import StarterKit from '@tiptap/starter-kit'
import { Button, Divider, Space, Tooltip } from 'antd'
import { useEffect } from 'react'
import { t } from '../../../lib/i18n.ts'
import { editorToMarkup, markupToEditor } from './paywall-markup.ts'
import { PageBreak, PaidRegion } from './paywall-nodes.ts'
import './body-editor.css'

/**
 * The body as rich text (TipTap). `value` and `onChange` speak the stored markup;
 * the editor shows paid regions and page breaks as blocks. Pasting from Word or
 * WPS keeps paragraphs, headings, lists and emphasis: the schema drops the rest.
 */
export function BodyEditor({ value, onChange }: { value: string; onChange: (markup: string) => void }) {
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: false, underline: false }), PaidRegion, PageBreak],
    content: markupToEditor(value),
    onUpdate: ({ editor: e }) => onChange(editorToMarkup(e.getHTML())),
    editorProps: { attributes: { class: 'body-editor-content', 'data-testid': 'body-editor' } },
  })
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
      </Space>
      <EditorContent editor={editor} />
    </div>
  )
}
