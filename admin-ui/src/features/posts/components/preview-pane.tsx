import { LockOutlined } from '@ant-design/icons'
import { Alert, Card, Divider, Typography } from 'antd'
import type { Preview } from '../../../lib/contract.ts'
import { t } from '../../../lib/i18n.ts'
import './preview-pane.css'

/**
 * 试读预览: what a reader who has not paid sees, as the server's compiler cut it.
 * The free HTML is the compiler's sanitised output; a paid region shows only its size.
 */
export function PreviewPane({ preview, loading }: { preview: Preview | undefined; loading: boolean }) {
  return (
    <Card size="small" title={t('editor.preview')} extra={<Typography.Text type="secondary">{t('editor.previewHelp')}</Typography.Text>} loading={loading && !preview}>
      {preview?.warnings.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('editor.warnings')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="compiler-warnings">
              {preview.warnings.map((w, i) => (
                <li key={i}>{w.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {preview ? (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('editor.previewCounts', { free: preview.freeCharCount, paid: preview.paidCharCount, regions: preview.paidRegionCount })}
          </Typography.Text>
          <div className="preview-body" data-testid="preview">
            {preview.segments.map((s, i) => (
              <div key={i}>
                {i > 0 && s.page !== preview.segments[i - 1]?.page ? <Divider plain>{t('editor.previewPage', { n: s.page })}</Divider> : null}
                {s.kind === 'free' ? (
                  <div dangerouslySetInnerHTML={{ __html: s.html }} />
                ) : (
                  <div className="preview-locked">
                    <LockOutlined /> {t('editor.previewLocked', { n: s.charCount })}
                  </div>
                )}
              </div>
            ))}
          </div>
        </>
      ) : null}
    </Card>
  )
}
