import { Alert, Button, Space } from 'antd'
import { useNotice } from '../../../lib/notice.tsx'
import { w } from '../words.ts'

/** Recovery codes just made: shown once, to copy or download, until the staff member says they are saved. */
export function RecoveryCodes({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const { message } = useNotice()
  const text = codes.join('\n')
  const download = () => {
    const link = document.createElement('a')
    link.href = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain;charset=utf-8' }))
    link.download = `${location.hostname}-recovery-codes.txt`
    link.click()
    URL.revokeObjectURL(link.href)
  }
  return (
    <div data-testid="recovery-codes">
      <Alert type="warning" showIcon title={w('recoveryTitle')} description={w('recoveryIntro')} style={{ marginBottom: 12 }} />
      <pre style={{ columns: 2, background: '#fafafa', padding: 12, fontSize: 15, lineHeight: 1.8, maxWidth: 360 }}>{text}</pre>
      <Space>
        <Button
          onClick={() =>
            void navigator.clipboard?.writeText(text).then(
              () => message.success(w('copied')),
              () => undefined,
            )
          }
        >
          {w('copy')}
        </Button>
        <Button onClick={download}>{w('download')}</Button>
        <Button type="primary" onClick={onSaved} data-testid="codes-saved">
          {w('saved')}
        </Button>
      </Space>
    </div>
  )
}
