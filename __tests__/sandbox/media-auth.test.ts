// X media auth in the sandbox: user context only (OAuth 2.0 user tokens, OAuth 1.0a HMAC-SHA1), app-only refused
// with X's 403, and the verifier against the published signature examples.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  oauth1Signature,
  SANDBOX_OAUTH1,
  startSandbox,
  type Sandbox,
  type SandboxOptions
} from '../../src/sandbox/index.js'
import { bytes } from './helpers.js'
import {
  APP_ONLY,
  FORM,
  json,
  mediaClient,
  oauthHeader,
  segmentBody,
  testSignature,
  USER,
  USER_TOKEN,
  type Creds
} from './media-helpers.js'

const T0 = Date.UTC(2025, 4, 1, 12, 0, 0)
let sb: Sandbox
let now = T0
const api = mediaClient(() => sb)

async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  now = T0
  sb = await startSandbox({ clock: () => now, ...opts, media: { processingMs: 100, ...opts.media } })
  return sb
}
afterEach(() => sb?.close())

const INIT = { media_type: 'image/png', total_bytes: 10 }
const INIT_PATH = '/2/media/upload/initialize'

function signedInit(creds: Creds, o: Parameters<typeof oauthHeader>[3] = { nowMs: now }) {
  return api.init(INIT, oauthHeader(creds, 'POST', `${sb.apiBaseUrl}${INIT_PATH}`, o))
}

describe('app-only bearer tokens', () => {
  const FORBIDDEN = {
    title: 'Unsupported Authentication',
    detail:
      'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
    type: 'https://api.twitter.com/2/problems/unsupported-authentication',
    status: 403
  }

  it('are refused with 403 and X exact problem on every media endpoint and POST /2/tweets', async () => {
    await sandbox()
    const { id } = await api.create('image/png', 10)
    const answers = [
      await api.init(INIT, APP_ONLY),
      await api.segment(id, 0, bytes(10), APP_ONLY),
      await api.finalize(id, APP_ONLY),
      await api.status(id, APP_ONLY),
      await api.metadata({ id, metadata: { alt_text: { text: 'a' } } }, APP_ONLY),
      await api.tweet({ text: 'hi', media: { media_ids: [id] } }, APP_ONLY)
    ]
    for (const r of answers) {
      expect(r.status).toBe(403)
      expect(r.headers['content-type']).toBe('application/problem+json')
      expect(json(r)).toEqual(FORBIDDEN)
    }
    expect(sb.media()[0]?.segments).toEqual([])
    expect(sb.posts()).toEqual([])
    const kinds = sb
      .stats()
      .requests.slice(1)
      .map(r => [r.kind, r.auth])
    expect(kinds).toEqual(
      ['mediaInit', 'mediaAppend', 'mediaFinalize', 'mediaStatus', 'mediaMetadata', 'post'].map(k => [
        k,
        'app-only'
      ])
    )
  })

  it('needs 20 leading As: 19 are a user token', async () => {
    await sandbox()
    expect((await api.init(INIT, { authorization: `Bearer ${'A'.repeat(19)}b` })).status).toBe(200)
    expect((await api.init(INIT, { authorization: `Bearer ${'A'.repeat(20)}` })).status).toBe(403)
  })
})

describe('OAuth 2.0 user tokens', () => {
  const UNAUTHORIZED = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }

  it('any non-empty one is accepted unless media.userToken is set; then only it', async () => {
    await sandbox()
    expect((await api.init(INIT, { authorization: 'Bearer whatever' })).status).toBe(200)
    await sb.close()
    await sandbox({ media: { userToken: USER_TOKEN } })
    expect((await api.init(INIT, USER)).status).toBe(200)
    const other = await api.init(INIT, { authorization: 'Bearer other-token' })
    expect(other.status).toBe(401)
    expect(json(other)).toEqual(UNAUTHORIZED)
    expect(sb.media().map(m => m.auth)).toEqual(['oauth2'])
  })

  it('no header, an empty bearer or another scheme is 401', async () => {
    await sandbox()
    const none: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer ' },
      { authorization: `Basic ${USER_TOKEN}` }
    ]
    for (const headers of none) {
      const r = await api.init(INIT, headers)
      expect(r.status).toBe(401)
      expect(json(r)).toEqual(UNAUTHORIZED)
    }
    expect(sb.media()).toEqual([])
    expect(sb.stats().requests.map(r => r.auth)).toEqual(['none', 'none', 'none'])
  })
})

