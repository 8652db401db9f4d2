// The flagged IDs of one upload, 8 bytes each in upload order (duplicates kept), with what a download
// needs to serve their lines without building the text: the total size and where every STRIDE-th line starts.

/** Pages start small (most test jobs are tiny) and grow to PAGE entries; then new pages are added. */
const FIRST_PAGE = 1024
const PAGE = 1 << 17
const PAGE_BITS = 17
/** A Range download starts at most this many lines before its first byte. */
export const STRIDE = 64
// Aliases: a global lookup per line is slow in a vm context (jest).
const { ceil, min } = Math

/** A point to truncate back to (a session rolling back a request). */
export interface FlaggedMark {
  count: number
  bytes: number
}

export class FlaggedIds {
  /** Lines (IDs) held. */
  count = 0
  /** Bytes of the results file: every line with its newline. */
  bytes = 0
  private pages: BigUint64Array[] = []
  /** offsets[k]: where line k * STRIDE starts. */
  private offsets: number[] = []
  /** Digits of IDs written with leading zeros, by index; rare, so kept aside rather than per ID. */
  private padded = new Map<number, number>()

  /** Adds an ID of `lineBytes` result bytes; `padTo` when its text has leading zeros. */
  push(id: bigint, lineBytes: number, padTo?: number): void {
    const i = this.count
    const p = i >>> PAGE_BITS
    const at = i & (PAGE - 1)
    let page = this.pages[p]
    if (!page || at >= page.length) {
      const grown = new BigUint64Array(page ? min(PAGE, page.length * 2) : p ? PAGE : FIRST_PAGE)
      if (page) grown.set(page)
      page = this.pages[p] = grown
    }
    page[at] = id
    if (padTo !== undefined) this.padded.set(i, padTo)
    if (i % STRIDE === 0) this.offsets.push(this.bytes)
    this.count++
    this.bytes += lineBytes
  }

  /** The text of ID number i, as it was uploaded (after trimming). */
  id(i: number): string {
    // BigInt's toString is the quickest way here from 64 bits to a flat string (which hashes fast).
    const text = this.pages[i >>> PAGE_BITS][i & (PAGE - 1)].toString()
    const pad = this.padded.size ? this.padded.get(i) : undefined
    return pad === undefined ? text : text.padStart(pad, '0')
  }

  mark(): FlaggedMark {
    return { count: this.count, bytes: this.bytes }
  }

  truncate(m: FlaggedMark): void {
    if (m.count >= this.count) return
    this.count = m.count
    this.bytes = m.bytes
    this.offsets.length = ceil(m.count / STRIDE)
    this.pages.length = ceil(m.count / PAGE)
    for (const i of this.padded.keys()) if (i >= m.count) this.padded.delete(i)
  }

  /** The last indexed line starting at or before byte `offset`, and where it starts. */
  seek(offset: number): { line: number; start: number } {
    let lo = 0
    let hi = this.offsets.length - 1
    if (hi < 0) return { line: 0, start: 0 }
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (this.offsets[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo * STRIDE, start: this.offsets[lo] }
  }
}
