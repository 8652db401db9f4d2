// One result line: two FNV-1a hashes of an ID decide whether it is flagged, why and when. Shared by the
// whole-object results (tests), the upload scanner and the streamed download, so all give the same bytes.
import type { JobType } from './types.js'

export const REASONS: Record<JobType, readonly string[]> = {
  tweets: ['deleted', 'protected', 'suspended', 'scrub_geo', 'bounced'],
  users: ['deleted', 'protected', 'suspended', 'deactivated']
}

/** Share of IDs flagged, in percent, unless the sandbox is told otherwise. */
export const DEFAULT_FLAGGED_PERCENT = 30
const SECOND = 1000
const DAY = 86_400 * SECOND
const EPOCH_2010 = Date.UTC(2010, 0, 1)

// Hot loops use module-level aliases: a global lookup (Math) per byte is slow in a vm context (jest).
const { floor, imul } = Math

export const FNV_OFFSET = 0x811c9dc5
export const FNV_PRIME = 0x01000193

/** FNV-1a, 32 bit: tiny, stable across platforms. `h` continues a hash (the scanner hashes bytes). */
export function fnv1a(text: string, from = FNV_OFFSET): number {
  // As a signed 32-bit value from the start: one number representation through the loop (faster).
  let h = from | 0
  for (let i = 0; i < text.length; i++) h = imul(h ^ text.charCodeAt(i), FNV_PRIME)
  return h >>> 0
}

// FNV-1a runs byte by byte, so a hash can go on from the state after a fixed prefix (no string to build).
const FLAG_PREFIX: Record<JobType, number> = { tweets: fnv1a('tweets:'), users: fnv1a('users:') }
const WHEN_SUFFIX: Record<JobType, string> = { tweets: ':tweets:when', users: ':users:when' }

/** The hash of `${type}:${id}`: whether an ID is flagged, and its reason. */
export function flagHash(id: string, type: JobType): number {
  return fnv1a(id, FLAG_PREFIX[type])
}

/** The hash of `${id}:${type}:when`: the line's times. */
export function whenHash(id: string, type: JobType): number {
  return fnv1a(WHEN_SUFFIX[type], fnv1a(id))
}

export function isFlagged(h: number, percent: number): boolean {
  return h % 100 < percent
}

// Date.toISOString costs about a microsecond, two per line: the date part is cached per day (it comes
// from toISOString, so it is exact), the time of day is put together from two-digit strings (measured
// quicker than joining cached strings).
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))
const dates: string[] = []

function iso(ms: number): string {
  const s = floor(ms / SECOND)
  const day = floor(s / 86_400)
  const t = s - day * 86_400
  const date = (dates[day - 14_610] ??= new Date(day * DAY).toISOString().slice(0, 11))
  return `${date}${PAD2[floor(t / 3600)]}:${PAD2[floor(t / 60) % 60]}:${PAD2[t % 60]}.000Z`
}

/** Whether the line has redacted_at (X says not every event has it). */
function hasRedacted(h2: number): boolean {
  return (h2 >>> 20) % 4 !== 0
}

/** ms epoch of created_at (whole seconds). */
function created(h2: number): number {
  return EPOCH_2010 + (h2 % (12 * 365)) * DAY + (h2 % 86_400) * SECOND
}

/** ms epoch of redacted_at, when the line has one. */
function redacted(h2: number): number {
  return created(h2) + (((h2 >>> 8) % 900) + 1) * DAY
}

function reason(h: number, type: JobType): string {
  const reasons = REASONS[type]
  return reasons[(h >>> 8) % reasons.length]
}

/** The line (without its newline) for an ID already quoted as JSON, given its two hashes. */
export function buildLine(quotedId: string, type: JobType, h: number, h2: number): string {
  const r = hasRedacted(h2) ? `,"redacted_at":"${iso(redacted(h2))}"` : ''
  return `{"id":${quotedId},"action":"delete","created_at":"${iso(created(h2))}"${r},"reason":"${reason(h, type)}"}`
}

// Every time is 24 characters (years 2010 to 2025), so a line's length follows from the ID's length,
// the reason and whether redacted_at is there; measured once on a line built the usual way.
const BASE = buildLine('""', 'tweets', 0, 0).length - reason(0, 'tweets').length
const WITH_REDACTED = ',"redacted_at":"2010-01-01T00:00:00.000Z"'.length

/** Bytes of buildLine's line for a digits-only ID of `digits` digits (ASCII: one byte a character). */
export function lineLength(digits: number, type: JobType, h: number, h2: number): number {
  return BASE + digits + reason(h, type).length + (hasRedacted(h2) ? WITH_REDACTED : 0)
}

/** The result line for one ID, or undefined when the ID is compliant. */
export function resultLine(id: string, type: JobType, percent = DEFAULT_FLAGGED_PERCENT): string | undefined {
  const h = flagHash(id, type)
  if (!isFlagged(h, percent)) return undefined
  return buildLine(JSON.stringify(id), type, h, whenHash(id, type))
}
