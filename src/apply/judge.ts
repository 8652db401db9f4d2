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
    /** X's action by reason index ('unknown' where the results named none). */
    private readonly actions: readonly (string | undefined)[],
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
    return this.removedBy(r => this.reasonText[r])
  }

  removedByAction(): Record<string, number> {
    return this.removedBy(r => this.actions[r] ?? 'unknown')
  }

  private removedBy(name: (reason: number) => string): Record<string, number> {
    // Null prototype: a name such as "__proto__" stays an ordinary key.
    const out = Object.create(null) as Record<string, number>
    for (let r = 0; r < this.byReason.length; r++) {
      const n = this.byReason[r]
      if (n > 0) out[name(r)] = (out[name(r)] ?? 0) + n
    }
    return out
  }
}
