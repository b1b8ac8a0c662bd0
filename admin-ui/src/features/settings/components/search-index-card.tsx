import { Alert, Button, Input, Progress, Space } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Panel } from '../../../components/panel.tsx'
import { api } from '../../../lib/api.ts'
import type { SearchIndex } from '../../../lib/contract.ts'
import { showError } from '../../../lib/form-errors.ts'
import { useNotice } from '../../../lib/notice.tsx'
import { w } from '../words.ts'

/** The site dictionary and the index: save the words, rebuild in the background and watch it go. */
export function SearchIndexCard() {
  const { message } = useNotice()
  const [index, setIndex] = useState<SearchIndex>()
  const [terms, setTerms] = useState('')
  const [busy, setBusy] = useState(false)
  const wasRunning = useRef(false)
  const fail = useCallback((error: unknown) => showError(error, (text) => void message.error(text)), [message])

  const load = useCallback(async () => {
    const s = await api.get<SearchIndex>('/search/index')
    if (wasRunning.current && !s.running && !s.error) void message.success(w('finished'))
    wasRunning.current = s.running
    setIndex(s)
    return s
  }, [message])
  useEffect(() => {
    load().then((s) => setTerms(s.terms.join('\n')), fail)
  }, [load, fail])
  // while it runs, the progress is read every second
  useEffect(() => {
    if (!index?.running) return
    const timer = window.setInterval(() => void load().catch(fail), 1000)
    return () => window.clearInterval(timer)
  }, [index?.running, load, fail])

  const saveTerms = async () => {
    setBusy(true)
    try {
      const s = await api.put<SearchIndex>('/search/terms', { terms })
      setIndex(s)
      setTerms(s.terms.join('\n'))
      void message.success(w('termsSaved', { n: s.terms.length }))
    } catch (error) {
      fail(error)
    } finally {
      setBusy(false)
    }
  }
  const reindex = async () => {
    try {
      const s = await api.post<SearchIndex>('/search/reindex', {})
      wasRunning.current = true
      setIndex(s)
      void message.info(w('started'))
    } catch (error) {
      fail(error)
    }
  }

  return (
    <Panel title={w('title')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="search-index">
        <div>
          <div style={{ marginBottom: 8 }}>{w('terms')}</div>
          <Input.TextArea value={terms} onChange={(e) => setTerms(e.target.value)} autoSize={{ minRows: 3, maxRows: 12 }} data-testid="search-terms" />
          <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, margin: '6px 0 8px' }}>{w('termsHint')}</div>
          <Button onClick={() => void saveTerms()} loading={busy} data-testid="save-terms">
            {w('saveTerms')}
          </Button>
        </div>
        {index ? (
          index.running ? (
            <div data-testid="reindex-progress">
              <div>{w('running', { done: index.done, total: index.total })}</div>
              <Progress percent={index.total ? Math.floor((index.done / index.total) * 100) : 0} />
            </div>
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {index.error ? (
                <Alert type="error" showIcon title={w('failed', { error: index.error })} />
              ) : (
                <Alert
                  type={index.stale || index.unfinished ? 'warning' : 'success'}
                  showIcon
                  title={index.unfinished ? w('unfinished') : index.stale ? w('stale') : w('fresh')}
                  data-testid="index-state"
                />
              )}
              <Button type={index.stale || index.unfinished ? 'primary' : 'default'} onClick={() => void reindex()} data-testid="reindex">
                {index.unfinished ? w('resume') : w('reindex')}
              </Button>
            </Space>
          )
        ) : null}
      </Space>
    </Panel>
  )
}
