// The Authorization header of every media request: OAuth 2.0 user tokens as Bearer, OAuth 1.0a user context
// signed with HMAC-SHA1 by the maintained `oauth-1.0a` library, with a fresh nonce and timestamp on every request
// (retries included: the header is made for each attempt).
import { createHmac, randomBytes } from 'node:crypto'
import OAuth from 'oauth-1.0a'
import type { MediaAuth } from './inputs.js'

export interface SignerClock {
  /** seconds since the epoch */
  timestamp(): number
  nonce(): string
}

export const systemSignerClock: SignerClock = {
  timestamp: () => Math.floor(Date.now() / 1000),
  nonce: () => randomBytes(24).toString('base64url')
}

/** Makes the Authorization value for a request; `form` holds x-www-form-urlencoded body fields (never JSON/multipart). */
export type AuthHeader = (method: string, url: string, form?: Record<string, string>) => string

export function authHeader(auth: MediaAuth, clock: SignerClock = systemSignerClock): AuthHeader {
  if (auth.kind === 'oauth2') return () => `Bearer ${auth.userToken}`
  const oauth = new OAuth({
    consumer: { key: auth.apiKey, secret: auth.apiKeySecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64')
  })
  oauth.getNonce = () => clock.nonce()
  oauth.getTimeStamp = () => clock.timestamp()
  const token = { key: auth.accessToken, secret: auth.accessTokenSecret }
  return (method, url, form) =>
    oauth.toHeader(oauth.authorize({ url, method, data: form }, token)).Authorization
}

/** The oauth_signature inside an OAuth header (for tests and for masking). */
export function signatureOf(header: string): string | undefined {
  const m = /oauth_signature="([^"]*)"/.exec(header)
  return m ? decodeURIComponent(m[1]) : undefined
}
