// Raw-HTTP helpers for the sandbox's X media tests: node:http (through raw()) and node:crypto only, never
// client code. The OAuth 1.0a signer here is the tests' own, independent of the sandbox's verifier.
import { createHmac, randomBytes } from 'node:crypto'
import type { Sandbox } from '../../src/sandbox/index.js'
import { raw, type RawOptions, type RawResponse } from './helpers.js'

export const USER_TOKEN = 'user-context-token-1'
export const USER = { authorization: `Bearer ${USER_TOKEN}` }
export const APP_ONLY = { authorization: `Bearer ${'A'.repeat(22)}%2FBx7nLxyz` }
export const BOUNDARY = '----sandbox-test-7MA4YWxkTrZu0gW'

export interface Creds {
  apiKey: string
  apiKeySecret: string
  accessToken: string
  accessTokenSecret: string
}

export function json<T = Record<string, unknown>>(r: RawResponse): T {
  return JSON.parse(r.text) as T
}

/** RFC 3986 percent-encoding of RFC 5849 §3.6. */
export function enc(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** The tests' own RFC 5849 HMAC-SHA1: base string from method, URL (query included) and extra params. */
export function testSignature(
  method: string,
  url: string,
  params: Array<[string, string]>,
  consumerSecret: string,
  tokenSecret: string
): string {
  const u = new URL(url)
  const all = [...u.searchParams.entries(), ...params].map(([k, v]) => `${enc(k)}=${enc(v)}`).sort()
  const base = `${method}&${enc(`${u.protocol}//${u.host}${u.pathname}`)}&${enc(all.join('&'))}`
  return createHmac('sha1', `${enc(consumerSecret)}&${enc(tokenSecret)}`)
    .update(base)
    .digest('base64')
}

export interface SignOptions {
  nowMs: number
  nonce?: string
  /** Form-urlencoded body parameters to sign. */
  bodyParams?: Array<[string, string]>
  /** Overrides of oauth_* values (oauth_signature included), or null to leave one out. */
  override?: Record<string, string | null>
  /** Sign with this secret instead (a wrong signature). */
  consumerSecret?: string
}

/** An `Authorization: OAuth ...` header for this request. */
export function oauthHeader(
  creds: Creds,
  method: string,
  url: string,
  o: SignOptions
): Record<string, string> {
  const p: Record<string, string> = {
    oauth_consumer_key: creds.apiKey,
    oauth_nonce: o.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(Math.floor(o.nowMs / 1000)),
    oauth_token: creds.accessToken,
    oauth_version: '1.0'
  }
  const override = o.override ?? {}
  for (const [k, v] of Object.entries(override)) {
    if (k === 'oauth_signature') continue
    if (v === null) delete p[k]
    else p[k] = v
  }
  const sig = override.oauth_signature
  const signature = testSignature(
    method,
    url,
    [...Object.entries(p), ...(o.bodyParams ?? [])],
    o.consumerSecret ?? creds.apiKeySecret,
    creds.accessTokenSecret
  )
  if (sig !== null) p.oauth_signature = sig ?? signature
  return {
    authorization: `OAuth ${Object.entries(p)
      .map(([k, v]) => `${enc(k)}="${enc(v)}"`)
      .join(', ')}`
  }
}

export interface Part {
  name: string
  value: Buffer | string
  filename?: string
  contentType?: string
}

/** A multipart/form-data body as RFC 7578 writes it (CRLF everywhere). */
export function multipart(parts: Part[], boundary = BOUNDARY): Buffer {
  const out: Buffer[] = []
  for (const p of parts) {
    const fn = p.filename === undefined ? '' : `; filename="${p.filename}"`
    const ct = p.contentType === undefined ? '' : `\r\nContent-Type: ${p.contentType}`
    out.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${fn}${ct}\r\n\r\n`)
    )
    out.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value))
    out.push(Buffer.from('\r\n'))
  }
  out.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(out)
}

export function segmentBody(index: number | string, bytes: Buffer): Buffer {
  return multipart([
    { name: 'segment_index', value: String(index) },
    { name: 'media', value: bytes, filename: 'blob', contentType: 'application/octet-stream' }
  ])
}

export const FORM = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }
export const JSON_TYPE = { 'content-type': 'application/json' }

/** Requests to one sandbox. */
export function mediaClient(sb: () => Sandbox) {
  const call = (path: string, opts: RawOptions = {}) => raw(`${sb().apiBaseUrl}${path}`, opts)
  const post = (path: string, body: unknown, headers: Record<string, string> = USER) =>
    call(path, {
      method: 'POST',
      headers: { ...JSON_TYPE, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    })
  return {
    call,
    init: (body: unknown, headers: Record<string, string> = USER) =>
      post('/2/media/upload/initialize', body, headers),
    /** Initializes and returns the media's id (throws unless 200). */
    async create(
      type: string,
      totalBytes: number,
      category?: string,
      headers: Record<string, string> = USER
    ) {
      const r = await post(
        '/2/media/upload/initialize',
        { media_type: type, total_bytes: totalBytes, ...(category ? { media_category: category } : {}) },
        headers
      )
      if (r.status !== 200) throw new Error(`initialize: ${r.status} ${r.text}`)
      return json<{ data: { id: string; media_key: string } }>(r).data
    },
    append: (id: string, body: Buffer | Buffer[], headers: Record<string, string> = { ...USER, ...FORM }) =>
      call(`/2/media/upload/${id}/append`, { method: 'POST', headers, body }),
    segment: (id: string, index: number | string, bytes: Buffer, headers: Record<string, string> = USER) =>
      call(`/2/media/upload/${id}/append`, {
        method: 'POST',
        headers: { ...headers, ...FORM },
        body: segmentBody(index, bytes)
      }),
    finalize: (id: string, headers: Record<string, string> = USER) =>
      call(`/2/media/upload/${id}/finalize`, { method: 'POST', headers }),
    status: (id: string, headers: Record<string, string> = USER) =>
      call(`/2/media/upload?command=STATUS&media_id=${id}`, { headers }),
    metadata: (body: unknown, headers: Record<string, string> = USER) =>
      post('/2/media/metadata', body, headers),
    tweet: (body: unknown, headers: Record<string, string> = USER) => post('/2/tweets', body, headers)
  }
}

/** The 400 message of an X problem answer. */
export function message(r: RawResponse): string {
  return json<{ errors?: Array<{ message: string }> }>(r).errors?.[0]?.message ?? ''
}
