// Deterministic compliance results: a hash of each uploaded ID decides whether it needs action and why.
// These build the whole text (tests, small jobs); the sandbox itself scans uploads (id-scanner.ts) and
// streams downloads (results-source.ts) with the same lines.
import type { JobType } from './types.js'
import { ID_PATTERN as ID } from '../compliance/model.js'
import { DEFAULT_FLAGGED_PERCENT, resultLine } from './result-line.js'

/** Longer lines cannot hold an ID: they are skipped, never turned into a string or kept. */
export const MAX_LINE = 256

export { REASONS, resultLine } from './result-line.js'

/** The result lines the sandbox produces for these IDs (in order, one per flagged ID line). */
export function expectedResults(
  ids: string[],
  type: JobType,
  flaggedPercent = DEFAULT_FLAGGED_PERCENT
): string[] {
  const out: string[] = []
  for (const raw of ids) {
    const id = raw.trim()
    if (!ID.test(id)) continue
    const line = resultLine(id, type, flaggedPercent)
    if (line !== undefined) out.push(line)
  }
  return out
}

/** Results file text for an uploaded object: blank and non-ID lines are ignored; '' when none is flagged. */
export function resultsForObject(
  object: Buffer,
  type: JobType,
  flaggedPercent = DEFAULT_FLAGGED_PERCENT
): string {
  const lines: string[] = []
  let start = 0
  while (start < object.length) {
    let end = object.indexOf(10, start)
    if (end < 0) end = object.length
    // Longer lines cannot hold an ID; never turn a huge line into a string.
    const id = end - start <= MAX_LINE ? object.toString('latin1', start, end).trim() : ''
    if (ID.test(id)) {
      const line = resultLine(id, type, flaggedPercent)
      if (line !== undefined) lines.push(line)
    }
    start = end + 1
  }
  return lines.length ? lines.join('\n') + '\n' : ''
}
