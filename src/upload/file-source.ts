// The file being uploaded, as request bodies: any range can be sent (again, after a fault: the server may keep
// less than was sent), read from the disk in slices while it is on the wire, so nothing of the file is kept in
// memory beyond the transport's small pool of slice buffers, whatever the chunk size.
import { open, type FileHandle } from 'node:fs/promises'
import type { BodySource } from '../net/transport.js'

export class FileChangedError extends Error {
  constructor(path: string, detail: string) {
    super(
      `file changed during upload: ${path} (${detail}); ` +
        'make sure nothing writes to it while it is uploaded, then run again'
    )
    this.name = 'FileChangedError'
  }
}

export class FileSource {
  private closed = false
  /** Bytes read from the disk for request bodies (a resend reads them again). */
  bytesRead = 0

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
    readonly size: number,
    private readonly mtimeMs: number
  ) {}

  /** Open `path`, which must still be `size` bytes long. */
  static async open(path: string, size: number): Promise<FileSource> {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`invalid file size ${size}`)
    const file = await open(path, 'r')
    try {
      const stat = await file.stat()
      if (stat.size !== size)
        throw new FileChangedError(path, `it is now ${stat.size} bytes, expected ${size}`)
      return new FileSource(file, path, size, stat.mtimeMs)
    } catch (err) {
      await file.close()
      throw err
    }
  }

  /** The bytes [offset, offset + length) as a request body. */
  body(offset: number, length: number): BodySource {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new RangeError(`bytes ${offset}+${length} are outside the file (${this.size} bytes)`)
    }
    return { length, read: (pos, into) => this.read(offset + pos, into) }
  }

  /** Throw if the file changed (size or modification time) since it was opened. */
  async checkUnchanged(): Promise<void> {
    const stat = await this.file.stat()
    if (stat.size !== this.size || stat.mtimeMs !== this.mtimeMs) {
      throw new FileChangedError(
        this.path,
        stat.size !== this.size ? `it is now ${stat.size} bytes` : 'it was modified'
      )
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.file.close()
  }

  private async read(at: number, into: Buffer): Promise<number> {
    if (this.closed) throw new Error('the file is closed')
    let done = 0
    while (done < into.length) {
      const { bytesRead } = await this.file.read(into, done, into.length - done, at + done)
      if (bytesRead === 0) {
        throw new FileChangedError(this.path, `it ends at byte ${at + done}, expected ${this.size} bytes`)
      }
      done += bytesRead
    }
    this.bytesRead += done
    return done
  }
}
