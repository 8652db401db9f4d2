// An output file written in large blocks to `<path>.partial` and renamed into place only on success.
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ApplyError, systemMessage } from './errors.js'

/** Bytes gathered before a write; appends are synchronous, writes happen between input chunks. */
export const WRITE_BLOCK = 8 << 20

export class OutputFile {
  readonly path: string
  private readonly partial: string
  private fh: FileHandle | undefined
  private buf: Buffer = Buffer.allocUnsafe(WRITE_BLOCK + (1 << 20))
  private len = 0

  private constructor(path: string, fh: FileHandle) {
    this.path = path
    this.partial = `${path}.partial`
    this.fh = fh
  }

  static async create(path: string, what: string): Promise<OutputFile> {
    try {
      await mkdir(dirname(path), { recursive: true })
      return new OutputFile(path, await open(`${path}.partial`, 'w'))
    } catch (e) {
      throw new ApplyError(
        `cannot create the ${what} ${JSON.stringify(`${path}.partial`)}: ${systemMessage(e)}`,
        {
          file: path,
          cause: e
        }
      )
    }
  }

  /** Appends src[start, end). */
  append(src: Uint8Array, start: number, end: number): void {
    const n = end - start
    if (n <= 0) return
    if (this.len + n > this.buf.length) this.grow(n)
    this.buf.set(src.subarray(start, end), this.len)
    this.len += n
  }

  /** Appends a string as UTF-8. */
  appendString(s: string): void {
    const max = s.length * 3
    if (this.len + max > this.buf.length) this.grow(max)
    this.len += this.buf.write(s, this.len, 'utf8')
  }

  /** At least WRITE_BLOCK bytes are gathered: time to flush(). */
  get full(): boolean {
    return this.len >= WRITE_BLOCK
  }

  /** Writes the gathered bytes once there are at least WRITE_BLOCK of them. */
  async maybeFlush(): Promise<void> {
    if (this.len >= WRITE_BLOCK) await this.flush()
  }

  async flush(): Promise<void> {
    const fh = this.fh
    if (fh === undefined) return
    let off = 0
    try {
      while (off < this.len) off += (await fh.write(this.buf, off, this.len - off)).bytesWritten
    } catch (e) {
      throw new ApplyError(`cannot write ${JSON.stringify(this.partial)}: ${systemMessage(e)}`, {
        file: this.path,
        cause: e
      })
    }
    this.len = 0
    // Shrink back after a huge row made the buffer grow.
    if (this.buf.length > 4 * WRITE_BLOCK) this.buf = Buffer.allocUnsafe(WRITE_BLOCK + (1 << 20))
  }

  /** Writes the rest, closes and renames the partial file into place. */
  async commit(): Promise<void> {
    await this.flush()
    const fh = this.fh
    this.fh = undefined
    try {
      await fh?.close()
      await rename(this.partial, this.path)
    } catch (e) {
      await rm(this.partial, { force: true }).catch(() => undefined)
      throw new ApplyError(`cannot write ${JSON.stringify(this.path)}: ${systemMessage(e)}`, {
        file: this.path,
        cause: e
      })
    }
  }

  /** Closes and removes the partial file; never throws. */
  async discard(): Promise<void> {
    const fh = this.fh
    this.fh = undefined
    await fh?.close().catch(() => undefined)
    await rm(this.partial, { force: true }).catch(() => undefined)
  }

  private grow(need: number): void {
    let size = this.buf.length * 2
    while (size < this.len + need) size *= 2
    const b = Buffer.allocUnsafe(size)
    this.buf.copy(b, 0, 0, this.len)
    this.buf = b
  }
}
