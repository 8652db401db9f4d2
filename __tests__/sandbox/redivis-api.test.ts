// The sandbox's Redivis API, proven strict over raw HTTP: auth, both error shapes, seeds, versions, tables,
// temp uploads and the rate limit.
import { afterEach, describe, expect, it } from '@jest/globals'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { raw } from './helpers.js'
import {
  api,
  bearer,
  json,
  NEXT_POSTS,
  RTOKEN,
  tablePath,
  tempUploads,
  type TempUploadJson
} from './redivis-helpers.js'

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0)
let sb: Sandbox
let now = T0

async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  now = T0
  sb = await startSandbox({ clock: () => now, ...opts, redivis: { processingMs: 50, ...opts.redivis } })
  return sb
}
afterEach(() => sb?.close())

const INVALID_TOKEN = {
  error: 'invalid_token',
  error_description: 'The access token is missing, expired or malformed.'
}

describe('auth', () => {
  it.each([
    ['no Authorization header', { token: null }],
    ['an empty bearer token', { headers: { authorization: 'Bearer ' }, token: null }],
    ['another scheme', { headers: { authorization: `Basic ${RTOKEN}` }, token: null }],
    ['a wrong token', { token: 'wrong' }]
  ])('401 invalid_token for %s (sandbox started with a token)', async (_name, o) => {
    await sandbox({ redivis: { token: RTOKEN } })
    const r = await api(sb, 'GET', '/datasets/demo.sandbox_dataset', o as never)
    expect(r.status).toBe(401)
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(json(r)).toEqual(INVALID_TOKEN)
    expect(r.headers['x-ratelimit-limit']).toBe('100')
  })

  it('accepts any non-empty token when started without one, and only the given one when started with one', async () => {
    await sandbox()
    expect((await api(sb, 'GET', '/datasets/demo.sandbox_dataset', { token: 'anything' })).status).toBe(200)
    await sb.close()
    await sandbox({ redivis: { token: RTOKEN } })
    expect((await api(sb, 'GET', '/datasets/demo.sandbox_dataset')).status).toBe(200)
    expect((await api(sb, 'GET', '/datasets/demo.sandbox_dataset', { token: 'anything' })).status).toBe(401)
  })

  it('a read-only token reads (200) but every write gets 403 insufficient_scope naming data.edit', async () => {
    await sandbox({ redivis: { token: RTOKEN, readOnlyToken: 'reader' } })
    const o = { token: 'reader' }
    expect((await api(sb, 'GET', tablePath(NEXT_POSTS), o)).status).toBe(200)
    const writes = [
      await api(sb, 'POST', '/datasets/demo.released_dataset/versions', o),
      await api(sb, 'PATCH', tablePath(NEXT_POSTS), { ...o, body: { uploadMergeStrategy: 'replace' } }),
      await api(sb, 'POST', tablePath(NEXT_POSTS, '/tempUploads'), {
        ...o,
        body: { tempUploads: [{ size: 1, name: 'a.csv', resumable: false }] }
      }),
      await api(sb, 'DELETE', tablePath(NEXT_POSTS, '/uploads/a_csv'), o)
    ]
    for (const r of writes) {
      expect(r.status).toBe(403)
      expect(json(r)).toEqual({
        error: 'insufficient_scope',
        error_description: 'The access token lacks the scope data.edit.',
        scope: 'data.edit'
      })
    }
    // Nothing was written.
    expect(sb.redivis().datasets[1].nextVersion).toBeNull()
    expect(sb.redivis().tempUploads).toEqual([])
  })

  it('records kind, method, path without query, status and whether a token was sent (never its value)', async () => {
    await sandbox()
    await api(sb, 'GET', '/datasets/demo.sandbox_dataset?x=secret', { token: null })
    await api(sb, 'GET', tablePath(NEXT_POSTS))
    const [a, b] = sb.stats().requests
    expect(a).toMatchObject({
      kind: 'redivisDataset',
      method: 'GET',
      path: '/api/v1/datasets/demo.sandbox_dataset',
      status: 401,
      authorization: false
    })
    expect(b).toMatchObject({ kind: 'redivisTable', status: 200, authorization: true })
    expect(JSON.stringify(sb.stats())).not.toContain(RTOKEN)
  })
})

