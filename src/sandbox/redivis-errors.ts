// Redivis's two error shapes, both in use: OAuth-style {error, error_description} (auth, 404, 429) and the
// legacy {error: {status, message}} (every 400).
import { jsonReply, type Reply } from './http.js'

export const EDIT_SCOPE = 'data.edit'

export function oauthError(status: number, error: string, description: string, extra = {}): Reply {
  return jsonReply(status, { error, error_description: description, ...extra })
}

export function legacyError(status: number, message: string): Reply {
  return jsonReply(status, { error: { status, message } })
}

/** 400 in the legacy shape. */
export function invalid(message: string): Reply {
  return legacyError(400, message)
}

export function notFound(description: string): Reply {
  return oauthError(404, 'not_found', description)
}

export function invalidToken(): Reply {
  return oauthError(401, 'invalid_token', 'The access token is missing, expired or malformed.')
}

export function insufficientScope(): Reply {
  return oauthError(403, 'insufficient_scope', `The access token lacks the scope ${EDIT_SCOPE}.`, {
    scope: EDIT_SCOPE
  })
}

export function rateLimited(limit: number, windowMs: number, retryAfter: number): Reply {
  const seconds = Math.round(windowMs / 1000)
  return oauthError(
    429,
    'rate_limit_exceeded',
    `Too many requests: at most ${limit} per ${seconds} s. Retry after ${retryAfter} s.`
  )
}

/** An injected `status` fault's answer on the Redivis API, in the shape Redivis uses for that status. */
export function redivisStatusReply(status: number): Reply {
  const oauth: Record<number, [string, string]> = {
    401: ['invalid_token', 'The access token is missing, expired or malformed.'],
    403: ['insufficient_scope', `The access token lacks the scope ${EDIT_SCOPE}.`],
    404: ['not_found', 'Not found.'],
    429: ['rate_limit_exceeded', 'Too many requests.']
  }
  const o = oauth[status]
  const text = 'injected by the sandbox fault plan'
  return o ? oauthError(status, o[0], `${o[1]} (${text})`) : legacyError(status, `Error ${status} (${text}).`)
}
