// Counts the JSON-lines results by action and reason as the bytes stream by; only one line is ever held.
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

export class ResultsCounter {
  private readonly label: string
  private readonly decoder = new TextDecoder('utf-8')
  // Maps keep first-seen order and are safe for keys like "__proto__".
  private readonly actions = new Map<string, number>()
  private readonly reasons = new Map<string, number>()
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
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(0x0a, start)
      if (nl === -1) {
        // Copy, as the caller may reuse its buffer (Buffer#slice would not copy).
        if (start < chunk.length) this.pending.push(new Uint8Array(chunk.subarray(start)))
        return
      }
      let bytes = chunk.subarray(start, nl)
      if (this.pending.length > 0) {
        this.pending.push(bytes)
        bytes = concat(this.pending)
        this.pending = []
      }
      this.countLine(bytes)
      start = nl + 1
    }
  }

  end(): ResultCounts {
    if (!this.ended) {
      this.ended = true
      if (this.pending.length > 0) {
        const last = concat(this.pending)
        this.pending = []
        this.countLine(last)
      }
    }
    return { total: this.total, byAction: toRecord(this.actions), byReason: toRecord(this.reasons) }
  }

  private countLine(bytes: Uint8Array): void {
    this.line++
    if (isBlank(bytes)) return
    let value: unknown
    try {
      value = JSON.parse(this.decoder.decode(bytes))
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
    this.actions.set(action, (this.actions.get(action) ?? 0) + 1)
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1)
  }

  private formatError(what: string): ResultsFormatError {
    return new ResultsFormatError(
      `${this.label} line ${this.line} ${what}: each line of X's compliance results must be a JSON object with string "action" and "reason". The file may be truncated or not a compliance results file; download the results again.`,
      this.line
    )
  }
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
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK)
    for (let pos = 0; ;) {
      let n: number
      try {
        n = (await fh.read(buf, 0, buf.length, pos)).bytesRead
      } catch (e) {
        throw readError(label, e)
      }
      if (n === 0) break
      counter.push(buf.subarray(0, n))
      pos += n
    }
  } finally {
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

function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
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