describe('error shapes', () => {
  it('404 in the OAuth shape, naming the reference; 400 in the legacy shape', async () => {
    await sandbox()
    const nf = await api(sb, 'GET', '/datasets/demo.no_such_dataset')
    expect(nf.status).toBe(404)
    expect(json(nf)).toEqual({
      error: 'not_found',
      error_description: expect.stringContaining('demo.no_such_dataset')
    })
    const bad = await api(sb, 'POST', tablePath(NEXT_POSTS, '/tempUploads'), { body: '{not json' })
    expect(bad.status).toBe(400)
    expect(json(bad)).toEqual({ error: { status: 400, message: 'The request body is not valid JSON.' } })
  })

  it('an unknown endpoint or method under /api/v1 is a 404 not_found', async () => {
    await sandbox()
    for (const [method, path] of [
      ['GET', '/nothing/here'],
      ['PUT', tablePath(NEXT_POSTS)],
      ['POST', tablePath(NEXT_POSTS, '/somethingElse')]
    ]) {
      const r = await api(sb, method, path)
      expect(r.status).toBe(404)
      expect(json(r)).toMatchObject({ error: 'not_found' })
    }
  })

  it('a status fault answers in Redivis shapes: legacy for 503, OAuth for 429; commit does the work first', async () => {
    await sandbox()
    sb.setFaults([
      { on: 'tempUploads', do: { status: 503 } },
      { on: 'redivisVersion', do: { status: 503, commit: true } }
    ])
    const r = await api(sb, 'POST', tablePath(NEXT_POSTS, '/tempUploads'), {
      body: { tempUploads: [{ size: 1, name: 'a.csv', resumable: false }] }
    })
    expect(r.status).toBe(503)
    expect(json(r)).toEqual({ error: { status: 503, message: expect.stringContaining('503') } })
    expect(sb.redivis().tempUploads).toEqual([])
    const v = await api(sb, 'POST', '/datasets/demo.released_dataset/versions')
    expect(v.status).toBe(503)
    expect(sb.redivis().datasets[1].nextVersion).toBe('v1.1')
    sb.setFaults([{ on: 'redivisTable', do: { status: 429 } }])
    expect(json(await api(sb, 'GET', tablePath(NEXT_POSTS)))).toMatchObject({ error: 'rate_limit_exceeded' })
  })
})

describe('seeds and versions', () => {
  it('demo.sandbox_dataset: current v1.0 released, next v1.1, exactly the contract shape', async () => {
    await sandbox()
    const r = await api(sb, 'GET', '/datasets/demo.sandbox_dataset')
    expect(r.status).toBe(200)
    expect(json(r)).toEqual({
      kind: 'dataset',
      uri: '/datasets/demo.sandbox_dataset',
      name: 'sandbox_dataset',
      qualifiedReference: 'demo.sandbox_dataset',
      currentVersion: { kind: 'version', tag: 'v1.0', isReleased: true },
      nextVersion: { kind: 'version', tag: 'v1.1', isReleased: false }
    })
    const released = json(await api(sb, 'GET', '/datasets/demo.released_dataset'))
    expect(released).toMatchObject({ currentVersion: { tag: 'v1.0', isReleased: true }, nextVersion: null })
  })

  it('names match case-insensitively after escaping; a refId must match; a missing version is a 404', async () => {
    await sandbox()
    const refId = sb.redivis().datasets[0].refId
    for (const ref of [
      'Demo.Sandbox_Dataset',
      `demo.sandbox_dataset:${refId}`,
      'demo.sandbox dataset',
      'demo.sandbox_dataset:next'
    ])
      expect((await api(sb, 'GET', `/datasets/${encodeURIComponent(ref)}`)).status).toBe(200)
    for (const ref of [
      'demo.sandbox_dataset:zzzz',
      'demo.released_dataset:next',
      'demo.sandbox_dataset:v9_9',
      'other.sandbox_dataset'
    ])
      expect((await api(sb, 'GET', `/datasets/${encodeURIComponent(ref)}`)).status).toBe(404)
  })

  it('POST versions makes the next version (current minor + 1, tables copied without uploads); a second one is a 400', async () => {
    await sandbox()
    const r = await api(sb, 'POST', '/datasets/demo.released_dataset/versions')
    expect(r.status).toBe(200)
    expect(json(r)).toEqual({
      kind: 'version',
      tag: 'v1.1',
      isReleased: false,
      datasetUri: '/datasets/demo.released_dataset:next'
    })
    const t = await api(sb, 'GET', tablePath('demo.released_dataset:next.posts'))
    expect(json(t)).toMatchObject({
      name: 'posts',
      isFileIndex: false,
      uploadMergeStrategy: 'append',
      numRows: 0
    })
    const again = await api(sb, 'POST', '/datasets/demo.released_dataset/versions')
    expect(again.status).toBe(400)
    expect(json(again)).toEqual({ error: { status: 400, message: expect.stringContaining('next version') } })
    const seeded = await api(sb, 'POST', '/datasets/demo.sandbox_dataset/versions')
    expect(seeded.status).toBe(400)
    expect(sb.redivis().datasets[0].nextVersion).toBe('v1.1')
  })
})

