// Failures below HTTP, with the errno-style code the retry policy classifies.

/** A failure below HTTP: `code` is an errno-style code, 'STALLED' (our watchdog) or 'ABORTED' (caller). */
export class NetworkError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'NetworkError'
    this.code = code
  }
}

export function abortedError(signal?: AbortSignal): NetworkError {
  return new NetworkError('ABORTED', 'the request was cancelled', { cause: signal?.reason })
}

/** Wrap an error from node's net/http/tls layers as a NetworkError carrying its real code, if it has one. */
export function toNetworkError(err: unknown): NetworkError | undefined {
  if (err instanceof NetworkError) return err
  const code = findCode(err)
  if (code === undefined) return undefined
  const detail = err instanceof Error && err.message ? `: ${err.message}` : ''
  return new NetworkError(code, `the connection failed (${code})${detail}`, { cause: err })
}

function findCode(err: unknown, depth = 0): string | undefined {
  if (depth > 8 || typeof err !== 'object' || err === null) return undefined
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown }
  if (typeof e.code === 'string' && e.code !== '') return e.code
  if (Array.isArray(e.errors) && e.errors.length > 0) return findCode(e.errors[0], depth + 1)
  return findCode(e.cause, depth + 1)
}
