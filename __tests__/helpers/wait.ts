// The one polling helper of the tests: bounded, so a condition that never comes fails naming what was awaited
// instead of hanging until jest's timeout.
export interface WaitOptions {
  /** What is awaited, for the error: "timed out after N ms waiting for <what>". */
  what: string
  /** Generous by default: a busy machine must not fail a test that would pass. */
  timeoutMs?: number
  intervalMs?: number
  /** Extra context appended to the error (the output so far, what is still pending). */
  detail?: () => string
}

/** Polls `cond` until it holds; an error thrown by `cond` ends the wait at once. */
export async function waitUntil(
  cond: () => boolean | Promise<boolean>,
  { what, timeoutMs = 30_000, intervalMs = 20, detail }: WaitOptions
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await cond())) {
    if (Date.now() > deadline) {
      const more = detail ? `\n${detail()}` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${more}`)
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
}
