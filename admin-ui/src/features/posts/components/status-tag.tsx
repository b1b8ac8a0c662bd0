import { Label } from '../../../components/label.tsx'
import { t } from '../../../lib/i18n.ts'

/** A post's status; a published post whose time is still to come is 定时发布. */
export function StatusTag({ status, publishedAt }: { status: string; publishedAt: string | null }) {
  if (status === 'published' && publishedAt && new Date(publishedAt).getTime() > Date.now()) return <Label color="purple">{t('status.scheduled')}</Label>
  if (status === 'published') return <Label color="green">{t('status.published')}</Label>
  if (status === 'hidden') return <Label>{t('status.hidden')}</Label>
  if (status === 'trashed') return <Label color="red">{t('status.trashed')}</Label>
  return <Label color="blue">{t('status.draft')}</Label>
}
