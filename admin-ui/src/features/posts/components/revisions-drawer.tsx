import { Button, Drawer, List } from 'antd'
import { useEffect, useState } from 'react'
import { Muted } from '../../../components/page-title.tsx'
import { api } from '../../../lib/api.ts'
import type { Revision, RevisionList } from '../../../lib/contract.ts'
import { dateTime } from '../../../lib/dates.ts'
import { showError } from '../../../lib/form-errors.ts'
import { t } from '../../../lib/i18n.ts'
import { useNotice } from '../../../lib/notice.tsx'

/** A post's earlier sources; one is loaded into the editor, and saving restores it (the current one becomes a version in turn). */
export function RevisionsDrawer({ slug, open, onClose, onLoad }: { slug: string; open: boolean; onClose: () => void; onLoad: (revision: Revision) => void }) {
  const { message } = useNotice()
  const [items, setItems] = useState<RevisionList['items']>()
  useEffect(() => {
    if (open)
      api.get<RevisionList>(`/posts/${encodeURIComponent(slug)}/revisions`).then(
        (r) => setItems(r.items),
        (error: unknown) => showError(error, (text) => void message.error(text)),
      )
  }, [open, slug, message])
  const load = async (id: number) => {
    try {
      const { revision } = await api.get<{ revision: Revision }>(`/posts/${encodeURIComponent(slug)}/revisions/${id}`)
      onLoad(revision)
      onClose()
    } catch (error) {
      showError(error, (text) => void message.error(text))
    }
  }
  return (
    <Drawer open={open} onClose={onClose} title={t('editor.revisions')} size="default">
      <List
        data-testid="revisions"
        locale={{ emptyText: t('editor.revisionsEmpty') }}
        dataSource={items ?? []}
        renderItem={(r) => (
          <List.Item
            actions={[
              <Button key="load" size="small" onClick={() => void load(r.id)}>
                {t('editor.revisionLoad')}
              </Button>,
            ]}
          >
            <div>
              <div>{dateTime(r.savedAt)}</div>
              <Muted small>
                {t('editor.revisionBy', { by: r.savedBy.split(':').slice(-1)[0] ?? r.savedBy })} · {r.length}
              </Muted>
            </div>
          </List.Item>
        )}
      />
    </Drawer>
  )
}
