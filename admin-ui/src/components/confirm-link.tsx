import { useEffect, useState, type ReactNode } from 'react'

/**
 * A link that asks once more before it acts: the first click turns it into
 * "confirm …", the second acts; it turns back after a few seconds. (antd's
 * Popconfirm would add its popover to the post list's first load.)
 */
export function ConfirmLink({ children, confirm, onConfirm, danger }: { children: ReactNode; confirm: string; onConfirm: () => void; danger?: boolean }) {
  const [asking, setAsking] = useState(false)
  useEffect(() => {
    if (!asking) return
    const timer = window.setTimeout(() => setAsking(false), 4000)
    return () => window.clearTimeout(timer)
  }, [asking])
  return (
    <a
      role="button"
      title={asking ? confirm : undefined}
      style={danger ? { color: '#b4232a', fontWeight: asking ? 600 : undefined } : undefined}
      onClick={() => {
        if (!asking) return setAsking(true)
        setAsking(false)
        onConfirm()
      }}
    >
      {asking ? confirm : children}
    </a>
  )
}
