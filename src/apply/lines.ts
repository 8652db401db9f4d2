// The line formats: a text file of IDs, and JSON lines with the ID in a top-level field.
// Rows end with LF or CRLF (the last may have neither); a kept row is copied byte for byte, as are
// blank lines (only spaces, tabs or CR), which are kept and not counted as rows.
import type { ChunkConsumer } from './chunks.js'
import { ApplyError, excerptBytes } from './errors.js'
import { ID_BAD, ID_EMPTY, ID_OK, parseIdBytes, parseIdString, type IdKey } from './id.js'
import { JsonScanError, TopLevelScanner, V_NONE, V_NUMBER, V_OTHER, V_STRING } from './json-field.js'
import type { Judge } from './judge.js'
import { decodeString, isBlank } from './results.js'

const LF = 0x0a
const CR = 0x0d
const NEWLINE = Buffer.from('\n')

abstract class LineConsumer implements ChunkConsumer {
  line = 0
  protected readonly key: IdKey = { hi: 0, lo: 0 }

  constructor(
    protected readonly judge: Judge,
    protected readonly label: string,
    protected readonly file: string
  ) {}

  /** Judges buf[s, e) (the row without its line ending; `next` is after it); returns the reason or -1. */
  protected abstract row(buf: Buffer, s: number, e: number): number
  /** Writes a removed row to the removed output. */
  protected abstract writeRemoved(buf: Buffer, s: number, e: number, next: number, reason: number): void

  consume(buf: Buffer, start: number, end: number, eof: boolean): number {
    const keep = this.judge.keep
    const removedOut = this.judge.removedOut
    let run = start // kept bytes from here are copied in one go
    let i = start
    while (i < end) {
      let nl = buf.indexOf(LF, i)
      let next: number
      if (nl === -1 || nl >= end) {
        if (!eof) break
        nl = end
        next = end
      } else next = nl + 1
      this.line++
      const e = nl > i && buf[nl - 1] === CR ? nl - 1 : nl
      const r = this.row(buf, i, e)
      if (r >= 0) {
        keep.append(buf, run, i)
        run = next
        if (removedOut !== undefined) this.writeRemoved(buf, i, e, next, r)
      }
      i = next
    }
    keep.append(buf, run, i)
    return i
  }

  protected error(what: string): ApplyError {
    return new ApplyError(`${this.label} line ${this.line} ${what}`, { file: this.file, line: this.line })
  }

  /** Appends the row's own line ending (LF or CRLF); a last row without one (or with a lone CR) gets LF. */
  protected writeEnding(buf: Buffer, e: number, next: number): void {
    const out = this.judge.removedOut!
    if (next > e && buf[next - 1] === LF) out.append(buf, e, next)
    else out.append(NEWLINE, 0, 1)
  }
}

/** One ID per line (spaces and tabs around it allowed). Removed rows: `ID<TAB>reason`. */
export class IdsConsumer extends LineConsumer {
  protected row(buf: Buffer, s: number, e: number): number {
    const key = this.key
    const status = parseIdBytes(buf, s, e, key)
    if (status === ID_OK) return this.judge.judge(key.hi, key.lo)
    if (status === ID_EMPTY || isBlank(buf, s, e)) return -1
    throw this.error(
      `is not an ID (${excerptBytes(buf, s, e)}): each row must hold one ID of 1 to 19 digits (0-9)`
    )
  }

  protected writeRemoved(buf: Buffer, s: number, e: number, next: number, reason: number): void {
    const out = this.judge.removedOut!
    let a = s
    let b = e
    while (buf[a] === 0x20 || buf[a] === 0x09) a++
    while (buf[b - 1] === 0x20 || buf[b - 1] === 0x09) b--
    out.append(buf, a, b)
    out.appendString(`\t${this.judge.reasonText[reason]}`)
    this.writeEnding(buf, e, next)
  }
}

/**
 * JSON lines with the ID in the top-level field `idField`, as a string or a bare number (read from its
 * digits). Removed rows get `,"compliance_reason":"<reason>"` before their closing brace.
 */
export class JsonlConsumer extends LineConsumer {
  private readonly scanner: TopLevelScanner
  private readonly field: string
  private readonly reasonJson: string[]

  constructor(judge: Judge, label: string, file: string, idField: string) {
    super(judge, label, file)
    this.field = idField
    this.scanner = new TopLevelScanner([idField])
    this.reasonJson = judge.reasonText.map(r => `,"compliance_reason":${JSON.stringify(r)}`)
  }

  protected row(buf: Buffer, s: number, e: number): number {
    if (isBlank(buf, s, e)) return -1
    const sc = this.scanner
    const key = this.key
    let status: number
    try {
      sc.scan(buf, s, e)
      const kind = sc.kind[0]
      if (kind === V_STRING && sc.escaped[0] === 0) status = parseIdBytes(buf, sc.start[0], sc.end[0], key)
      else if (kind === V_STRING) status = parseIdString(decodeString(buf, sc.start[0], sc.end[0]), key)
      else if (kind === V_NUMBER) status = parseIdBytes(buf, sc.start[0], sc.end[0], key)
      else status = ID_BAD
    } catch (err) {
      if (err instanceof JsonScanError) throw this.error(err.message)
      throw err
    }
    if (status === ID_OK) return this.judge.judge(key.hi, key.lo)
    const f = JSON.stringify(this.field)
    const kind = sc.kind[0]
    if (kind === V_NONE) throw this.error(`has no field ${f}: every row needs an ID`)
    const text = buf.toString('utf8', sc.start[0], Math.min(sc.end[0], sc.start[0] + 4))
    if (status === ID_EMPTY || (kind === V_OTHER && sc.end[0] - sc.start[0] === 4 && text === 'null')) {
      throw this.error(`has an empty field ${f}: every row needs an ID`)
    }
    const value = kind === V_OTHER ? 'an object, array or literal' : excerptBytes(buf, sc.start[0], sc.end[0])
    throw this.error(`has ${value} in field ${f}, which is not an ID of 1 to 19 digits`)
  }

  protected writeRemoved(buf: Buffer, s: number, e: number, next: number, reason: number): void {
    const out = this.judge.removedOut!
    const brace = this.scanner.closeBrace
    out.append(buf, s, brace)
    out.appendString(this.reasonJson[reason])
    out.append(buf, brace, e)
    this.writeEnding(buf, e, next)
  }
}
