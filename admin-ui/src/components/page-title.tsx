import type { ReactNode } from 'react'

/** A screen's heading. Plain HTML: antd's Typography would add ~8 KB to every first screen. */
export function PageTitle({ children }: { children: ReactNode }) {
  return <h2 style={{ margin: 0, fontSize: 20, fontWeight: 600 }}>{children}</h2>
}

/** Secondary text under a title or beside a value. */
export function Muted({ children, small }: { children: ReactNode; small?: boolean }) {
  return <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: small ? 12 : undefined }}>{children}</span>
}

/** Why a screen is not shown (no permission, no such page): the server refuses anyway. */
export function Refusal({ code, text }: { code: string; text: string }) {
  return (
    <div role="alert" data-testid="refusal" style={{ margin: '60px auto', maxWidth: 420, textAlign: 'center' }}>
      <div style={{ fontSize: 48, fontWeight: 600, color: '#d9d9d9' }}>{code}</div>
      <p>{text}</p>
    </div>
  )
}
