// Reads byte ranges of a file into at most two reusable buffers: the chunk being sent and the next one,
// read ahead while the current one is on the wire. Any offset can be read again (the server may keep
// less than was sent), so no data ever has to be retained beyond these two buffers.
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

interface Prefetch {
  offset: number
  slot: number
  done: Promise<Buffer>
}

export class ChunkReader {
  private readonly slots: Buffer[] = []
  private current = -1
  private pending: Prefetch | undefined
  private closed = false
  /** Buffers ever allocated (never more than 2). */
  buffersAllocated = 0
  /** Reads from the file (including read-ahead) and the bytes they returned. */
  fileReads = 0
  bytesRead = 0
  /** read() calls served by the read-ahead. */
  prefetchHits = 0
  /**
   * Called with every chunk as soon as it is read from the file (read-ahead included, so work done here
   * overlaps the request on the wire); a throw fails the read() that uses the chunk.
   */
  onChunkRead?: (offset: number, chunk: Buffer) => void

  private constructor(
    private readonly file: FileHandle,
    private readonly path: string,
    readonly size: number,
    readonly chunkSize: number,
    private readonly mtimeMs: number
  ) {}

  /** Open `path`, which must still be `size` bytes long. */
  static async open(path: string, size: number, chunkSize: number): Promise<ChunkReader> {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`invalid file size ${size}`)
    if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw new Error(`invalid chunk size ${chunkSize}`)
    const file = await open(path, 'r')
    try {
      const stat = await file.stat()
      if (stat.size !== size) throw changedError(path, `it is now ${stat.size} bytes, expected ${size}`)
      return new ChunkReader(file, path, size, chunkSize, stat.mtimeMs)
    } catch (err) {
      await file.close()
      throw err
    }
  }

  /** Length of the chunk that starts at `offset`. */
  lengthAt(offset: number): number {
    return Math.max(0, Math.min(this.chunkSize, this.size - offset))
  }

  /**
   * The chunk starting at `offset` (length lengthAt(offset)). The returned Buffer is a view into a reused
   * buffer: valid until the next read() or close().
   */
  async read(offset: number): Promise<Buffer> {
    this.checkOffset(offset)
    const prefetch = this.pending
    this.pending = undefined
    if (prefetch) {
      if (prefetch.offset === offset) {
        const chunk = await prefetch.done
        this.current = prefetch.slot
        this.prefetchHits++
        return chunk
      }
      // The server kept a different amount: the read-ahead is useless, but its buffer is busy until it ends.
      await prefetch.done.catch(() => undefined)
    }
    const slot = Math.max(0, this.current)
    const chunk = await this.fill(slot, offset)
    this.current = slot
    return chunk
  }

  /** Start reading the chunk at `offset` into the other buffer. Errors surface from the read() that uses it. */
  prefetch(offset: number): void {
    if (this.closed || this.pending || offset >= this.size || offset < 0) return
    const slot = this.current === 0 ? 1 : 0
    const done = this.fill(slot, offset)
    done.catch(() => undefined) // observed by read(); never an unhandled rejection
    this.pending = { offset, slot, done }
  }

  /** Throw if the file changed (size or modification time) since it was opened. */
  async checkUnchanged(): Promise<void> {
    const stat = await this.file.stat()
    if (stat.size !== this.size || stat.mtimeMs !== this.mtimeMs) {
      throw changedError(
        this.path,
        stat.size !== this.size ? `it is now ${stat.size} bytes` : 'it was modified'
      )
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pending?.done.catch(() => undefined)
    this.pending = undefined
    await this.file.close()
  }

  private checkOffset(offset: number): void {
    if (this.closed) throw new Error('the chunk reader is closed')
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.size) {
      throw new RangeError(`offset ${offset} is outside the file (${this.size} bytes)`)
    }
  }

  private buffer(slot: number): Buffer {
    if (!this.slots[slot]) {
      this.slots[slot] = Buffer.allocUnsafeSlow(Math.min(this.chunkSize, this.size))
      this.buffersAllocated++
    }
    return this.slots[slot]
  }

  private async fill(slot: number, offset: number): Promise<Buffer> {
    const length = this.lengthAt(offset)
    const target = this.buffer(slot)
    let done = 0
    while (done < length) {
      const { bytesRead } = await this.file.read(target, done, length - done, offset + done)
      this.fileReads++
      if (bytesRead === 0) {
        throw changedError(this.path, `it ends at byte ${offset + done}, expected ${this.size} bytes`)
      }
      done += bytesRead
      this.bytesRead += bytesRead
    }
    const chunk = target.subarray(0, length)
    this.onChunkRead?.(offset, chunk)
    return chunk
  }
}

export class FileChangedError extends Error {
  constructor(path: string, detail: string) {
    super(
      `file changed during upload: ${path} (${detail}); ` +
        'make sure nothing writes to it while it is uploaded, then run again'
    )
    this.name = 'FileChangedError'
  }
}

function changedError(path: string, detail: string): Error {
  return new FileChangedError(path, detail)
}
