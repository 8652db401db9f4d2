// Judges dataset rows against the results: counts, and routes removed rows to the removed output.
import type { IdSet } from './id.js'
import type { OutputFile } from './output.js'

export class Judge {
  rows = 0
  removed = 0
  readonly byReason: Float64Array
  /** Each reason as UTF-8, for the removed output. */
  readonly reasonText: string[]

  constructor(
    readonly ids: IdSet,
    reasons: string[],
    readonly keep: OutputFile,
    readonly removedOut: OutputFile | undefined
  ) {
    this.byReason = new Float64Array(reasons.length)
    this.reasonText = reasons
  }

  /** Counts a row with this ID; returns its reason index when the results list it, else -1. */
  judge(hi: number, lo: number): number {
    this.rows++
    const at = this.ids.indexOf(hi, lo)
    if (at < 0) return -1
    this.ids.matched[at] = 1
    const r = this.ids.reasons[at]
    this.byReason[r]++
    this.removed++
    return r
  }

  removedByReason(): Record<string, number> {
    // Null prototype: a reason such as "__proto__" stays an ordinary key.
    const out = Object.create(null) as Record<string, number>
    for (let r = 0; r < this.byReason.length; r++) {
      if (this.byReason[r] > 0) out[this.reasonText[r]] = this.byReason[r]
    }
    return out
  }
}
