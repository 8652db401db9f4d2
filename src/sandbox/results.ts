// Deterministic compliance results: a hash of each uploaded ID decides whether it needs action and why.
import type { JobType } from './types.js'
import { ID_PATTERN as ID } from '../compliance/model.js'

export const REASONS: Record<JobType, readonly string[]> = {
  tweets: ['deleted', 'protected', 'suspended', 'scrub_geo', 'bounced'],
  users: ['deleted', 'protected', 'suspended', 'deactivated']
}

/** Share of IDs flagged, in percent. */
const FLAGGED_PERCENT = 30
const MAX_LINE = 256
const SECOND = 1000
const DAY = 86_400 * SECOND
const EPOCH_2010 = Date.UTC(2010, 0, 1)

/** FNV-1a, 32 bit: tiny, stable across platforms. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / SECOND) * SECOND).toISOString()
}

/** The result line for one ID, or undefined when the ID is compliant. */
export function resultLine(id: string, type: JobType): string | undefined {
  const h = fnv1a(`${type}:${id}`)
  if (h % 100 >= FLAGGED_PERCENT) return undefined
  const reasons = REASONS[type]
  const reason = reasons[(h >>> 8) % reasons.length]
  const h2 = fnv1a(`${id}:${type}:when`)
  const created = EPOCH_2010 + (h2 % (12 * 365)) * DAY + (h2 % 86_400) * SECOND
  // X says not every event has redacted_at.
  const redacted = (h2 >>> 20) % 4 === 0 ? undefined : created + (((h2 >>> 8) % 900) + 1) * DAY
  const line: Record<string, string> = { id, action: 'delete', created_at: iso(created) }
  if (redacted !== undefined) line.redacted_at = iso(redacted)
  line.reason = reason
  return JSON.stringify(line)
}

/** The result lines the sandbox produces for these IDs (in order, one per flagged ID line). */
export function expectedResults(ids: string[], type: JobType): string[] {
  const out: string[] = []
  for (const raw of ids) {
    const id = raw.trim()
    if (!ID.test(id)) continue
    const line = resultLine(id, type)
    if (line !== undefined) out.push(line)
  }
  return out
}

/** Results file text for an uploaded object: blank and non-ID lines are ignored; '' when none is flagged. */
export function resultsForObject(object: Buffer, type: JobType): string {
  const lines: string[] = []
  let start = 0
  while (start < object.length) {
    let end = object.indexOf(10, start)
    if (end < 0) end = object.length
    // Longer lines cannot hold an ID; never turn a huge line into a string.
    const id = end - start <= MAX_LINE ? object.toString('latin1', start, end).trim() : ''
    if (ID.test(id)) {
      const line = resultLine(id, type)
      if (line !== undefined) lines.push(line)
    }
    start = end + 1
  }
  return lines.length ? lines.join('\n') + '\n' : ''
}
