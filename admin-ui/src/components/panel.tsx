import type { ReactNode } from 'react'
import './panel.css'

/**
 * A titled box and a figure, in plain HTML: antd's Card brings its tabs and
 * Statistic its own parts, ~20 KB on the dashboard that opens the console.
 */
export function Panel({ title, children }: { title?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel">
      {title ? <h3 className="panel-title">{title}</h3> : null}
      <div className="panel-body">{children}</div>
    </section>
  )
}

export function Figure({ label, value, alert, testId, children }: { label: string; value: ReactNode; alert?: boolean; testId?: string; children?: ReactNode }) {
  return (
    <section className="panel figure">
      <div className="figure-label">{label}</div>
      <div className={alert ? 'figure-value alert' : 'figure-value'} data-testid={testId}>
        {value}
      </div>
      {children}
    </section>
  )
}