describe('OAuth 1.0a', () => {
  const creds = SANDBOX_OAUTH1
  const detail = (r: { text: string }) => (JSON.parse(r.text) as { detail: string }).detail

  it('a request signed with the demo credentials is accepted; its records say oauth1', async () => {
    await sandbox()
    const r = await signedInit(creds)
    expect(r.status).toBe(200)
    expect(sb.media()[0]?.auth).toBe('oauth1')
    expect(sb.stats().requests[0]).toMatchObject({ kind: 'mediaInit', auth: 'oauth1', authorization: true })
  })

  it('a wrong signature is 401 "Invalid signature"', async () => {
    await sandbox()
    const r = await signedInit(creds, { nowMs: now, consumerSecret: 'not-the-secret' })
    expect(r.status).toBe(401)
    expect(json(r)).toEqual({
      title: 'Unauthorized',
      type: 'about:blank',
      status: 401,
      detail: 'Invalid signature'
    })
    expect(sb.media()).toEqual([])
  })

  it('a replayed nonce is 401 even with a valid signature; a new nonce passes', async () => {
    await sandbox()
    const header = oauthHeader(creds, 'POST', `${sb.apiBaseUrl}${INIT_PATH}`, { nowMs: now, nonce: 'n-1' })
    expect((await api.init(INIT, header)).status).toBe(200)
    const again = await api.init(INIT, header)
    expect(again.status).toBe(401)
    expect(detail(again)).toBe('Nonce already used')
    expect((await signedInit(creds, { nowMs: now, nonce: 'n-2' })).status).toBe(200)
    expect(sb.media()).toHaveLength(2)
  })

  it('a timestamp more than 300 s from the sandbox clock is 401; 300 s passes', async () => {
    await sandbox()
    for (const off of [-301_000, 301_000]) {
      const r = await signedInit(creds, { nowMs: now + off })
      expect(r.status).toBe(401)
      expect(detail(r)).toBe('Timestamp out of bounds')
    }
    expect((await signedInit(creds, { nowMs: now - 300_000 })).status).toBe(200)
    expect((await signedInit(creds, { nowMs: now + 300_000 })).status).toBe(200)
  })

  it.each([
    ['a wrong consumer key', { oauth_consumer_key: 'other-key' }, 'Invalid consumer key'],
    ['a wrong token', { oauth_token: '1-other' }, 'Invalid or expired token'],
    ['a missing nonce', { oauth_nonce: null }, 'Missing OAuth parameter oauth_nonce'],
    ['a missing signature', { oauth_signature: null }, 'Missing OAuth parameter oauth_signature'],
    ['PLAINTEXT', { oauth_signature_method: 'PLAINTEXT' }, 'Unsupported oauth_signature_method PLAINTEXT'],
    [
      'HMAC-SHA256',
      { oauth_signature_method: 'HMAC-SHA256' },
      'Unsupported oauth_signature_method HMAC-SHA256'
    ]
  ] as Array<[string, Record<string, string | null>, string]>)('%s is 401', async (_what, override, why) => {
    await sandbox()
    const r = await signedInit(creds, { nowMs: now, override })
    expect(r.status).toBe(401)
    expect(detail(r)).toBe(why)
    expect(sb.media()).toEqual([])
  })

  it('query parameters are signed (STATUS); leaving them out of the base string is 401', async () => {
    await sandbox()
    const { id } = await api.create('video/mp4', 4)
    expect((await api.segment(id, 0, bytes(4))).status).toBe(200)
    expect((await api.finalize(id)).status).toBe(200)
    const url = `${sb.apiBaseUrl}/2/media/upload?command=STATUS&media_id=${id}`
    const good = await api.status(id, oauthHeader(creds, 'GET', url, { nowMs: now }))
    expect(good.status).toBe(200)
    const bare = await api.status(
      id,
      oauthHeader(creds, 'GET', `${sb.apiBaseUrl}/2/media/upload`, { nowMs: now })
    )
    expect(bare.status).toBe(401)
    expect(detail(bare)).toBe('Invalid signature')
  })

  it('a form-urlencoded body is signed; JSON and multipart bodies are not', async () => {
    await sandbox()
    const url = `${sb.apiBaseUrl}${INIT_PATH}`
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const body = 'media_type=image%2Fpng&total_bytes=10'
    const params: Array<[string, string]> = [
      ['media_type', 'image/png'],
      ['total_bytes', '10']
    ]
    const withBody = oauthHeader(creds, 'POST', url, { nowMs: now, bodyParams: params })
    const r1 = await api.call(INIT_PATH, { method: 'POST', headers: { ...withBody, ...form }, body })
    expect(r1.status).toBe(400) // past auth: a JSON body is what initialize wants
    const without = oauthHeader(creds, 'POST', url, { nowMs: now })
    const r2 = await api.call(INIT_PATH, { method: 'POST', headers: { ...without, ...form }, body })
    expect(r2.status).toBe(401)
    // A JSON body signed as if it were parameters is refused: it must not be in the base string.
    const asParams = oauthHeader(creds, 'POST', url, { nowMs: now, bodyParams: [[JSON.stringify(INIT), '']] })
    expect((await api.init(INIT, asParams)).status).toBe(401)
    // Multipart appends: only the oauth_* parameters are signed.
    const { id } = await api.create('image/png', 10)
    const appendUrl = `${sb.apiBaseUrl}/2/media/upload/${id}/append`
    const r3 = await api.append(id, segmentBody(0, bytes(10)), {
      ...oauthHeader(creds, 'POST', appendUrl, { nowMs: now }),
      ...FORM
    })
    expect(r3.status).toBe(200)
    expect(sb.media()[0]?.segments).toEqual([{ index: 0, size: 10 }])
  })

  it('media.oauth1 replaces the demo credentials', async () => {
    const mine: Creds = { apiKey: 'k1', apiKeySecret: 's1', accessToken: '9-t1', accessTokenSecret: 'ts1' }
    await sandbox({ media: { oauth1: mine } })
    expect((await signedInit(mine)).status).toBe(200)
    expect((await signedInit(creds)).status).toBe(401)
  })
})

