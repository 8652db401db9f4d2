// Reads a file in large chunks and hands complete lines to a synchronous consumer; the incomplete
// tail of a chunk moves to the front of the buffer, which grows only for a line longer than itself.
import { open } from 'node:fs/promises'
import { ApplyError, systemMessage } from './errors.js'

export const READ_SIZE = 4 << 20

export interface ChunkConsumer {
  /**
   * Processes the complete lines in buf[start, end) (at eof, the whole rest, even without a final LF)
   * and returns the offset where the first unprocessed byte is.
   */
  consume(buf: Buffer, start: number, end: number, eof: boolean): number
}

export interface ReadChunksOptions {
  /** Names the file in errors, e.g. `dataset "/x/ids.txt"`. */
  label: string
  file: string
  signal?: AbortSignal
  /** Called when the file starts with a UTF-8 BOM (which the consumer never sees). */
  onBom?: () => void
  /** Called after each chunk, e.g. to write the outputs. */
  afterChunk?: () => Promise<void>
  readSize?: number
}

const BOM0 = 0xef
const BOM1 = 0xbb
const BOM2 = 0xbf

export async function readChunks(consumer: ChunkConsumer, opts: ReadChunksOptions): Promise<void> {
  let fh
  try {
    fh = await open(opts.file, 'r')
  } catch (e) {
    throw new ApplyError(`${opts.label} cannot be read: ${systemMessage(e)}`, { file: opts.file, cause: e })
  }
  try {
    let buf = Buffer.allocUnsafe(opts.readSize ?? READ_SIZE)
    let have = 0
    let first = true
    for (let eof = false; !eof;) {
      opts.signal?.throwIfAborted()
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2)
        buf.copy(bigger, 0, 0, have)
        buf = bigger
      }
      let n: number
      try {
        n = (await fh.read(buf, have, buf.length - have, null)).bytesRead
      } catch (e) {
        throw new ApplyError(`${opts.label} cannot be read: ${systemMessage(e)}`, {
          file: opts.file,
          cause: e
        })
      }
      eof = n === 0
      have += n
      let start = 0
      if (first) {
        if (have < 3 && !eof) continue
        first = false
        if (have >= 3 && buf[0] === BOM0 && buf[1] === BOM1 && buf[2] === BOM2) {
          start = 3
          opts.onBom?.()
        }
      }
      const used = consumer.consume(buf, start, have, eof)
      if (used < have) buf.copy(buf, 0, used, have)
      have -= used
      if (opts.afterChunk !== undefined) await opts.afterChunk()
    }
  } finally {
    await fh.close().catch(() => undefined)
  }
}
