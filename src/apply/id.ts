// IDs as unsigned 64-bit integers read straight from their digits (never through a JS number or
// JSON.parse, which lose precision above 2^53), and the sorted set of results IDs.
import { endianness } from 'node:os'

import { MAX_ID_DIGITS } from '../compliance/model.js'

export { MAX_ID_DIGITS } from '../compliance/model.js'

/** Scratch output of the parsers: the ID as two unsigned 32-bit halves. */
export interface IdKey {
  hi: number
  lo: number
}

export const ID_OK = 0
/** Nothing but spaces or tabs (or nothing at all). */
export const ID_EMPTY = 1
/** Anything else: a non-digit, a sign, an inner space, more than 19 digits. */
export const ID_BAD = 2

const TWO32 = 4294967296
const POW10 = [1, 10, 100, 1000, 10000]

/** Combines the first (up to 15) digits' value and the rest's value into key.hi/lo. */
// Hot paths use `| 0` on values known to be below 2^31 rather than Math.floor: same result, and no
// global lookup (slow under jest's vm contexts).
function combine(head: number, tail: number, digits: number, key: IdKey): void {
  let hi = (head / TWO32) | 0 // head < 10^15, so hi < 2^18
  let lo = head - hi * TWO32
  if (digits > 15) {
    // lo * 10^4 + tail < 2^32 * 10^4 + 10^4: exact in a double.
    const m = POW10[digits - 15]
    const x = lo * m + tail
    const carry = (x / TWO32) | 0 // < 10^4
    lo = x - carry * TWO32
    hi = hi * m + carry
  }
  key.hi = hi
  key.lo = lo
}

/**
 * Parses buf[start, end) as an ID: 1 to 19 ASCII digits, optionally surrounded by spaces and tabs.
 * Leading zeros are allowed and insignificant (the ID is compared as an integer).
 */
