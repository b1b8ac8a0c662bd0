import type { ReactNode } from 'react'

const COLORS: Record<string, [string, string, string]> = {
  green: ['#389e0d', '#f6ffed', '#b7eb8f'],
  blue: ['#0958d9', '#e6f4ff', '#91caff'],
  purple: ['#531dab', '#f9f0ff', '#d3adf7'],
  gold: ['#d48806', '#fffbe6', '#ffe58f'],
  red: ['#cf1322', '#fff1f0', '#ffa39e'],
  default: ['rgba(0,0,0,0.88)', '#fafafa', '#d9d9d9'],
}

/** A small coloured label (antd's Tag look) in plain HTML, for the screens that open the console. */
export function Label({ color = 'default', children }: { color?: keyof typeof COLORS; children: ReactNode }) {
  const [fg, bg, border] = COLORS[color] ?? (COLORS.default as [string, string, string])
  return (
    <span style={{ display: 'inline-block', padding: '0 7px', fontSize: 12, lineHeight: '20px', color: fg, background: bg, border: `1px solid ${border}`, borderRadius: 4, whiteSpace: 'nowrap' }}>
      {children}
    </span>
  )
}
