/** Rows of one kind a run made, updated and left out. */
export interface Tally {
  created: number
  updated: number
  skipped: number
}

export const tally = (): Tally => ({ created: 0, updated: 0, skipped: 0 })
