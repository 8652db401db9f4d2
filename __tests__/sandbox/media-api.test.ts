// The sandbox's X media endpoints over raw HTTP: initialize validation, finalize, processing and STATUS (with
// early polls marked), alt text, posts, the rate-limit headers and the media fault presets.
import { afterEach, describe, expect, it } from '@jest/globals'
import { faultPresets, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { waitUntil } from '../helpers/wait.js'
import { bytes, type RawResponse } from './helpers.js'
import { json, mediaClient, message } from './media-helpers.js'

const T0 = Date.UTC(2025, 4, 1, 12, 0, 0)
const PROCESSING_MS = 100
let sb: Sandbox
let now = T0
const api = mediaClient(() => sb)

/** A fake clock unless `real`: processing and polls then move only when the test moves `now`. */
async function sandbox(opts: SandboxOptions = {}, real = false): Promise<Sandbox> {
  now = T0
  sb = await startSandbox({
    ...(real ? {} : { clock: () => now }),
    ...opts,
    media: { processingMs: PROCESSING_MS, ...opts.media }
  })
  return sb
}
afterEach(() => sb?.close())

interface Data {
  data: Record<string, unknown> & { processing_info?: Record<string, unknown> }
}
const data = (r: RawResponse) => json<Data>(r).data

/** Initialize, append in segments of 10 bytes, finalize; returns the id and the finalize answer. */
async function upload(type: string, size = 25, category?: string) {
  const { id } = await api.create(type, size, category)
  for (let i = 0; i * 10 < size; i++) {
    const r = await api.segment(id, i, bytes(Math.min(10, size - i * 10), i))
    if (r.status !== 200) throw new Error(`append ${i}: ${r.status} ${r.text}`)
  }
  return { id, fin: await api.finalize(id) }
}

describe('initialize', () => {
  it('answers {data: {id, media_key, expires_after_secs}} with the media key prefix of the category', async () => {
    await sandbox()
    const cases: Array<[string, string | undefined, string, string]> = [
      ['image/png', undefined, 'tweet_image', '3'],
      ['image/jpeg', 'dm_image', 'dm_image', '3'],
      ['image/gif', undefined, 'tweet_gif', '16'],
      ['image/gif', 'tweet_image', 'tweet_image', '3'],
      ['video/mp4', undefined, 'tweet_video', '7'],
      ['video/quicktime', 'amplify_video', 'amplify_video', '7'],
      ['text/vtt', undefined, 'subtitles', '13'],
      ['text/srt', 'subtitles', 'subtitles', '13']
    ]
    for (const [type, category, want, prefix] of cases) {
      const r = await api.init({
        media_type: type,
        total_bytes: 100,
        ...(category ? { media_category: category } : {})
      })
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
      const d = data(r)
      expect(Object.keys(d).sort()).toEqual(['expires_after_secs', 'id', 'media_key'])
      expect(d.id).toMatch(/^[1-9][0-9]{18}$/)
      expect(d.media_key).toBe(`${prefix}_${String(d.id)}`)
      expect(d.expires_after_secs).toBe(86400)
      expect(sb.media().at(-1)).toMatchObject({
        id: d.id,
        type,
        category: want,
        totalBytes: 100,
        auth: 'oauth2'
      })
    }
  })

  it.each([
    ['an unknown media_type', { media_type: 'model/gltf-binary', total_bytes: 10 }, /media_type/],
    ['no media_type', { total_bytes: 10 }, /media_type/],
    [
      'an unknown category',
      { media_type: 'video/mp4', total_bytes: 10, media_category: 'tweet_audio' },
      /media_category/
    ],
    [
      'a video as tweet_image',
      { media_type: 'video/mp4', total_bytes: 10, media_category: 'tweet_image' },
      /does not fit/
    ],
    [
      'a png as tweet_gif',
      { media_type: 'image/png', total_bytes: 10, media_category: 'tweet_gif' },
      /does not fit/
    ],
    [
      'subtitles as tweet_video',
      { media_type: 'text/srt', total_bytes: 10, media_category: 'tweet_video' },
      /does not fit/
    ],
    [
      'an image as subtitles',
      { media_type: 'image/png', total_bytes: 10, media_category: 'subtitles' },
      /does not fit/
    ],
    ['total_bytes 0', { media_type: 'image/png', total_bytes: 0 }, /total_bytes/],
    ['total_bytes 1.5', { media_type: 'image/png', total_bytes: 1.5 }, /total_bytes/],
    ['total_bytes as a string', { media_type: 'image/png', total_bytes: '10' }, /total_bytes/],
    ['no total_bytes', { media_type: 'image/png' }, /total_bytes/],
    [
      'an image over 5 MiB',
      { media_type: 'image/png', total_bytes: 5242881 },
      /1 to 5242880 for tweet_image/
    ],
    ['a gif over 15 MiB', { media_type: 'image/gif', total_bytes: 15728641 }, /1 to 15728640/],
    ['a video over 512 MiB', { media_type: 'video/mp4', total_bytes: 536870913 }, /1 to 536870912/],
    ['subtitles over 5 MiB', { media_type: 'text/srt', total_bytes: 5242881 }, /1 to 5242880 for subtitles/],
    [
      'an unknown key',
      { media_type: 'image/png', total_bytes: 10, command: 'INIT' },
      /\[command\] is not one of/
    ],
    ['a JSON array', [1], /JSON object/],
    ['not JSON', 'media_type=image/png', /not valid JSON/]
  ] as Array<[string, unknown, RegExp]>)('%s is 400 naming it', async (_what, body, why) => {
    await sandbox()
    const r = await api.init(body)
    expect(r.status).toBe(400)
    expect(r.headers['content-type']).toBe('application/problem+json')
    expect(json(r)).toEqual({
      errors: [{ message: expect.stringMatching(why) }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request'
    })
    expect(sb.media()).toEqual([])
  })

  it('the limits themselves pass, and a body that is not application/json is 400', async () => {
    await sandbox()
    for (const [type, n] of [
      ['image/png', 5242880],
      ['image/gif', 15728640],
      ['video/mp4', 536870912],
      ['text/srt', 5242880]
    ] as const)
      expect((await api.init({ media_type: type, total_bytes: n })).status).toBe(200)
    const r = await api.call('/2/media/upload/initialize', {
      method: 'POST',
      headers: { authorization: 'Bearer u', 'content-type': 'text/plain' },
      body: JSON.stringify({ media_type: 'image/png', total_bytes: 10 })
    })
    expect(r.status).toBe(400)
    expect(message(r)).toMatch(/application\/json/)
  })
})

describe('finalize', () => {
  it('an image: 200 {id, media_key, size, expires_after_secs} without processing_info; again: the same', async () => {
    await sandbox()
    const { id, fin } = await upload('image/png', 25)
    expect(fin.status).toBe(200)
    const d = data(fin)
    expect(d).toEqual({ id, media_key: `3_${id}`, size: 25, expires_after_secs: 86400 })
    const again = await api.finalize(id)
    expect(again.status).toBe(200)
    expect(data(again)).toEqual(d)
    expect(sb.media()[0]).toMatchObject({
      finalized: true,
      segments: [0, 1, 2].map(index => ({ index, size: index < 2 ? 10 : 5 }))
    })
    expect(sb.media()[0]?.state).toBeUndefined()
  })

  it('a missing segment is 400 naming the indices; a wrong total names the bytes; no segments; an unknown id', async () => {
    await sandbox()
    const { id } = await api.create('video/mp4', 40)
    expect(message(await api.finalize(id))).toMatch(/no segments/)
    for (const i of [0, 3]) expect((await api.segment(id, i, bytes(10))).status).toBe(200)
    const gap = await api.finalize(id)
    expect(gap.status).toBe(400)
    expect(message(gap)).toMatch(/missing segment_index \[1, 2\]/)
    expect((await api.segment(id, 1, bytes(10))).status).toBe(200)
    expect((await api.segment(id, 2, bytes(5))).status).toBe(200)
    const short = await api.finalize(id)
    expect(short.status).toBe(400)
    expect(message(short)).toMatch(/hold 35 bytes but total_bytes is 40/)
    expect(sb.media()[0]?.finalized).toBe(false)
    expect((await api.segment(id, 2, bytes(10))).status).toBe(200)
    expect((await api.finalize(id)).status).toBe(200)
    const unknown = await api.finalize('1999999999999999999')
    expect(unknown.status).toBe(400)
    expect(message(unknown)).toMatch(/not found/)
  })

  it('a body other than an empty JSON object is 400 (finalize takes none; X takes `{}`, as node-twitter-api-v2 sends)', async () => {
    await sandbox()
    const { id } = await api.create('image/png', 10)
    expect((await api.segment(id, 0, bytes(10))).status).toBe(200)
    const send = (body: string) =>
      api.call(`/2/media/upload/${id}/finalize`, {
        method: 'POST',
        headers: { authorization: 'Bearer u', 'content-type': 'application/json' },
        body
      })
    const r = await send('{"media_id":"1"}')
    expect(r.status).toBe(400)
    expect(sb.media()[0]?.finalized).toBe(false)
    expect((await send('{}')).status).toBe(200)
    expect(sb.media()[0]?.finalized).toBe(true)
  })
})

describe('processing and STATUS', () => {
  it('a video: pending at finalize, in_progress with progress, then succeeded (the sandbox clock drives it)', async () => {
    await sandbox()
    const { id, fin } = await upload('video/mp4')
    expect(data(fin)).toEqual({
      id,
      media_key: `7_${id}`,
      size: 25,
      expires_after_secs: 86400,
      processing_info: { state: 'pending', check_after_secs: 1 }
    })
    expect(sb.media()[0]?.state).toBe('pending')
    now = T0 + PROCESSING_MS / 2
    const mid = await api.status(id)
    expect(mid.status).toBe(200)
    expect(data(mid)).toEqual({
      id,
      media_key: `7_${id}`,
      processing_info: { state: 'in_progress', check_after_secs: 1, progress_percent: 50 }
    })
    now = T0 + PROCESSING_MS
    const done = await api.status(id)
    expect(data(done).processing_info).toEqual({ state: 'succeeded', progress_percent: 100 })
    expect(sb.media()[0]?.state).toBe('succeeded')
  })

  it('a GIF is processed too; with the real clock it succeeds within processingMs', async () => {
    await sandbox({}, true)
    const { id, fin } = await upload('image/gif', 12)
    expect(data(fin).processing_info).toEqual({ state: 'pending', check_after_secs: 1 })
    let last: Record<string, unknown> | undefined
    await waitUntil(
      async () => {
        last = data(await api.status(id)).processing_info
        return last?.state === 'succeeded'
      },
      { what: 'the GIF to be processed', timeoutMs: 10_000, detail: () => JSON.stringify(last) }
    )
    expect(sb.media()[0]).toMatchObject({ state: 'succeeded', category: 'tweet_gif' })
  })

  it('media-processing-failed: STATUS ends failed with the InvalidMedia error', async () => {
    await sandbox()
    sb.setFaults(faultPresets['media-processing-failed'])
    const { id, fin } = await upload('video/mp4')
    expect(data(fin).processing_info).toEqual({ state: 'pending', check_after_secs: 1 })
    now += PROCESSING_MS
    const r = await api.status(id)
    expect(data(r).processing_info).toEqual({
      state: 'failed',
      error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' }
    })
    expect(sb.media()[0]?.state).toBe('failed')
  })

  it('mediaOutcome on initialize with its own error', async () => {
    await sandbox()
    const error = { code: 3, name: 'UnsupportedMedia', message: 'Duration too long' }
    sb.setFaults([{ on: 'mediaInit', do: { mediaOutcome: 'failed', error } }])
    const { id } = await upload('video/mp4')
    now += PROCESSING_MS
    expect(data(await api.status(id)).processing_info).toEqual({ state: 'failed', error })
  })

  it('STATUS of an image, of a media not finalized, of an unknown media, or without command=STATUS is 400', async () => {
    await sandbox()
    const { id: image } = await upload('image/png', 10)
    const { id: video } = await api.create('video/mp4', 10)
    for (const id of [image, video, '1999999999999999999']) {
      const r = await api.status(id)
      expect(r.status).toBe(400)
      expect(r.headers['content-type']).toBe('application/problem+json')
    }
    expect(message(await api.status(image))).toMatch(/no processing_info/)
    expect(message(await api.status(video))).toMatch(/not finalized/)
    const noCommand = await api.call(`/2/media/upload?media_id=${video}`, {
      headers: { authorization: 'Bearer u' }
    })
    expect(noCommand.status).toBe(400)
    expect(message(noCommand)).toMatch(/command/)
  })

  it('records every poll with the earliest time the previous answer allowed; sooner ones are early', async () => {
    await sandbox()
    const { id } = await upload('video/mp4') // finalized at T0: pending, check_after_secs 1
    now = T0 + 400
    expect(data(await api.status(id)).processing_info?.state).toBe('succeeded') // early all the same
    now = T0 + 900 // succeeded has no check_after_secs: any later poll is in time
    await api.status(id)
    now = T0 + 901
    await api.status(id)
    expect(sb.media()[0]?.statusPolls).toEqual([
      { at: T0 + 400, earliest: T0 + 1000, early: true },
      { at: T0 + 900, earliest: T0 + 400, early: false },
      { at: T0 + 901, earliest: T0 + 900, early: false }
    ])
  })

  it('a poll before check_after_secs of an in_progress answer is early', async () => {
    await sandbox({ media: { processingMs: 10_000 } })
    const { id } = await upload('video/mp4')
    now = T0 + 6000
    expect(data(await api.status(id)).processing_info).toMatchObject({
      state: 'in_progress',
      progress_percent: 60
    })
    now = T0 + 6999
    await api.status(id)
    now = T0 + 8000
    await api.status(id)
    expect(sb.media()[0]?.statusPolls.map(p => p.early)).toEqual([false, true, false])
    expect(sb.media()[0]?.statusPolls[1]?.earliest).toBe(T0 + 7000)
  })
})

describe('metadata (alt text)', () => {
  const alt = (id: string, text: string) => ({ id, metadata: { alt_text: { text } } })

  it('on an image or a GIF: 200 {data: {id, associated_metadata}}; 1000 characters pass, 1001 do not', async () => {
    await sandbox()
    const { id } = await upload('image/jpeg', 10)
    const text = 'é'.repeat(1000)
    const r = await api.metadata(alt(id, text))
    expect(r.status).toBe(200)
    expect(json(r)).toEqual({ data: { id, associated_metadata: { alt_text: { text } } } })
    expect(sb.media()[0]?.altText).toBe(text)
    const long = await api.metadata(alt(id, 'x'.repeat(1001)))
    expect(long.status).toBe(400)
    expect(message(long)).toMatch(/1000 characters/)
    const { id: gif } = await upload('image/gif', 10)
    expect((await api.metadata(alt(gif, 'a GIF'))).status).toBe(200)
  })

  it('a video, subtitles, a media not finalized, an unknown media or another shape is 400', async () => {
    await sandbox()
    const { id: video } = await upload('video/mp4', 10)
    const { id: subs } = await upload('text/srt', 10)
    const { id: open } = await api.create('image/png', 10)
    for (const [body, why] of [
      [alt(video, 'v'), /images and GIFs/],
      [alt(subs, 's'), /images and GIFs/],
      [alt(open, 'o'), /not finalized/],
      [alt('1999999999999999999', 'u'), /not found/],
      [{ id: open, metadata: { alt_text: 'plain' } }, /alt_text/],
      [{ id: open, metadata: { sensitive_media_warning: {} } }, /alt_text only/],
      [{ media_id: open, metadata: { alt_text: { text: 't' } } }, /is not one of/]
    ] as Array<[unknown, RegExp]>) {
      const r = await api.metadata(body)
      expect(r.status).toBe(400)
      expect(message(r)).toMatch(why)
    }
    expect(sb.media().map(m => m.altText)).toEqual([undefined, undefined, undefined])
  })
})

describe('POST /2/tweets', () => {
  it('posts with a ready image: 201 {data: {id, text}}', async () => {
    await sandbox()
    const { id } = await upload('image/png', 10)
    const r = await api.tweet({ text: 'hello', media: { media_ids: [id] } })
    expect(r.status).toBe(201)
    const d = data(r)
    expect(d).toEqual({ id: expect.stringMatching(/^[1-9][0-9]{18}$/), text: 'hello' })
    expect(sb.posts()).toEqual([{ id: d.id, text: 'hello', mediaIds: [id], auth: 'oauth2' }])
    expect(sb.stats().requests.at(-1)).toMatchObject({ kind: 'post', status: 201 })
  })

  it('a video only once processing succeeded; failed, unfinalized or unknown media are 400', async () => {
    await sandbox()
    const { id } = await upload('video/mp4')
    const early = await api.tweet({ text: 'v', media: { media_ids: [id] } })
    expect(early.status).toBe(400)
    expect(message(early)).toMatch(/not ready: its processing is pending/)
    now += PROCESSING_MS
    expect((await api.tweet({ text: 'v', media: { media_ids: [id] } })).status).toBe(201)

    sb.setFaults(faultPresets['media-processing-failed'])
    const { id: bad } = await upload('video/mp4')
    now += PROCESSING_MS
    expect(message(await api.tweet({ text: 'f', media: { media_ids: [bad] } }))).toMatch(
      /processing is failed/
    )
    const { id: open } = await api.create('image/png', 10)
    expect(message(await api.tweet({ text: 'o', media: { media_ids: [open] } }))).toMatch(/not finalized/)
    expect(message(await api.tweet({ text: 'u', media: { media_ids: ['1999999999999999999'] } }))).toMatch(
      /not found/
    )
    expect((await api.tweet({ media: { media_ids: [] } })).status).toBe(400)
    expect((await api.tweet({})).status).toBe(400)
    expect(sb.posts()).toHaveLength(1)
  })
})

describe('rate limits', () => {
  const HEADERS = [
    'x-rate-limit-limit',
    'x-rate-limit-remaining',
    'x-rate-limit-reset',
    'x-app-limit-24hour-limit',
    'x-app-limit-24hour-remaining',
    'x-app-limit-24hour-reset',
    'x-user-limit-24hour-limit',
    'x-user-limit-24hour-remaining',
    'x-user-limit-24hour-reset'
  ]
  const num = (r: RawResponse, h: string) => Number(r.headers[h])

  it('every answer carries the 15-minute and 24-hour headers; init, append and finalize share a window', async () => {
    await sandbox()
    const { id } = await api.create('video/mp4', 10)
    const answers = [
      await api.init({ media_type: 'video/mp4', total_bytes: 10 }),
      await api.segment(id, 0, bytes(10)),
      await api.finalize(id),
      await api.status(id),
      await api.metadata({ id, metadata: { alt_text: { text: 'x' } } }), // 400: a video
      await api.tweet({ text: 'x' }),
      await api.init({ media_type: 'nope', total_bytes: 1 }), // 400
      await api.init({}, { authorization: `Bearer ${'A'.repeat(30)}` }) // 403
    ]
    for (const r of answers) for (const h of HEADERS) expect(r.headers[h]).toMatch(/^[0-9]+$/)
    // The first create took one of the upload window; init, append and finalize then three more.
    expect(answers.slice(0, 3).map(r => num(r, 'x-rate-limit-remaining'))).toEqual([9998, 9997, 9996])
    expect(num(answers[3]!, 'x-rate-limit-remaining')).toBe(9999) // status: its own window
    expect(num(answers[0]!, 'x-rate-limit-reset')).toBe(Math.ceil((T0 + 15 * 60_000) / 1000))
    expect(num(answers[0]!, 'x-user-limit-24hour-reset')).toBe(Math.ceil((T0 + 24 * 3600_000) / 1000))
    expect(num(answers[0]!, 'x-app-limit-24hour-limit')).toBeGreaterThan(
      num(answers[0]!, 'x-app-limit-24hour-remaining')
    )
  })

  it('media.rateLimit sets the 15-minute windows; a spent one is 429 until it resets', async () => {
    await sandbox({ media: { rateLimit: { limit: 2, windowMs: 60_000 } } })
    const init = () => api.init({ media_type: 'image/png', total_bytes: 1 })
    expect((await init()).status).toBe(200)
    expect((await init()).status).toBe(200)
    const spent = await init()
    expect(spent.status).toBe(429)
    expect(json(spent)).toEqual({
      title: 'Too Many Requests',
      type: 'about:blank',
      status: 429,
      detail: 'Too Many Requests'
    })
    expect(spent.headers['x-rate-limit-remaining']).toBe('0')
    now += 60_000
    expect((await init()).status).toBe(200)
  })

  it('media-429-on-finalize: 429 with the reset 2 s away, nothing finalized; after it, finalize passes', async () => {
    await sandbox()
    sb.setFaults(faultPresets['media-429-on-finalize'])
    const { id, fin } = await upload('image/png', 10)
    expect(fin.status).toBe(429)
    expect(fin.headers['x-rate-limit-remaining']).toBe('0')
    expect(num(fin, 'x-rate-limit-reset')).toBe(Math.ceil((now + 2000) / 1000))
    expect(sb.media()[0]?.finalized).toBe(false)
    expect((await api.finalize(id)).status).toBe(429) // the window stays spent until the reset
    now += 2000
    expect((await api.finalize(id)).status).toBe(200)
    expect(sb.media()[0]?.finalized).toBe(true)
  })

  it('media-24h-limit: 429 with x-user-limit-24hour-remaining 0 and its reset 3 h away, the 15-minute headers normal', async () => {
    await sandbox()
    sb.setFaults(faultPresets['media-24h-limit'])
    const r = await api.init({ media_type: 'image/png', total_bytes: 1 })
    expect(r.status).toBe(429)
    expect(r.headers['x-user-limit-24hour-remaining']).toBe('0')
    expect(num(r, 'x-user-limit-24hour-reset')).toBe(Math.ceil((T0 + 3 * 3600_000) / 1000))
    expect(num(r, 'x-rate-limit-remaining')).toBeGreaterThan(0)
    expect(num(r, 'x-rate-limit-reset')).toBe(Math.ceil((T0 + 15 * 60_000) / 1000))
    expect(sb.media()).toEqual([])
    expect(sb.stats().requests[0]).toMatchObject({ kind: 'mediaInit', status: 429, fault: 'rateLimit24h' })
    // Other families keep their own 24-hour windows.
    expect((await api.tweet({ text: 'still fine' })).status).toBe(201)
  })

  it("rateLimit with mode 'exhaust' on STATUS answers normally with remaining 0, then 429", async () => {
    await sandbox()
    const { id } = await upload('video/mp4')
    sb.setFaults([{ on: 'mediaStatus', do: { rateLimit: { resetInSeconds: 5, mode: 'exhaust' } } }])
    const first = await api.status(id)
    expect(first.status).toBe(200)
    expect(first.headers['x-rate-limit-remaining']).toBe('0')
    expect((await api.status(id)).status).toBe(429)
  })
})