describe('tables', () => {
  it('GET a next-version table: the contract shape, uri = the reference as given, encoded once', async () => {
    await sandbox()
    const r = await api(sb, 'GET', tablePath(NEXT_POSTS))
    expect(json(r)).toEqual({
      kind: 'table',
      uri: '/tables/demo.sandbox_dataset%3Anext.posts',
      name: 'posts',
      isFileIndex: false,
      uploadMergeStrategy: 'append',
      numRows: 0
    })
    expect(json(await api(sb, 'GET', tablePath('demo.sandbox_dataset:next.files')))).toMatchObject({
      isFileIndex: true
    })
  })

  it('no version means current; vN_M and vN.M name a released version', async () => {
    await sandbox()
    for (const ref of [
      'demo.sandbox_dataset.posts',
      'demo.sandbox_dataset:v1_0.posts',
      'demo.sandbox_dataset:v1.0.posts'
    ])
      expect((await api(sb, 'GET', tablePath(ref))).status).toBe(200)
  })

  it.each([
    ['next of a dataset without one', 'demo.released_dataset:next.posts'],
    ['an unknown table', 'demo.sandbox_dataset:next.nope'],
    ['an unknown dataset', 'demo.nope:next.posts'],
    ['a wrong table refId', 'demo.sandbox_dataset:next.posts:zzzz'],
    ['not a reference', 'demo']
  ])('404 for %s, naming the reference', async (_what, ref) => {
    await sandbox()
    const r = await api(sb, 'GET', tablePath(ref))
    expect(r.status).toBe(404)
    const body = json<{ error: string; error_description: string }>(r)
    expect(body.error).toBe('not_found')
    expect(body.error_description).toContain(`"${ref}"`)
  })

  it('PATCH uploadMergeStrategy on the next version; released -> 400; other keys or values -> 400', async () => {
    await sandbox()
    const ok = await api(sb, 'PATCH', tablePath(NEXT_POSTS), { body: { uploadMergeStrategy: 'replace' } })
    expect(ok.status).toBe(200)
    expect(json(ok)).toMatchObject({ uploadMergeStrategy: 'replace' })
    const posts = sb.redivis().datasets[0].tables.find(t => t.name === 'posts' && t.version === 'v1.1')
    expect(posts?.uploadMergeStrategy).toBe('replace')
    const released = await api(sb, 'PATCH', tablePath('demo.sandbox_dataset:current.posts'), {
      body: { uploadMergeStrategy: 'replace' }
    })
    expect(released.status).toBe(400)
    expect(json(released)).toMatchObject({ error: { status: 400 } })
    for (const body of [
      { uploadMergeStrategy: 'merge' },
      { name: 'x' },
      { uploadMergeStrategy: 'append', description: '' },
      '[]'
    ])
      expect((await api(sb, 'PATCH', tablePath(NEXT_POSTS), { body })).status).toBe(400)
  })
})

