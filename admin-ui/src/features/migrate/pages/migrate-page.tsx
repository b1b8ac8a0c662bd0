import { Alert, Button, Checkbox, Input, Modal, Progress, Radio, Space } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { PageTitle } from '../../../components/page-title.tsx'
import { Panel } from '../../../components/panel.tsx'
import { api } from '../../../lib/api.ts'
import type { MigrationStatus } from '../../../lib/contract.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { mw } from '../words.ts'

type Engine = 'fastadmin' | 'wordpress' | 'ghost'
type Run = NonNullable<MigrationStatus['run']>

/**
 * 迁入整站 (admins): FastAdmin by its database's address, WordPress and Ghost by
 * their export files; a dry run's report first, then the run with its progress
 * (read every second) and its report. The server does the work (migrate/).
 */
export default function MigratePage() {
  const { message } = useNotice()
  const [engine, setEngine] = useState<Engine>('wordpress')
  const [from, setFrom] = useState('')
  const [prefix, setPrefix] = useState('fa_')
  const [root, setRoot] = useState(false)
  const [url, setUrl] = useState('')
  const [file, setFile] = useState<File>()
  const [members, setMembers] = useState<File>()
  const [run, setRun] = useState<Run | null>(null)
  const [busy, setBusy] = useState(false)
  const fail = useCallback((error: unknown) => showError(error, (text) => void message.error(text)), [message])

  const load = useCallback(async () => setRun((await api.get<MigrationStatus>('/migrations/current')).run), [])
  useEffect(() => {
    load().catch(fail)
  }, [load, fail])
  useEffect(() => {
    if (run?.state !== 'running') return
    const timer = window.setInterval(() => void load().catch(fail), 1000)
    return () => window.clearInterval(timer)
  }, [run?.state, load, fail])

  const start = async (dryRun: boolean) => {
    if (engine !== 'fastadmin' && !file) return void message.warning(mw('needFile'))
    const form = new FormData()
    form.append('engine', engine)
    form.append('dryRun', String(dryRun))
    if (engine === 'fastadmin') {
      form.append('from', from)
      form.append('prefix', prefix)
      form.append('root', String(root))
    }
    if (engine === 'ghost' && url) form.append('url', url)
    if (file && engine !== 'fastadmin') form.append('export', file, file.name)
    if (members && engine === 'ghost') form.append('members', members, members.name)
    setBusy(true)
    try {
      setRun((await api.post<MigrationStatus>('/migrations', form)).run)
    } catch (error) {
      fail(error)
    } finally {
      setBusy(false)
    }
  }
  const confirmRun = () => Modal.confirm({ title: mw('run'), content: mw('confirm'), onOk: () => start(false) })
  const picker = (label: string, help: string, set: (f: File | undefined) => void, accept: string, testId: string) => (
    <div>
      <div style={{ marginBottom: 6 }}>{label}</div>
      <input type="file" accept={accept} onChange={(e) => set(e.target.files?.[0])} data-testid={testId} aria-label={label} />
      <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, marginTop: 4 }}>{help}</div>
    </div>
  )
  const running = run?.state === 'running'

  return (
    <>
      <PageTitle>{mw('title')}</PageTitle>
      <Panel>
        <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }} data-testid="migrate-form">
          <p style={{ margin: 0 }}>{mw('intro')}</p>
          <div>
            <div style={{ marginBottom: 6 }}>{mw('source')}</div>
            <Radio.Group value={engine} onChange={(e) => setEngine(e.target.value as Engine)} optionType="button" data-testid="migrate-engine">
              <Radio.Button value="fastadmin">{mw('fastadmin')}</Radio.Button>
              <Radio.Button value="wordpress">{mw('wordpress')}</Radio.Button>
              <Radio.Button value="ghost">{mw('ghost')}</Radio.Button>
            </Radio.Group>
          </div>
          {engine === 'fastadmin' ? (
            <>
              <div>
                <div style={{ marginBottom: 6 }}>{mw('from')}</div>
                <Input value={from} onChange={(e) => setFrom(e.target.value)} placeholder="mysql://root:password@127.0.0.1:3306/fastadmin" data-testid="migrate-from" />
                <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, marginTop: 4 }}>{mw('fromHelp')}</div>
              </div>
              <div>
                <div style={{ marginBottom: 6 }}>{mw('prefix')}</div>
                <Input value={prefix} onChange={(e) => setPrefix(e.target.value)} style={{ width: 160 }} />
              </div>
              <Checkbox checked={root} onChange={(e) => setRoot(e.target.checked)}>
                {mw('root')}
              </Checkbox>
            </>
          ) : (
            picker(mw('exportFile'), engine === 'wordpress' ? mw('wordpressHelp') : mw('ghostHelp'), setFile, engine === 'wordpress' ? '.xml,text/xml' : '.json,application/json', 'migrate-file')
          )}
          {engine === 'ghost' ? (
            <>
              {picker(mw('members'), mw('membersHelp'), setMembers, '.csv,text/csv', 'migrate-members')}
              <div>
                <div style={{ marginBottom: 6 }}>{mw('url')}</div>
                <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://blog.example.com" />
                <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, marginTop: 4 }}>{mw('urlHelp')}</div>
              </div>
            </>
          ) : null}
          <Alert type="info" showIcon title={mw('uploads')} />
          <Space>
            <Button onClick={() => void start(true)} loading={busy} disabled={running} data-testid="migrate-dry">
              {mw('dryRun')}
            </Button>
            <Button type="primary" onClick={confirmRun} disabled={busy || running} data-testid="migrate-run">
              {mw('run')}
            </Button>
          </Space>
        </Space>
      </Panel>
      {run ? (
        <Panel title={mw('report')}>
          <div data-testid="migrate-status">
            {running ? (
              <>
                <div>{mw(run.dryRun ? 'runningDry' : 'running', { done: run.done, total: run.total })}</div>
                <Progress percent={run.total ? Math.floor((run.done / run.total) * 100) : 0} />
              </>
            ) : run.state === 'failed' ? (
              <Alert type="error" showIcon title={mw('failed', { error: run.error ?? '' })} />
            ) : (
              <Alert type={run.dryRun ? 'info' : 'success'} showIcon title={run.dryRun ? mw('dryDone') : mw('done')} />
            )}
            {run.lines.length ? (
              <pre style={{ whiteSpace: 'pre-wrap', fontSize: 13, marginTop: 12, maxHeight: 480, overflow: 'auto' }} data-testid="migrate-report">
                {run.lines.join('\n')}
              </pre>
            ) : null}
          </div>
        </Panel>
      ) : null}
    </>
  )
}
