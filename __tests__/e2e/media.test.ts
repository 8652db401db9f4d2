// End to end: `node dist/media-upload/index.js` exactly as the runner runs it, against the sandbox's X media
// endpoints on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import {
  SANDBOX_OAUTH1,
  startSandbox,
  type FaultPlan,
  type RequestRecord,
  type Sandbox
} from '../../src/sandbox/index.js'
import { DIST_MEDIA, makeRunDir, runAction, scanForLeaks, type ActionRun } from '../helpers/action-runner.js'

const USER_TOKEN = 'media-user-token-Zx81'
let sandbox: Sandbox

beforeAll(async () => {
  // check_after_secs 2, above the client's 1-s minimum, so a client that always waits 1 s polls early.
  sandbox = await startSandbox({ media: { processingMs: 1500, checkAfterSecs: 2 } })
})
afterAll(async () => sandbox.close())
afterEach(() => sandbox.setFaults([]))

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
const GIF = Buffer.from('GIF89a', 'latin1')
/** An MP4's leading box: size, `ftyp`, brand. */
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42', 'latin1')])

function media(head: Buffer, size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size)
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) & 0xff
  head.copy(b)
  return b
}

const oauth1 = {
  'api-key': SANDBOX_OAUTH1.apiKey,
  'api-key-secret': SANDBOX_OAUTH1.apiKeySecret,
  'access-token': SANDBOX_OAUTH1.accessToken,
  'access-token-secret': SANDBOX_OAUTH1.accessTokenSecret
}
const SECRETS = [USER_TOKEN, ...Object.values(oauth1)]

const seq = () => sandbox.stats().requests.length
const since = (n: number): RequestRecord[] => sandbox.stats().requests.slice(n)

async function upload(
  files: Record<string, Buffer>,
  over: Record<string, string>,
  faults: FaultPlan = []
): Promise<ActionRun> {
  const dir = await makeRunDir()
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content)
  sandbox.setFaults(faults)
  const run = await runAction(
    { 'api-base-url': sandbox.apiBaseUrl, 'retry-base-delay-ms': '20', ...over },
    { dir, entry: DIST_MEDIA, timeoutMs: 60_000 }
  )
  // No token, key or secret anywhere, nor any Authorization header value (OAuth signatures included).
  await scanForLeaks(run, SECRETS)
  const shown = `${run.stdout}\n${run.stderr}\n${run.summary}`
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
  expect(shown).not.toMatch(/oauth_signature|Bearer [^*\s]/)
  return run
}

const record = (id: string) => sandbox.media().find(m => m.id === id)!

