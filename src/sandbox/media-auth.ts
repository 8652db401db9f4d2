// Who is calling the media endpoints: an OAuth 2.0 user token, OAuth 1.0a user context, or an app-only bearer
// token (which X refuses here with 403).
import { APP_ONLY_PREFIX_LENGTH } from '../media/model.js'
import type { Reply } from './http.js'
import { appOnlyForbidden, unauthorized } from './media-errors.js'
import type { OAuth1Verifier, Param } from './oauth1-verify.js'

export type AuthKind = 'oauth1' | 'oauth2' | 'app-only' | 'none'
export type UserAuth = Extract<AuthKind, 'oauth1' | 'oauth2'>

const APP_ONLY_PREFIX = 'A'.repeat(APP_ONLY_PREFIX_LENGTH)

function bearerOf(header: string): string | undefined {
  return /^Bearer\s+(\S.*)$/i.exec(header)?.[1]?.trim()
}

/** The scheme of an Authorization header, for request records (its value is never kept). */
export function authKindOf(header: string | undefined): AuthKind {
  if (header === undefined) return 'none'
  if (/^OAuth\s/i.test(header)) return 'oauth1'
  const token = bearerOf(header)
  if (!token) return 'none'
  return token.startsWith(APP_ONLY_PREFIX) ? 'app-only' : 'oauth2'
}

export interface MediaAuthDeps {
  /** If set, the only OAuth 2.0 user token accepted. */
  userToken?: string
  verifier: OAuth1Verifier
}

export interface AuthRequest {
  method: string
  url: URL
  authorization: string | undefined
  bodyParams: readonly Param[]
}

export function authenticate(req: AuthRequest, deps: MediaAuthDeps): { auth: UserAuth } | { refused: Reply } {
  const header = req.authorization ?? ''
  const kind = authKindOf(req.authorization)
  if (kind === 'app-only') return { refused: appOnlyForbidden() }
  if (kind === 'oauth2') {
    const ok = deps.userToken === undefined || bearerOf(header) === deps.userToken
    return ok ? { auth: 'oauth2' } : { refused: unauthorized() }
  }
  if (kind === 'oauth1') {
    const r = deps.verifier.verify({
      method: req.method,
      url: req.url,
      authorization: header,
      bodyParams: req.bodyParams
    })
    return r.ok ? { auth: 'oauth1' } : { refused: unauthorized(r.detail) }
  }
  return { refused: unauthorized() }
}
