// Loads the results file's IDs (with their reasons) into a sorted IdSet: memory is ~19 bytes per
// results line while loading and ~11 bytes per distinct ID afterwards, whatever the dataset's size.
import { readChunks, type ChunkConsumer } from './chunks.js'
import { ApplyError, excerptBytes } from './errors.js'
import {
  ID_OK,
  IdSetBuilder,
  MAX_REASONS,
  parseIdBytes,
  parseIdString,
  type IdKey,
  type IdSet
} from './id.js'
import { JsonScanError, TopLevelScanner, V_NONE, V_NUMBER, V_STRING } from './json-field.js'

export interface LoadedResults {
  ids: IdSet
  /** Reason names by index. */
  reasons: string[]
  /** X's action for each reason (from its first line with a string "action"), by reason index. */
  actions: (string | undefined)[]
  /** Non-blank lines. */
  lines: number
}

const RULE =
  'each line of X\'s compliance results must be a JSON object with an "id" of 1 to 19 digits and a string "reason"'

class ResultsConsumer implements ChunkConsumer {
  readonly builder = new IdSetBuilder()
  readonly reasons: string[] = []
  readonly actions: (string | undefined)[] = []
  /** The unescaped raw bytes of each reason, when seen so: a byte compare avoids decoding each line. */
  private readonly reasonBytes: (Uint8Array | null)[] = []
  private readonly reasonIndex = new Map<string, number>()
  private readonly scanner = new TopLevelScanner(['id', 'reason', 'action'])
  private readonly key: IdKey = { hi: 0, lo: 0 }
  line = 0
  lines = 0

  constructor(
    private readonly label: string,
    private readonly file: string
  ) {}

  consume(buf: Buffer, start: number, end: number, eof: boolean): number {
    let i = start
    while (i < end) {
      let nl = buf.indexOf(0x0a, i)
      if (nl === -1 || nl >= end) {
        if (!eof) return i
        nl = end
      }
      this.line++
      try {
        this.lineAt(buf, i, nl)
      } catch (err) {
        if (err instanceof JsonScanError) throw this.error(err.message)
        throw err
      }
      i = nl + 1
    }
    return end
  }

  private lineAt(buf: Buffer, s: number, e: number): void {
    if (isBlank(buf, s, e)) return
    this.lines++
    const sc = this.scanner
    sc.scan(buf, s, e)
    const key = this.key
    const kind = sc.kind[0]
    if (kind === V_NONE) throw this.error('has no "id"')
    let status: number
    if (kind === V_STRING && sc.escaped[0] === 0) status = parseIdBytes(buf, sc.start[0], sc.end[0], key)
    else if (kind === V_STRING) status = parseIdString(decodeString(buf, sc.start[0], sc.end[0]), key)
    else if (kind === V_NUMBER) status = parseIdBytes(buf, sc.start[0], sc.end[0], key)
    else status = -1
    if (status !== ID_OK) {
      const raw = kind === V_STRING ? excerptBytes(buf, sc.start[0], sc.end[0]) : 'a non-string value'
      throw this.error(`has an "id" (${raw}) that is not 1 to 19 digits`)
    }
    if (sc.kind[1] !== V_STRING) throw this.error('has no string "reason"')
    const r = this.reasonOf(buf, sc.start[1], sc.end[1], sc.escaped[1] === 1)
    this.builder.add(key.hi, key.lo, r)
    // A reason has one action at X; it is taken once, so the other lines cost nothing more.
    if (this.actions[r] === undefined && sc.kind[2] === V_STRING) {
      this.actions[r] =
        sc.escaped[2] === 1
          ? decodeString(buf, sc.start[2], sc.end[2])
          : buf.toString('utf8', sc.start[2], sc.end[2])
    }
  }

  private reasonOf(buf: Buffer, s: number, e: number, escaped: boolean): number {
    if (!escaped) {
      const known = this.reasonBytes
      const n = e - s
      const lim = Math.min(known.length, 32)
      outer: for (let r = 0; r < lim; r++) {
        const k = known[r]
        if (k === null || k.length !== n) continue
        for (let j = 0; j < n; j++) if (k[j] !== buf[s + j]) continue outer
        return r
      }
    }
    const name = escaped ? decodeString(buf, s, e) : buf.toString('utf8', s, e)
    let r = this.reasonIndex.get(name)
    if (r === undefined) {
      if (this.reasons.length >= MAX_REASONS)
        throw this.error('brings the number of distinct reasons above 65535')
      r = this.reasons.length
      this.reasons.push(name)
      this.actions.push(undefined)
      this.reasonIndex.set(name, r)
      this.reasonBytes.push(null)
    }
    if (!escaped && r < 32 && this.reasonBytes[r] === null)
      this.reasonBytes[r] = new Uint8Array(buf.subarray(s, e)) // a copy: the buffer is reused
    return r
  }

  private error(what: string): ApplyError {
    return new ApplyError(
      `${this.label} line ${this.line} ${what}: ${RULE}. The file may be truncated or not a compliance results file; download the results again.`,
      { file: this.file, line: this.line }
    )
  }
}

/** Decodes a JSON string's content buf[s, e) (without its quotes). */
export function decodeString(buf: Buffer, s: number, e: number): string {
  try {
    return JSON.parse(buf.toString('utf8', s - 1, e + 1)) as string
  } catch {
    throw new JsonScanError('is not valid JSON (bad escape in a string)')
  }
}

export function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i]
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false
  }
  return true
}

export async function loadResults(
  file: string,
  signal?: AbortSignal,
  readSize?: number
): Promise<LoadedResults> {
  const label = `results file ${JSON.stringify(file)}`
  const consumer = new ResultsConsumer(label, file)
  await readChunks(consumer, { label, file, signal, readSize })
  return {
    ids: consumer.builder.build(),
    reasons: consumer.reasons,
    actions: consumer.actions,
    lines: consumer.lines
  }
}
