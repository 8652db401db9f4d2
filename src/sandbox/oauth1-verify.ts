// OAuth 1.0a (RFC 5849) HMAC-SHA1 verification, written independently of any client: the signature base
// string (§3.4.1), the signature (§3.4.2), the Authorization header (§3.5.1), timestamp window and nonce replay.
import { createHmac, timingSafeEqual } from 'node:crypto'

export interface OAuth1Credentials {
  apiKey: string
  apiKeySecret: string
  accessToken: string
  accessTokenSecret: string
}

/** Made-up demo credentials the sandbox verifies against unless options replace them. */
export const SANDBOX_OAUTH1: Readonly<OAuth1Credentials> = Object.freeze({
  apiKey: 'sandboxApiKey0000000000000',
  apiKeySecret: 'sandboxApiKeySecret00000000000000000000000000000',
  accessToken: '1000000000000000001-sandboxAccessToken000000000000',
  accessTokenSecret: 'sandboxAccessTokenSecret000000000000000000000'
})

export type Param = readonly [string, string]

/** X allows a timestamp this far from its clock either way. */
export const TIMESTAMP_WINDOW_MS = 300_000
const REQUIRED = [
  'oauth_consumer_key',
  'oauth_nonce',
  'oauth_signature',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_token'
] as const

/** RFC 3986 percent-encoding: everything but ALPHA, DIGIT, '-', '.', '_', '~' (§3.6). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** §3.4.1.2: scheme and host lower case, the default port left out, no query or fragment. */
export function baseStringUri(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

/** §3.4.1.1 and §3.4.1.3.2: the parameters encoded, sorted by name then value, joined. */
export function signatureBaseString(method: string, baseUri: string, params: readonly Param[]): string {
  const normalized = params
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  return [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join('&')
}

/** §3.4.2: base64 HMAC-SHA1 of the base string, keyed by the two encoded secrets. */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`
  return createHmac('sha1', key).update(baseString).digest('base64')
}

export interface SignatureInput {
  method: string
  /** The request URL; its query parameters are signed too. */
  url: string
  /** The oauth_* parameters (without oauth_signature) and any form-urlencoded body parameters. */
  params: readonly Param[]
  consumerSecret: string
  tokenSecret: string
}

/** The signature a request must carry: what the verifier compares against. */
export function oauth1Signature(input: SignatureInput): string {
  const url = new URL(input.url)
  const all = [...url.searchParams.entries(), ...input.params]
  return hmacSha1Signature(
    signatureBaseString(input.method, baseStringUri(url), all),
    input.consumerSecret,
    input.tokenSecret
  )
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s)
  } catch {
    return undefined
  }
}

/** §3.5.1: `OAuth k="v", k="v"` with encoded names and values; a string names what is wrong. */
export function parseOAuthHeader(header: string): Param[] | string {
  const m = /^OAuth\s+(.*)$/is.exec(header.trim())
  if (!m) return 'Not an OAuth Authorization header'
  const params: Param[] = []
  const re = /\s*([^\s=,]+)\s*=\s*"([^"]*)"\s*(,|$)/y
  const rest = m[1] ?? ''
  let at = 0
  while (at < rest.length) {
    re.lastIndex = at
    const p = re.exec(rest)
    if (!p) return 'Malformed OAuth Authorization header'
    const k = decode(p[1] ?? '')
    const v = decode(p[2] ?? '')
    if (k === undefined || v === undefined) return 'Malformed percent-encoding in the OAuth header'
    params.push([k, v])
    at = re.lastIndex
    if (p[3] === '') break
  }
  return params
}

export interface VerifyInput {
  method: string
  url: URL
  authorization: string
  /** Parameters of an application/x-www-form-urlencoded body (never JSON or multipart ones). */
  bodyParams: readonly Param[]
}

export type VerifyResult = { ok: true } | { ok: false; detail: string }

/** Checks requests against one credential set; remembers nonces for as long as their timestamps pass. */
export class OAuth1Verifier {
  private nonces = new Map<string, number>()

  constructor(
    private readonly creds: OAuth1Credentials,
    private readonly clock: () => number
  ) {}

  verify(input: VerifyInput): VerifyResult {
    const parsed = parseOAuthHeader(input.authorization)
    if (typeof parsed === 'string') return { ok: false, detail: parsed }
    const oauth = parsed.filter(([k]) => k !== 'realm')
    const got = new Map<string, string>()
    for (const [k, v] of oauth) {
      if (got.has(k)) return { ok: false, detail: `Duplicate OAuth parameter ${k}` }
      got.set(k, v)
    }
    for (const k of REQUIRED) if (!got.has(k)) return { ok: false, detail: `Missing OAuth parameter ${k}` }
    const method = got.get('oauth_signature_method')
    if (method !== 'HMAC-SHA1') return { ok: false, detail: `Unsupported oauth_signature_method ${method}` }
    const version = got.get('oauth_version')
    if (version !== undefined && version !== '1.0')
      return { ok: false, detail: `Unsupported oauth_version ${version}` }
    if (got.get('oauth_consumer_key') !== this.creds.apiKey)
      return { ok: false, detail: 'Invalid consumer key' }
    if (got.get('oauth_token') !== this.creds.accessToken)
      return { ok: false, detail: 'Invalid or expired token' }
    const ts = got.get('oauth_timestamp') ?? ''
    const now = this.clock()
    if (!/^[0-9]{1,12}$/.test(ts) || Math.abs(Number(ts) * 1000 - now) > TIMESTAMP_WINDOW_MS)
      return { ok: false, detail: 'Timestamp out of bounds' }
    const expected = hmacSha1Signature(
      signatureBaseString(input.method, baseStringUri(input.url), [
        ...input.url.searchParams.entries(),
        ...oauth.filter(([k]) => k !== 'oauth_signature'),
        ...input.bodyParams
      ]),
      this.creds.apiKeySecret,
      this.creds.accessTokenSecret
    )
    if (!sameString(expected, got.get('oauth_signature') ?? ''))
      return { ok: false, detail: 'Invalid signature' }
    const nonce = got.get('oauth_nonce') ?? ''
    this.prune(now)
    if (this.nonces.has(nonce)) return { ok: false, detail: 'Nonce already used' }
    this.nonces.set(nonce, now)
    return { ok: true }
  }

  /** A nonce older than two windows can only come with a timestamp that no longer passes. */
  private prune(now: number): void {
    for (const [nonce, at] of this.nonces) {
      if (now - at <= 2 * TIMESTAMP_WINDOW_MS) break
      this.nonces.delete(nonce)
    }
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
