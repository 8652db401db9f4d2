// Reply bodies made as they are sent (a results file may be far larger than one JS string), and writing
// a byte range of any body with back-pressure, so a slow reader never makes the sandbox buffer it.
import type { ServerResponse } from 'node:http'

export interface ByteSource {
  readonly length: number
  /** The bytes [from, to) in order, in pieces made only when asked for. */
  chunks(from: number, to: number): Iterator<Buffer>
}

export type Body = Buffer | ByteSource

const EMPTY = Buffer.alloc(0)

/** Bytes [from, to) of a source, as a source. */
export function sliceSource(src: ByteSource, from: number, to: number): ByteSource {
  return { length: to - from, chunks: (a, b) => src.chunks(from + a, from + b) }
}

/** A source of this length that sends nothing (a HEAD answer: Node drops the body anyway). */
export function silentSource(length: number): ByteSource {
  return { length, chunks: () => [][Symbol.iterator]() }
}

/** Writes bytes [from, to) of `body`; `then` runs once the last of them was flushed to the socket. */
export function writeRange(
  res: ServerResponse,
  body: Body,
  from: number,
  to: number,
  then?: () => void
): void {
  if (Buffer.isBuffer(body)) {
    res.write(body.subarray(from, to), then)
    return
  }
  const it = body.chunks(from, to)
  let next = it.next()
  if (next.done) {
    res.write(EMPTY, then)
    return
  }
  const step = (): void => {
    try {
      while (!res.destroyed) {
        const chunk = next.value as Buffer
        next = it.next()
        if (next.done) {
          res.write(chunk, then)
          return
        }
        if (!res.write(chunk)) {
          res.once('drain', step)
          return
        }
      }
      it.return?.()
    } catch {
      // A body that cannot be made cannot be sent whole: break the response, never the process.
      res.destroy()
    }
  }
  step()
}

/** Writes `body` from byte `from` to its end, then ends the response. */
export function endFrom(res: ServerResponse, body: Body, from: number): void {
  if (Buffer.isBuffer(body)) {
    res.end(body.subarray(from))
    return
  }
  writeRange(res, body, from, body.length, () => res.end())
}
