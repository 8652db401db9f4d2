// Finds the flagged IDs of an upload as its bytes are committed, so results exist without keeping the
// object (discardObjects) and without one string of the whole results. The same rules as resultsForObject:
// lines end at '\n', are trimmed as String.trim would trim their latin1 text, and blank, too long or
// non-ID lines are ignored. A line split across commits (chunks, requests) waits in a small carry.
import { FlaggedIds, type FlaggedMark } from './flagged-ids.js'
import { FNV_OFFSET, FNV_PRIME, fnv1a, isFlagged, lineLength } from './result-line.js'
import { MAX_ID_DIGITS } from '../compliance/model.js'
import { MAX_LINE } from './results.js'
import type { JobType } from './types.js'

const NL = 0x0a
const ZERO = 0x30
const NINE = 0x39
// Local copies for the per-byte loops: an imported binding may be a getter call in a bundle or a loader,
// and a global lookup is slow in a vm context (jest).
const PRIME = FNV_PRIME
const LONGEST = MAX_LINE
const MAX_DIGITS = MAX_ID_DIGITS
const { imul } = Math
const toBigInt = BigInt
const BILLION = 1_000_000_000n

/** The bytes String.trim removes from latin1 text: TAB, LF, VT, FF, CR, space, NBSP. */
function blank(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0
}

export interface ScanMark {
  flagged: FlaggedMark
  carry: Buffer
  tooLong: boolean
}

export class IdScanner {
  readonly flagged = new FlaggedIds()
  /** The start of a line that a later commit finishes. */
  private carry = Buffer.alloc(LONGEST)
  private carryLen = 0
  private tooLong = false
  /** FNV-1a state after `${type}:`, and what follows the ID in the second hash. */
  private readonly flagPrefix: number
  private readonly whenSuffix: string

  constructor(
    private readonly type: JobType,
    private readonly percent: number
  ) {
    this.flagPrefix = fnv1a(`${type}:`) | 0
    this.whenSuffix = `:${type}:when`
  }

  /** The next committed bytes, in order. */
  push(buf: Buffer): void {
    // With nothing to flag the results are empty whatever the bytes: no need to read them.
    if (this.percent === 0) return
    const len = buf.length
    let i = 0
    if (this.carryLen > 0 || this.tooLong) {
      // Finish the line an earlier commit started.
      const nl = buf.indexOf(NL)
      if (nl < 0) return this.keep(buf, 0, len)
      this.keep(buf, 0, nl)
      this.flushCarry()
      i = nl + 1
    }
    const prefix = this.flagPrefix
    const percent = this.percent
    while (i < len) {
      // Fast path, nearly every line of an ID file: digits, then a newline. FNV-1a runs as the digits go by.
      const start = i
      let h = prefix
      let c = 0
      for (; i < len; i++) {
        c = buf[i]
        if (c < ZERO || c > NINE) break
        h = imul(h ^ c, PRIME)
      }
      if (i < len && c === NL && i > start && i - start <= MAX_DIGITS) {
        if (isFlagged(h >>> 0, percent)) this.found(buf, start, i, h >>> 0)
        i++
        continue
      }
      // Anything else: the whole line by today's rules, or the carry when it goes on in the next commit.
      const nl = buf.indexOf(NL, i)
      if (nl < 0) return this.keep(buf, start, len)
      this.line(buf, start, nl)
      i = nl + 1
    }
  }

  /** The object is complete: a last line without '\n' counts too. */
  end(): FlaggedIds {
    this.flushCarry()
    return this.flagged
  }

  mark(): ScanMark {
    return {
      flagged: this.flagged.mark(),
      carry: Buffer.from(this.carry.subarray(0, this.carryLen)),
      tooLong: this.tooLong
    }
  }

  rollback(m: ScanMark): void {
    this.flagged.truncate(m.flagged)
    m.carry.copy(this.carry)
    this.carryLen = m.carry.length
    this.tooLong = m.tooLong
  }

  reset(): void {
    this.rollback({ flagged: { count: 0, bytes: 0 }, carry: Buffer.alloc(0), tooLong: false })
  }

  private keep(buf: Buffer, from: number, to: number): void {
    if (this.tooLong) return
    if (this.carryLen + to - from > LONGEST) {
      this.tooLong = true
      return
    }
    buf.copy(this.carry, this.carryLen, from, to)
    this.carryLen += to - from
  }

  private flushCarry(): void {
    if (!this.tooLong && this.carryLen > 0) this.line(this.carry, 0, this.carryLen)
    this.carryLen = 0
    this.tooLong = false
  }

  /** One line, buf[start, end) without its '\n'. */
  private line(buf: Buffer, start: number, end: number): void {
    if (end - start > LONGEST) return
    while (start < end && blank(buf[start])) start++
    while (end > start && blank(buf[end - 1])) end--
    const digits = end - start
    if (digits < 1 || digits > MAX_DIGITS) return
    let h = this.flagPrefix
    for (let i = start; i < end; i++) {
      const c = buf[i]
      if (c < ZERO || c > NINE) return
      h = imul(h ^ c, PRIME)
    }
    h >>>= 0
    if (isFlagged(h, this.percent)) this.found(buf, start, end, h)
  }

  private found(buf: Buffer, start: number, end: number, h: number): void {
    let h2 = FNV_OFFSET
    for (let i = start; i < end; i++) h2 = imul(h2 ^ buf[i], PRIME)
    h2 = fnv1a(this.whenSuffix, h2)
    const digits = end - start
    const padTo = buf[start] === ZERO && digits > 1 ? digits : undefined
    this.flagged.push(idValue(buf, start, end), lineLength(digits, this.type, h, h2) + 1, padTo)
  }
}

/** The value of 1 to 19 ASCII digits: two exact numbers, then BigInts (twice as quick as parsing text). */
function idValue(buf: Buffer, start: number, end: number): bigint {
  const split = end - start > 9 ? end - 9 : start
  let hi = 0
  let lo = 0
  for (let i = start; i < split; i++) hi = hi * 10 + buf[i] - ZERO
  for (let i = split; i < end; i++) lo = lo * 10 + buf[i] - ZERO
  return hi ? toBigInt(hi) * BILLION + toBigInt(lo) : toBigInt(lo)
}