describe('the signature function against published examples', () => {
  it('OAuth Core 1.0 Appendix A (the photos.example.net request RFC 5849 builds on)', () => {
    const params: Array<[string, string]> = [
      ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
      ['oauth_token', 'nnch734d00sl2jdk'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '1191242096'],
      ['oauth_nonce', 'kllo9940pd9333jh'],
      ['oauth_version', '1.0']
    ]
    const input = {
      method: 'GET',
      url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
      params,
      consumerSecret: 'kd94hf93k423kf44',
      tokenSecret: 'pfkkdhi9sl3r4s00'
    }
    expect(oauth1Signature(input)).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=')
    expect(testSignature(input.method, input.url, params, input.consumerSecret, input.tokenSecret)).toBe(
      'tR3+Ty81lMeYAr/Fid0kMTYa/WM='
    )
  })

  it('X "Creating a signature" (POST statuses/update.json with a form body)', () => {
    const params: Array<[string, string]> = [
      ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
      ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
      ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '1318622958'],
      ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
      ['oauth_version', '1.0']
    ]
    const input = {
      method: 'POST',
      url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
      params,
      consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
      tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE'
    }
    expect(oauth1Signature(input)).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=')
    expect(testSignature(input.method, input.url, params, input.consumerSecret, input.tokenSecret)).toBe(
      'hCtSmYh+iHYCEqBWrE7C7hYmtUk='
    )
    // One character off anywhere changes it.
    expect(oauth1Signature({ ...input, url: input.url.replace('true', 'false') })).not.toBe(
      'hCtSmYh+iHYCEqBWrE7C7hYmtUk='
    )
  })
})
