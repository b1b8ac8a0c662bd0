/**
 * Admission for a cache: a key is let in on its second miss within a while, not its
 * first. A page asked for once (a random post of thousands) then never costs a cache
 * entry: on a site of 10,000 posts read at random, caching every rendered page churned
 * ~35 MB/s of page buffers through a 1,000-entry cache, and V8 answered that external
 * memory with a full collection every two seconds, pausing the server 30–60 ms each
 * time. Pages asked for again (the home page, lists, a post being shared) get in on
 * their second request. Two generations of remembered keys, so memory stays bounded.
 */
export class Doorkeeper {
  private current = new Set<string>()
  private previous = new Set<string>()
  constructor(private readonly capacity: number) {}

  /** true when `key` was seen recently (let it in); else remembers it and says no */
  admit(key: string): boolean {
    if (this.current.has(key) || this.previous.has(key)) return true
    if (this.current.size >= this.capacity) {
      this.previous = this.current
      this.current = new Set()
    }
    this.current.add(key)
    return false
  }

  clear(): void {
    this.current.clear()
    this.previous.clear()
  }
}
