// Counts the JSON-lines results by action and reason as the bytes stream by; only one line is ever held.
// Lines in the shape X writes are counted by a byte scan; any other line goes through JSON.parse.
import { open } from 'node:fs/promises'

export interface ResultCounts {
  total: number
  byAction: Record<string, number>
  byReason: Record<string, number>
}

/** A results line that is not a JSON object with string `action` and `reason`. */
export class ResultsFormatError extends Error {
  readonly line: number
  constructor(message: string, line: number) {
    super(message)
    this.name = 'ResultsFormatError'
    this.line = line
  }
}

const READ_CHUNK = 1 << 20
/** A line that is not in the fast shape: parse it with JSON.parse. */
const SLOW = -1
/** Distinct values per key remembered as bytes; past this, values are decoded each time. */
const MAX_CACHED = 32

/**
 * Counts of one key's values. Values seen so far are kept as bytes, so a line whose value equals one
 * of them is counted without decoding a string. The Map holds the counts in first-seen order; the
 * cached counts are added to it by flush().
 */
class Tally {
  readonly map = new Map<string, number>()
  private readonly bytes: Uint8Array[] = []
  private readonly keys: string[] = []
  private readonly counts: number[] = []

  constructor(private readonly decoder: { decode(bytes: Uint8Array): string }) {}

  /** Counts the value held in buf[from, to): raw bytes of a JSON string without escapes. */
  addBytes(buf: Uint8Array, from: number, to: number): void {
    const len = to - from
    const cached = this.bytes
    search: for (let k = 0; k < cached.length; k++) {
      const c = cached[k]
      if (c.length !== len) continue
      for (let j = 0; j < len; j++) if (c[j] !== buf[from + j]) continue search
      this.counts[k]++
      return
    }
    const key = this.decoder.decode(buf.subarray(from, to))
    if (cached.length < MAX_CACHED) {
      if (!this.map.has(key)) this.map.set(key, 0) // first-seen order
      cached.push(new Uint8Array(buf.subarray(from, to))) // a copy: buf is reused
      this.keys.push(key)
      this.counts.push(1)
    } else this.add(key)
  }

  add(key: string): void {
    this.map.set(key, (this.map.get(key) ?? 0) + 1)
  }

  flush(): void {
    for (let k = 0; k < this.keys.length; k++) {
      if (this.counts[k] === 0) continue
      this.map.set(this.keys[k], (this.map.get(this.keys[k]) ?? 0) + this.counts[k])
      this.counts[k] = 0
    }
  }
}

export class ResultsCounter {
  private readonly label: string
  private readonly decoder = new TextDecoder('utf-8')
  // Maps keep first-seen order and are safe for keys like "__proto__".
  // A value's bytes are decoded alone: a BOM at its start is part of the value, not a marker.
  private readonly valueDecoder = new TextDecoder('utf-8', { ignoreBOM: true })
  private readonly actions = new Tally(this.valueDecoder)
  private readonly reasons = new Tally(this.valueDecoder)
  private pending: Uint8Array[] = []
  private line = 0
  private total = 0
  private ended = false

  /** `label` names the file in errors, e.g. `results file "/tmp/x.jsonl"`. */
  constructor(options: { label?: string } = {}) {
    this.label = options.label ?? 'results file'
  }