export function parseIdBytes(buf: Uint8Array, start: number, end: number, key: IdKey): number {
  let i = start
  while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i++
  let e = end
  while (e > i && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--
  const n = e - i
  if (n === 0) return ID_EMPTY
  if (n > MAX_ID_DIGITS) return ID_BAD
  const split = n > 15 ? e - (n - 15) : e
  let head = 0
  for (; i < split; i++) {
    const d = buf[i] - 0x30
    if (d < 0 || d > 9) return ID_BAD
    head = head * 10 + d
  }
  let tail = 0
  for (; i < e; i++) {
    const d = buf[i] - 0x30
    if (d < 0 || d > 9) return ID_BAD
    tail = tail * 10 + d
  }
  combine(head, tail, n, key)
  return ID_OK
}

/** parseIdBytes for a string (a CSV field or a decoded JSON string). */
export function parseIdString(s: string, key: IdKey): number {
  let i = 0
  let e = s.length
  while (i < e && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++
  while (e > i && (s.charCodeAt(e - 1) === 0x20 || s.charCodeAt(e - 1) === 0x09)) e--
  const n = e - i
  if (n === 0) return ID_EMPTY
  if (n > MAX_ID_DIGITS) return ID_BAD
  const split = n > 15 ? e - (n - 15) : e
  let head = 0
  for (; i < split; i++) {
    const d = s.charCodeAt(i) - 0x30
    if (d < 0 || d > 9) return ID_BAD
    head = head * 10 + d
  }
  let tail = 0
  for (; i < e; i++) {
    const d = s.charCodeAt(i) - 0x30
    if (d < 0 || d > 9) return ID_BAD
    tail = tail * 10 + d
  }
  combine(head, tail, n, key)
  return ID_OK
}

// Where each half of a 64-bit element sits in a Uint32Array view of the same memory.
const LE = endianness() === 'LE'
const LO = LE ? 0 : 1
const HI = LE ? 1 : 0

/** Appends IDs with a reason index each, in file order; then `build()` sorts them into an IdSet. */
export class IdSetBuilder {
  private words = new Uint32Array(2 * 1024)
  private reasons = new Uint16Array(1024)
  private n = 0

  get count(): number {
    return this.n
  }

  add(hi: number, lo: number, reason: number): void {
    if (this.n === this.reasons.length) {
      const words = new Uint32Array(this.words.length * 2)
      words.set(this.words)
      this.words = words
      const reasons = new Uint16Array(this.reasons.length * 2)
      reasons.set(this.reasons)
      this.reasons = reasons
    }
    this.words[2 * this.n + HI] = hi
    this.words[2 * this.n + LO] = lo
    this.reasons[this.n] = reason
    this.n++
  }

  /** Sorts and removes duplicates; a duplicated ID keeps the reason of its first line. */
  build(): IdSet {
    const n = this.n
    const keys = new BigUint64Array(n)
    keys.set(new BigUint64Array(this.words.buffer, 0, n))
    keys.sort()
    const w = new Uint32Array(keys.buffer)
    // Remove duplicates in place.
    let u = 0
    for (let i = 0; i < n; i++) {
      if (u > 0 && w[2 * i + HI] === w[2 * (u - 1) + HI] && w[2 * i + LO] === w[2 * (u - 1) + LO]) continue
      if (u !== i) {
        w[2 * u] = w[2 * i]
        w[2 * u + 1] = w[2 * i + 1]
      }
      u++
    }
    const set = new IdSet(u === n ? keys : keys.slice(0, u))
    // Reasons, first line wins: look each line's ID up, in file order.
    const reasons = set.reasons
    reasons.fill(NO_REASON)
    const words = this.words
    const src = this.reasons
    for (let i = 0; i < n; i++) {
      const at = set.indexOf(words[2 * i + HI], words[2 * i + LO])
      if (reasons[at] === NO_REASON) reasons[at] = src[i]
    }
    this.words = new Uint32Array(0)
    this.reasons = new Uint16Array(0)
    this.n = 0
    return set
  }
}

const NO_REASON = 0xffff
/** Reason indexes run from 0 to MAX_REASONS - 1. */
export const MAX_REASONS = NO_REASON

/**
 * A sorted BigUint64Array of distinct IDs, searched through a Uint32Array view (no BigInt per lookup).
 * A bucket index narrows each binary search to a slice: bucket = ⌊(x - min) · B / (max - min)⌋ over
 * the IDs' approximate values x (doubles), which is monotonic in the ID, so each bucket is one slice
 * of the sorted keys (X's IDs grow with time, so they spread over the buckets; a lopsided set only
 * makes the slices longer, never a search wrong).
 */
export class IdSet {
  readonly keys: BigUint64Array
  /** Reason index of each key (parallel to keys). */
  readonly reasons: Uint16Array
  /** 1 once a dataset row matched the key. */
  readonly matched: Uint8Array
  readonly size: number
  private readonly w: Uint32Array
  /** buckets[b] = the first key index in bucket b; buckets[B] = size. */
  private readonly buckets: Uint32Array
  private readonly min: number
  private readonly max: number
  private readonly scale: number
  private readonly lastBucket: number

  constructor(keys: BigUint64Array) {
    this.keys = keys
    const n = keys.length
    this.size = n
    const w = new Uint32Array(keys.buffer, keys.byteOffset, n * 2)
    this.w = w
    this.reasons = new Uint16Array(n)
    this.matched = new Uint8Array(n)
    const nb = Math.max(1, n)
    this.buckets = new Uint32Array(nb + 1)
    this.lastBucket = nb - 1
    this.min = n > 0 ? w[HI] * TWO32 + w[LO] : 0
    this.max = n > 0 ? w[2 * (n - 1) + HI] * TWO32 + w[2 * (n - 1) + LO] : 0
    this.scale = this.max > this.min ? nb / (this.max - this.min) : 0
    let b = 0
    for (let i = 0; i < n; i++) {
      const bi = this.bucketOf(w[2 * i + HI] * TWO32 + w[2 * i + LO])
      while (b <= bi) this.buckets[b++] = i
    }
    while (b <= nb) this.buckets[b++] = n
  }

  /** x >= min; buckets number at most the keys, far below 2^31. */
  private bucketOf(x: number): number {
    const f = (x - this.min) * this.scale
    return f >= this.lastBucket ? this.lastBucket : f | 0
  }

  /** The index of the ID, or -1. */
  indexOf(hi: number, lo: number): number {
    const x = hi * TWO32 + lo
    // Strictly outside [min, max] as doubles means outside as integers (rounding is monotonic).
    if (!(x >= this.min && x <= this.max)) return -1
    const bucket = this.bucketOf(x)
    const w = this.w
    let a = this.buckets[bucket]
    let b = this.buckets[bucket + 1] - 1
    while (a <= b) {
      const m = (a + b) >>> 1
      const h = w[2 * m + HI]
      if (h < hi) a = m + 1
      else if (h > hi) b = m - 1
      else {
        const l = w[2 * m + LO]
        if (l < lo) a = m + 1
        else if (l > lo) b = m - 1
        else return m
      }
    }
    return -1
  }

  unmatched(): number {
    let c = 0
    const m = this.matched
    for (let i = 0; i < m.length; i++) if (m[i] === 0) c++
    return c
  }
}
