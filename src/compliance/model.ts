// What X's batch compliance API fixes, in one place for the action, the CLI, apply and the sandbox.

export const JOB_TYPES = ['tweets', 'users'] as const
export type JobType = (typeof JOB_TYPES)[number]

export function isJobType(s: unknown): s is JobType {
  return s === 'tweets' || s === 'users'
}

/** Post and account IDs have 1 to 19 digits, so every one fits in 64 bits (10^19 - 1 < 2^64). */
export const MAX_ID_DIGITS = 19
export const ID_PATTERN = /^[0-9]{1,19}$/

/**
 * The headers of the resumable start POST to a job's upload_url. They are part of its signature: send exactly
 * these (fetch's default `text/plain;charset=UTF-8` breaks it).
 */
export const UPLOAD_START_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/plain',
  'content-length': '0',
  'x-goog-resumable': 'start'
}