describe('tempUploads', () => {
  it('answers in request order with string sizes and signed urls to the redivis-temp-uploads bucket', async () => {
    await sandbox()
    const entries = [
      { size: 10, name: 'b.csv', resumable: false },
      { size: 0, name: 'a.csv', resumable: true },
      { size: 2 ** 40, name: 'c.csv', resumable: true }
    ]
    const r = await api(sb, 'POST', tablePath(NEXT_POSTS, '/tempUploads'), { body: { tempUploads: entries } })
    expect(r.status).toBe(200)
    const list = json<{ kind: string; results: TempUploadJson[] }>(r)
    expect(list.kind).toBe('tempUploadList')
    expect(list.results.map(t => [t.kind, t.name, t.size, t.resumable])).toEqual([
      ['tempUpload', 'b.csv', '10', false],
      ['tempUpload', 'a.csv', '0', true],
      ['tempUpload', 'c.csv', String(2 ** 40), true]
    ])
    expect(new Set(list.results.map(t => t.id)).size).toBe(3)
    const u = new URL(list.results[0].url)
    expect(`${u.origin}${u.pathname}`).toBe(
      `${sb.apiBaseUrl}/gcs/redivis-temp-uploads/${list.results[0].id}/submission`
    )
    expect([...u.searchParams.keys()]).toEqual([
      'X-Goog-Algorithm',
      'X-Goog-Credential',
      'X-Goog-Date',
      'X-Goog-Expires',
      'X-Goog-SignedHeaders',
      'X-Goog-Signature'
    ])
    expect(u.searchParams.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256')
    expect(u.searchParams.get('X-Goog-Date')).toBe('20260105T100000Z')
    expect(u.searchParams.get('X-Goog-Expires')).toBe('86400')
    expect(u.searchParams.get('X-Goog-SignedHeaders')).toBe('host')
    expect(u.searchParams.get('X-Goog-Signature')).toMatch(/^[0-9a-f]{512}$/)
    expect(sb.redivis().tempUploads.map(t => [t.name, t.complete, t.sessionsStarted])).toEqual([
      ['b.csv', false, 0],
      ['a.csv', false, 0],
      ['c.csv', false, 0]
    ])
  })

  it('takes 1 to 1000 entries: 1000 pass, 0 and 1001 are a 400', async () => {
    await sandbox()
    const entry = (i: number) => ({ size: i, name: `f${i}.csv`, resumable: false })
    const many = await tempUploads(
      sb,
      Array.from({ length: 1000 }, (_, i) => entry(i))
    )
    expect(many.map(t => t.name)).toEqual(Array.from({ length: 1000 }, (_, i) => `f${i}.csv`))
    for (const n of [0, 1001]) {
      const r = await api(sb, 'POST', tablePath(NEXT_POSTS, '/tempUploads'), {
        body: { tempUploads: Array.from({ length: n }, (_, i) => entry(i)) }
      })
      expect(r.status).toBe(400)
      expect(json(r)).toEqual({
        error: { status: 400, message: 'tempUploads must be an array of 1 to 1000 entries.' }
      })
    }
    expect(sb.redivis().tempUploads).toHaveLength(1000)
  })

  it.each([
    ['a negative size', { size: -1, name: 'a', resumable: false }],
    ['a fractional size', { size: 1.5, name: 'a', resumable: false }],
    ['a string size', { size: '1', name: 'a', resumable: false }],
    ['no name', { size: 1, resumable: false }],
    ['no resumable', { size: 1, name: 'a' }],
    ['another key', { size: 1, name: 'a', resumable: false, md5: 'x' }]
  ])('400 for an entry with %s', async (_what, entry) => {
    await sandbox()
    const r = await api(sb, 'POST', tablePath(NEXT_POSTS, '/tempUploads'), { body: { tempUploads: [entry] } })
    expect(r.status).toBe(400)
    expect(json(r)).toMatchObject({ error: { status: 400 } })
  })

  it('refuses the current (released) version: uploads go to the next version only', async () => {
    await sandbox()
    for (const ref of [
      'demo.sandbox_dataset.posts',
      'demo.sandbox_dataset:current.posts',
      'demo.released_dataset.posts'
    ]) {
      const r = await api(sb, 'POST', tablePath(ref, '/tempUploads'), {
        body: { tempUploads: [{ size: 1, name: 'a.csv', resumable: false }] }
      })
      expect(r.status).toBe(400)
      expect(json<{ error: { message: string } }>(r).error.message).toMatch(
        /^Uploads can only be made to the next version/
      )
    }
  })

  it('a temp upload url with a changed or missing signed parameter is a 403 SignatureDoesNotMatch', async () => {
    await sandbox()
    const [t] = await tempUploads(sb, [{ size: 3, name: 'a.csv', resumable: false }])
    const changed = new URL(t.url)
    changed.searchParams.set('X-Goog-Expires', '999999')
    const missing = new URL(t.url)
    missing.searchParams.delete('X-Goog-Signature')
    for (const url of [changed.toString(), missing.toString()]) {
      const r = await raw(url, { method: 'PUT', headers: bearer(), body: 'abc' })
      expect(r.status).toBe(403)
      expect(r.text).toContain('<Code>SignatureDoesNotMatch</Code>')
    }
    expect(sb.redivis().tempUploads[0].complete).toBe(false)
  })

  it('a temp upload url expires after tempUploadWindowMs', async () => {
    await sandbox({ redivis: { tempUploadWindowMs: 60_000 } })
    const [t] = await tempUploads(sb, [{ size: 3, name: 'a.csv', resumable: false }])
    expect(new URL(t.url).searchParams.get('X-Goog-Expires')).toBe('60')
    now += 60_001
    const r = await raw(t.url, { method: 'PUT', headers: bearer(), body: 'abc' })
    expect(r.status).toBe(400)
    expect(r.text).toContain('<Code>ExpiredToken</Code>')
  })
})

describe('rate limit', () => {
  it('one window for all /api/v1 requests: headers on every answer, then 429 with Retry-After until it ends', async () => {
    await sandbox({ redivis: { rateLimit: { limit: 3, windowMs: 10_000 } } })
    const seen: Array<[number, unknown, unknown]> = []
    for (const path of [
      '/datasets/demo.sandbox_dataset',
      tablePath(NEXT_POSTS),
      '/datasets/demo.nope',
      tablePath(NEXT_POSTS)
    ]) {
      const r = await api(sb, 'GET', path, { token: path.includes('nope') ? 'another-token' : undefined })
      seen.push([r.status, r.headers['x-ratelimit-limit'], r.headers['x-ratelimit-remaining']])
    }
    expect(seen).toEqual([
      [200, '3', '2'],
      [200, '3', '1'],
      [404, '3', '0'],
      [429, '3', '0']
    ])
    now += 4_000
    const limited = await api(sb, 'GET', tablePath(NEXT_POSTS))
    expect(limited.status).toBe(429)
    expect(limited.headers['retry-after']).toBe('6')
    expect(json(limited)).toEqual({ error: 'rate_limit_exceeded', error_description: expect.any(String) })
    now += 6_000
    expect((await api(sb, 'GET', tablePath(NEXT_POSTS))).status).toBe(200)
  })

  it('transfer requests do not count', async () => {
    await sandbox({ redivis: { rateLimit: { limit: 1, windowMs: 10_000 } } })
    const [t] = await tempUploads(sb, [{ size: 3, name: 'a.csv', resumable: false }])
    expect((await api(sb, 'GET', tablePath(NEXT_POSTS))).status).toBe(429)
    const put = await raw(t.url, { method: 'PUT', headers: bearer(), body: 'abc' })
    expect(put.status).toBe(200)
    expect(put.headers['x-ratelimit-remaining']).toBeUndefined()
  })

  it('the rateLimit fault spends the window: 429 at once with Retry-After = resetInSeconds', async () => {
    await sandbox()
    sb.setFaults([{ on: 'redivisTable', do: { rateLimit: { resetInSeconds: 7 } } }])
    const r = await api(sb, 'GET', tablePath(NEXT_POSTS))
    expect(r.status).toBe(429)
    expect(r.headers['retry-after']).toBe('7')
    expect(r.headers['x-ratelimit-remaining']).toBe('0')
    expect(sb.stats().requests[0].fault).toBe('rateLimit')
    expect((await api(sb, 'GET', '/datasets/demo.sandbox_dataset')).status).toBe(429)
    now += 7_000
    expect((await api(sb, 'GET', '/datasets/demo.sandbox_dataset')).status).toBe(200)
  })
})
