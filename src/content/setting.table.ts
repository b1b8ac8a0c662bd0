export interface SettingTable {
  key: string
  /** JSON text */
  value: string
}