  /** Accepts any split of the bytes, even inside a multi-byte character: lines are cut at LF only. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('ResultsCounter.push called after end()')
    const lastLf = chunk.lastIndexOf(0x0a)
    if (lastLf === -1) {
      // Copy, as the caller may reuse its buffer (Buffer#slice would not copy).
      if (chunk.length > 0) this.pending.push(new Uint8Array(chunk))
      return
    }
    let start = 0
    if (this.pending.length > 0) {
      const nl = chunk.indexOf(0x0a)
      this.pending.push(chunk.subarray(0, nl))
      const bytes = concat(this.pending)
      this.pending = []
      this.countLine(bytes, 0, bytes.length)
      start = nl + 1
    }
    // Every line from here to lastLf ends with an LF inside the chunk, which stops every scan.
    while (start <= lastLf) {
      const next = this.fastLine(chunk, start)
      if (next !== SLOW) {
        start = next
        continue
      }
      const nl = chunk.indexOf(0x0a, start)
      this.countLine(chunk, start, nl)
      start = nl + 1
    }
    if (start < chunk.length) this.pending.push(new Uint8Array(chunk.subarray(start)))
  }

  end(): ResultCounts {
    if (!this.ended) {
      this.ended = true
      if (this.pending.length > 0) {
        const last = concat(this.pending)
        this.pending = []
        this.countLine(last, 0, last.length)
      }
      this.actions.flush()
      this.reasons.flush()
    }
    return {
      total: this.total,
      byAction: toRecord(this.actions.map),
      byReason: toRecord(this.reasons.map)
    }
  }

  /**
   * The fast path, without JSON.parse: a line that is exactly a flat JSON object of string values
   * with no whitespace between tokens, no escapes and no control characters (what X writes), then
   * optional spaces, tabs or CR, then LF. Such a line is valid JSON, so counting its "action" and
   * "reason" (the last of each, as JSON.parse would) is exact. Anything else returns SLOW and goes
   * through countLine, which parses it with JSON.parse and reports errors. The caller guarantees an
   * LF at or after `from` in buf; every scan stops there, so no bounds checks are needed.
   * Returns the start of the next line.
   */
  private fastLine(buf: Uint8Array, from: number): number {
    let i = from
    let b = buf[i]
    if (b === 0x0a) {
      this.line++ // an empty line
      return i + 1
    }
    if (b !== 0x7b) return SLOW // {
    i++
    let actionAt = -1
    let actionEnd = -1
    let reasonAt = -1
    let reasonEnd = -1
    for (;;) {
      // "key"
      if (buf[i] !== 0x22) return SLOW
      const keyAt = ++i
      i = stringEnd(buf, i)
      if (i === SLOW) return SLOW
      const keyEnd = i++
      // :"value"
      if (buf[i] !== 0x3a || buf[i + 1] !== 0x22) return SLOW
      const valueAt = (i += 2)
      i = stringEnd(buf, i)
      if (i === SLOW) return SLOW
      if (keyEnd - keyAt === 6) {
        if (isKey(buf, keyAt, ACTION)) {
          actionAt = valueAt
          actionEnd = i
        } else if (isKey(buf, keyAt, REASON)) {
          reasonAt = valueAt
          reasonEnd = i
        }
      }
      b = buf[++i]
      i++
      if (b === 0x2c) continue // ,
      if (b === 0x7d) break // }
      return SLOW
    }
    for (;;) {
      b = buf[i++]
      if (b === 0x0a) break
      if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return SLOW
    }
    if (actionAt < 0 || reasonAt < 0) return SLOW // countLine reports what is missing
    this.line++
    this.total++
    this.actions.addBytes(buf, actionAt, actionEnd)
    this.reasons.addBytes(buf, reasonAt, reasonEnd)
    return i
  }

  /** One line in buf[from, to) (without its LF), parsed with JSON.parse. */
  private countLine(buf: Uint8Array, from: number, to: number): void {
    this.line++
    if (isBlank(buf, from, to)) return
    let value: unknown
    try {
      value = JSON.parse(this.decoder.decode(buf.subarray(from, to)))
    } catch {
      // JSON.parse's message quotes the line, which holds IDs: do not pass it on.
      throw this.formatError('is not valid JSON')
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.formatError('is not a JSON object')
    }
    const { action, reason } = value as { action?: unknown; reason?: unknown }
    if (typeof action !== 'string') throw this.formatError('has no string "action"')
    if (typeof reason !== 'string') throw this.formatError('has no string "reason"')
    this.total++
    this.actions.add(action)
    this.reasons.add(reason)
  }

