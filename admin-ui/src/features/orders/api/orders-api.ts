import { api } from '../../../lib/api.ts'
import type { OrderDetail, OrderList } from '../../../lib/contract.ts'

export const ordersApi = {
  flagged: () => api.get<OrderList>('/orders/flagged'),
  detail: (no: string) => api.get<OrderDetail>(`/orders/${encodeURIComponent(no)}`),
  refund: (no: string, body: { amount?: string; reason: string }) => api.post<{ order: OrderDetail['order'] }>(`/orders/${encodeURIComponent(no)}/refund`, body),
}
