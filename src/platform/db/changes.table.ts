/** The change counter every process polls (migration 0014). */
export interface ChangesTable {
  id: number
  version: number
}

/** Who runs the cluster's jobs, until when (epoch ms). */
export interface JobLeasesTable {
  name: string
  holder: string
  expires_at: number
}