  private formatError(what: string): ResultsFormatError {
    return new ResultsFormatError(
      `${this.label} line ${this.line} ${what}: each line of X's compliance results must be a JSON object with string "action" and "reason". The file may be truncated or not a compliance results file; download the results again.`,
      this.line
    )
  }
}

/**
 * The closing quote of a JSON string whose contents start at i, or SLOW if the contents hold a
 * backslash or a control character (an LF included, which ends every scan).
 */
function stringEnd(buf: Uint8Array, i: number): number {
  for (;;) {
    const b = buf[i]
    // Most bytes are above the quote and not a backslash: one test each.
    if (b > 0x22 && b !== 0x5c) i++
    else if (b === 0x22) return i
    else if (b === 0x20 || b === 0x21) i++
    else return SLOW
  }
}

const ACTION = [0x61, 0x63, 0x74, 0x69, 0x6f, 0x6e] // action
const REASON = [0x72, 0x65, 0x61, 0x73, 0x6f, 0x6e] // reason

function isKey(buf: Uint8Array, at: number, key: number[]): boolean {
  return (
    buf[at] === key[0] &&
    buf[at + 1] === key[1] &&
    buf[at + 2] === key[2] &&
    buf[at + 3] === key[3] &&
    buf[at + 4] === key[4] &&
    buf[at + 5] === key[5]
  )
}

/**
 * Compact `{"total":N,"by_action":{...},"by_reason":{...}}` with no zero-valued keys, keys in the
 * record's order (first-seen from ResultsCounter; JS puts integer-like keys first, which X never uses).
 */
export function countsJson(c: ResultCounts): string {
  return `{"total":${c.total},"by_action":${compact(c.byAction)},"by_reason":${compact(c.byReason)}}`
}

export async function countResultsFile(path: string): Promise<ResultCounts> {
  const label = `results file ${JSON.stringify(path)}`
  const counter = new ResultsCounter({ label })
  let fh
  try {
    fh = await open(path, 'r')
  } catch (e) {
    throw readError(label, e)
  }
  // Two buffers: the next chunk is read while this one is counted (push copies what it keeps).
  const bufs = [Buffer.allocUnsafe(READ_CHUNK), Buffer.allocUnsafe(READ_CHUNK)]
  const read = (buf: Buffer, pos: number): Promise<number> =>
    fh.read(buf, 0, buf.length, pos).then(
      r => r.bytesRead,
      (e: unknown) => {
        throw readError(label, e)
      }
    )
  let ahead: Promise<number> | undefined = read(bufs[0], 0)
  try {
    for (let pos = 0, slot = 0; ; slot ^= 1) {
      const n: number = await ahead
      ahead = undefined
      if (n === 0) break
      ahead = read(bufs[slot ^ 1], pos + n)
      counter.push(bufs[slot].subarray(0, n))
      pos += n
    }
  } finally {
    // A read still in flight must end before the file is closed (and its error is not news).
    await ahead?.catch(() => undefined)
    await fh.close().catch(() => undefined)
  }
  return counter.end()
}

function readError(label: string, e: unknown): Error {
  // fs errors may come from another realm (jest vm), so no instanceof.
  const m = (e as { message?: unknown } | null)?.message
  return new Error(`${label} cannot be read: ${typeof m === 'string' ? m : String(e)}`, { cause: e })
}

function compact(r: Record<string, number>): string {
  const parts: string[] = []
  for (const k of Object.keys(r)) {
    const v = r[k]
    if (v !== 0) parts.push(`${JSON.stringify(k)}:${v}`)
  }
  return `{${parts.join(',')}}`
}

function toRecord(m: Map<string, number>): Record<string, number> {
  // Null prototype: a reason such as "__proto__" or "constructor" stays an ordinary key.
  const r = Object.create(null) as Record<string, number>
  for (const [k, v] of m) r[k] = v
  return r
}

function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i]
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false
  }
  return true
}

function concat(parts: Uint8Array[]): Uint8Array {
  let len = 0
  for (const p of parts) len += p.length
  const out = new Uint8Array(len)
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.length
  }
  return out
}