describe('media-upload end to end', () => {
  it('uploads an image in one segment with a user token, and with OAuth 1.0a', async () => {
    const img = media(PNG, 100_000)
    for (const auth of [{ 'user-token': USER_TOKEN }, oauth1]) {
      const run = await upload({ 'pic.png': img }, { ...auth, 'media-file': 'pic.png' })
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const m = record(run.outputs['media-id'])
      expect(m).toMatchObject({
        type: 'image/png',
        category: 'tweet_image',
        auth: 'user-token' in auth ? 'oauth2' : 'oauth1'
      })
      expect(m.segments).toHaveLength(1)
      expect(sandbox.mediaObject(m.id)?.equals(img)).toBe(true)
      expect(run.outputs).toMatchObject({
        'processing-state': 'succeeded',
        'bytes-uploaded': '100000',
        'post-id': '',
        'post-url': ''
      })
      expect(run.outputs['media-key']).toMatch(/^3_/)
      expect(Date.parse(run.outputs['media-expires-at'])).toBeGreaterThan(Date.now())
      expect(m.statusPolls).toEqual([]) // no processing offered: STATUS never asked
      expect(run.summary).toContain('<h2>X media upload</h2>')
    }
  })

  it('sets alt text on a GIF, waits for its processing, and posts it', async () => {
    const n = seq()
    const run = await upload(
      { 'anim.gif': media(GIF, 300_000) },
      {
        'user-token': USER_TOKEN,
        'media-file': 'anim.gif',
        'alt-text': 'A cat, dancing',
        'post-text': 'Look at this',
        'chunk-size': '64KiB'
      }
    )
    expect(run.code).toBe(0)
    const m = record(run.outputs['media-id'])
    expect(m).toMatchObject({ category: 'tweet_gif', altText: 'A cat, dancing', state: 'succeeded' })
    expect(m.segments).toHaveLength(5)
    const post = sandbox.posts().find(p => p.id === run.outputs['post-id'])!
    expect(post).toMatchObject({ text: 'Look at this', mediaIds: [m.id] })
    expect(run.outputs['post-url']).toBe(`https://x.com/i/web/status/${post.id}`)
    expect(run.summary).toContain(run.outputs['post-url'])
    // STATUS only after finalize offered processing, and never before check_after_secs (2 s) after each answer
    expect(m.statusPolls.length).toBeGreaterThan(0)
    expect(m.statusPolls.filter(p => p.early)).toEqual([])
    const fin = since(n).find(r => r.kind === 'mediaFinalize')!
    expect(m.statusPolls[0].earliest - fin.startedAt).toBeGreaterThanOrEqual(2000)
    expect(m.statusPolls[0].at - fin.startedAt).toBeGreaterThanOrEqual(2000)
  })

  it('sends video segments in parallel (seen out of order), and strictly in order at concurrency 1', async () => {
    const video = media(MP4, 2_000_000, 3)
    const par = await upload(
      { 'v.mp4': video },
      { 'user-token': USER_TOKEN, 'media-file': 'v.mp4', 'chunk-size': '64KiB', concurrency: '4' },
      // segment 0 is cut off mid-body (its resend comes after the segments in flight beside it), and the answer
      // to segment 1 is held, so that others are sent meanwhile
      [
        { on: 'mediaAppend', nth: 1, do: { reset: { afterBytes: 20_000 } } },
        { on: 'mediaAppend', nth: 2, do: { stall: { ms: 300 } } }
      ]
    )
    expect(par.code).toBe(0)
    const p = record(par.outputs['media-id'])
    expect(p.maxConcurrentAppends).toBeGreaterThan(1)
    expect(p.maxConcurrentAppends).toBeLessThanOrEqual(4)
    const resent = p.appendOrder.indexOf(0, 1)
    expect(resent).toBeGreaterThan(p.appendOrder.indexOf(3))
    expect([...new Set(p.appendOrder)].sort((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, i) => i))
    expect(sandbox.mediaObject(p.id)?.equals(video)).toBe(true)
    expect(par.outputs['processing-state']).toBe('succeeded')
    const one = await upload(
      { 'v.mp4': video },
      { 'user-token': USER_TOKEN, 'media-file': 'v.mp4', 'chunk-size': '64KiB', concurrency: '1' }
    )
    expect(one.code).toBe(0)
    const o = record(one.outputs['media-id'])
    expect(o.maxConcurrentAppends).toBe(1)
    expect(o.appendOrder).toEqual(Array.from({ length: 31 }, (_, i) => i))
  })

  it('raises the segment size when the file would need more than 1000 segments', async () => {
    const video = media(MP4, 1_500_000, 5)
    const run = await upload(
      { 'big.mp4': video },
      { 'user-token': USER_TOKEN, 'media-file': 'big.mp4', 'chunk-size': '1KiB', concurrency: '8' }
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/chunk-size raised from 1024 to 1500 bytes/)
    expect(record(run.outputs['media-id']).segments).toHaveLength(1000)
  })

  it('recovers from a reset mid-append, a 503 on append 3, a lost answer after an applied append and a 429 on finalize', async () => {
    const video = media(MP4, 600_000, 7)
    const n = seq()
    const run = await upload(
      { 'f.mp4': video },
      { 'user-token': USER_TOKEN, 'media-file': 'f.mp4', 'chunk-size': '64KiB', concurrency: '2' },
      [
        { on: 'mediaAppend', nth: 1, do: { reset: { afterBytes: 20_000 } } },
        { on: 'mediaAppend', nth: 3, do: { status: 503 } },
        { on: 'mediaAppend', nth: 5, do: { loseFinalResponse: true } },
        { on: 'mediaFinalize', do: { rateLimit: { resetInSeconds: 2 } } }
      ]
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    // The 429 on finalize carries x-rate-limit-reset 2 s away and no Retry-After: the retry comes at or after the
    // reset (plain backoff at retry-base-delay-ms 20 would come within about a second).
    const finals = since(n).filter(r => r.kind === 'mediaFinalize')
    expect(finals.map(r => r.status)).toEqual([429, 200])
    expect(finals[1].startedAt - finals[0].startedAt).toBeGreaterThanOrEqual(2000)
    expect(sandbox.mediaObject(run.outputs['media-id'])?.equals(video)).toBe(true)
    expect(
      since(n)
        .filter(r => r.fault)
        .map(r => r.fault)
        .sort()
    ).toEqual(['loseFinalResponse', 'rateLimit', 'reset', 'status 503'])
    expect(run.summary).toMatch(/<td>Faults recovered<\/td><td>[3-9]<\/td>/)
  })

  it('quotes a processing failure and reports processing-state failed with the media id', async () => {
    const failed = await upload(
      { 'bad.mp4': media(MP4, 50_000) },
      { 'user-token': USER_TOKEN, 'media-file': 'bad.mp4' },
      [{ on: 'mediaFinalize', do: { mediaOutcome: 'failed' } }]
    )
    expect(failed.code).toBe(1)
    expect(failed.stdout).toMatch(
      /::error::X could not process media \d+: InvalidMedia: Unsupported video format/
    )
    expect(failed.outputs['processing-state']).toBe('failed')
    expect(failed.outputs['media-id']).toMatch(/^\d+$/)
  })

  it.each([
    [
      'both auth sets',
      { 'user-token': USER_TOKEN, ...oauth1, 'media-file': 'pic.png' },
      /user-token and api-key.*both given/
    ],
    ['no auth', { 'media-file': 'pic.png' }, /no credentials/],
    [
      'three of the four OAuth 1.0a inputs',
      { ...oauth1, 'access-token-secret': '', 'media-file': 'pic.png' },
      /access-token-secret is missing/
    ],
    [
      'an app-only token',
      { 'user-token': `${'A'.repeat(22)}xyz`, 'media-file': 'pic.png' },
      /app-only bearer token/
    ],
    ['a missing file', { 'user-token': USER_TOKEN, 'media-file': 'nope.png' }, /nope\.png does not exist/],
    ['an empty file', { 'user-token': USER_TOKEN, 'media-file': 'empty.png' }, /empty\.png is empty/],
    [
      'an image over 5 MiB',
      { 'user-token': USER_TOKEN, 'media-file': 'huge.png' },
      /over X's limit for tweet_image \(5\.0 MiB\)/
    ],
    ['an unknown type', { 'user-token': USER_TOKEN, 'media-file': 'blob.bin' }, /unknown type/],
    [
      'a category that does not fit',
      { 'user-token': USER_TOKEN, 'media-file': 'pic.png', 'media-category': 'tweet_video' },
      /tweet_video does not fit the media type image\/png/
    ],
    [
      'alt text too long',
      { 'user-token': USER_TOKEN, 'media-file': 'pic.png', 'alt-text': 'x'.repeat(1001) },
      /at most 1000/
    ],
    [
      'alt text on a video',
      { 'user-token': USER_TOKEN, 'media-file': 'v.mp4', 'alt-text': 'a video' },
      /alt-text is for images and GIFs only/
    ]
  ])('refuses %s with a clear error and zero requests', async (_what, inputs, message) => {
    const n = seq()
    const run = await upload(
      {
        'pic.png': media(PNG, 1000),
        'empty.png': Buffer.alloc(0),
        'huge.png': media(PNG, 5 * 1024 * 1024 + 1),
        'blob.bin': Buffer.from('hello'),
        'v.mp4': media(MP4, 1000)
      },
      inputs as Record<string, string>
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(new RegExp(`::error::.*${message.source}`))
    expect(run.summary).toMatch(/: failed<\/h2>[^]*<h3>Error<\/h3>/) // a summary even for bad input
    expect(since(n)).toEqual([])
  })

  it("fails at once on an append's 24-hour limit hours away, naming it and its reset, and stops the appends in flight", async () => {
    // Its own sandbox: the spent 24-hour window would refuse the other tests' uploads.
    const limited = await startSandbox({ media: { processingMs: 1500 } })
    try {
      const dir = await makeRunDir()
      await fs.writeFile(path.join(dir, 'v.mp4'), media(MP4, 600_000, 9))
      // The two appends sent at once: one gets a 503 with Retry-After 10 minutes (waited out, were it alone), the
      // other a 429 whose 24-hour user limit resets in 5 hours (fatal): the step fails at once, not 10 minutes on.
      limited.setFaults([
        { on: 'mediaAppend', do: { status: 503, headers: { 'retry-after': '600' } } },
        { on: 'mediaAppend', nth: 2, do: { rateLimit24h: { resetInSeconds: 5 * 3600 } } }
      ])
      const started = Date.now()
      const run = await runAction(
        {
          'user-token': USER_TOKEN,
          'media-file': 'v.mp4',
          'chunk-size': '64KiB',
          concurrency: '2',
          'api-base-url': limited.apiBaseUrl,
          'retry-base-delay-ms': '20'
        },
        { dir, entry: DIST_MEDIA, timeoutMs: 60_000 }
      )
      expect(Date.now() - started).toBeLessThan(20_000)
      expect(run.code).toBe(1)
      const m =
        /::error::X API: the 24-hour user limit for media upload is spent until (\S+), more than 15 minutes away/.exec(
          run.stdout
        )
      expect(m).not.toBeNull()
      const requests = limited.stats().requests
      const refused = requests.find(r => r.fault === 'rateLimit24h')!
      expect(Math.abs(Date.parse(m![1]) - (refused.startedAt + 5 * 3600_000))).toBeLessThan(5000)
      // No append after the two in flight, no finalize.
      expect(requests.filter(r => r.kind === 'mediaAppend')).toHaveLength(2)
      expect(requests.filter(r => r.kind === 'mediaFinalize')).toEqual([])
      await scanForLeaks(run, [USER_TOKEN])
    } finally {
      await limited.close()
    }
  })

  it("sends subtitles over 5 MiB (no local limit of their own) and quotes X's refusal", async () => {
    const n = seq()
    const run = await upload(
      { 'big.srt': Buffer.alloc(5 * 1024 * 1024 + 1, '1\n00:00:01,000 --> 00:00:02,000\nhi\n\n') },
      { 'user-token': USER_TOKEN, 'media-file': 'big.srt' }
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::X API: initializing the upload failed: HTTP 400: .*must be an integer from 1 to 5242880 for subtitles/
    )
    expect(since(n).map(r => r.kind)).toEqual(['mediaInit'])
  })

  it('names the auth and the scopes when X refuses it, without retrying', async () => {
    const refusing = await startSandbox({ media: { userToken: 'the-only-token' } })
    try {
      const dir = await makeRunDir()
      await fs.writeFile(path.join(dir, 'pic.png'), media(PNG, 1000))
      const run = await runAction(
        { 'user-token': USER_TOKEN, 'media-file': 'pic.png', 'api-base-url': refusing.apiBaseUrl },
        { dir, entry: DIST_MEDIA }
      )
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(
        /::error::X API: initializing the upload failed: HTTP 401: .*OAuth 2\.0 user token \(user-token\)/
      )
      // ... and the scopes X needs: media.write to upload, tweet.write to post
      expect(run.stdout).toMatch(/::error::X API: .*HTTP 401: .*the media\.write scope .*tweet\.write/)
      expect(refusing.stats().requests).toHaveLength(1)
      await scanForLeaks(run, [USER_TOKEN])
    } finally {
      await refusing.close()
    }
  })
})
