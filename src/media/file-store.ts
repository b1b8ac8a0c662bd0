import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** A file received and checked for size, waiting to be kept under its key or thrown away. */
export interface StagedFile {
  /** a local path (the type is read from the bytes there) */
  path: string
  size: number
  sha256: string
}

/**
 * Where uploaded bytes live. The local store keeps them under the data
 * directory; an S3-compatible store can implement the same four steps (stage
 * locally, commit = put object, open = get object).
 */
export interface FileStore {
  /** reads the stream to a staging file; rejects with `TooLarge` past `limit` bytes (and leaves nothing behind) */
  stage(stream: Readable, limit: number): Promise<StagedFile>
  commit(staged: StagedFile, key: string): Promise<void>
  discard(staged: StagedFile): Promise<void>
  open(key: string): Promise<{ stream: Readable; size: number } | undefined>
  remove(key: string): Promise<void>
}

export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`)
  }
}

export function createLocalFileStore(root: string): FileStore {
  const staging = join(root, '.staging')
  // two levels of 64 folders: no folder grows past a few thousand files on a big site
  const pathOf = (key: string) => join(root, key.slice(0, 1), key.slice(1, 2), key)
  return {
    async stage(stream, limit) {
      await mkdir(staging, { recursive: true })
      const path = join(staging, randomBytes(12).toString('hex'))
      const hash = createHash('sha256')
      let size = 0
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length
          if (size > limit) return done(new TooLarge(limit))
          hash.update(chunk)
          done(null, chunk)
        },
      })
      try {
        await pipeline(stream, count, createWriteStream(path, { flags: 'wx' }))
      } catch (err) {
        await rm(path, { force: true })
        throw err
      }
      return { path, size, sha256: hash.digest('hex') }
    },
    async commit(staged, key) {
      const target = pathOf(key)
      await mkdir(join(target, '..'), { recursive: true })
      await rename(staged.path, target)
    },
    async discard(staged) {
      await rm(staged.path, { force: true })
    },
    async open(key) {
      const path = pathOf(key)
      const info = await stat(path).catch(() => undefined)
      if (!info?.isFile()) return undefined
      return { stream: createReadStream(path), size: info.size }
    },
    async remove(key) {
      await rm(pathOf(key), { force: true })
    },
  }
}
