import { BarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, use, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import type { DashboardData } from '../../../lib/contract.ts'
import { t } from '../../../lib/i18n.ts'
import { yuan } from '../../../lib/money.ts'

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

const PROVIDER_KEYS: Record<string, Parameters<typeof t>[0]> = { wechat: 'provider.wechat', alipay: 'provider.alipay', stripe: 'provider.stripe', sandbox: 'provider.sandbox' }
const providerName = (id: string) => (PROVIDER_KEYS[id] ? t(PROVIDER_KEYS[id]) : id)

/** Revenue by day, stacked by provider (ECharts, only the parts used; loaded with the dashboard, after its figures). */
export default function RevenueChart({ daily }: { daily: DashboardData['daily'] }) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!box.current) return
    const chart: ECharts = init(box.current)
    const providers = [...new Set(daily.flatMap((d) => Object.keys(d.byProvider)))].sort()
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => yuan(Math.round(v * 100)) },
      legend: { top: 0 },
      grid: { left: 60, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: daily.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${v}` } },
      series: providers.map((p) => ({ name: providerName(p), type: 'bar', stack: 'revenue', data: daily.map((d) => (d.byProvider[p] ?? 0) / 100) })),
    })
    const resize = () => chart.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      chart.dispose()
    }
  }, [daily])
  return <div ref={box} style={{ height: 300 }} data-testid="revenue-chart" />
}
