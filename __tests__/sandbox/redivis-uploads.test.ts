// Uploads and raw files on the sandbox's Redivis API over raw HTTP: creation rules, processing (queued ->
// running -> completed or failed, rows counted), names and their escaping, HEAD/GET/DELETE, rawFiles, faults.
import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { BLOCK, bytes, put } from './helpers.js'
import {
  api,
  bearer,
  createUpload,
  json,
  NEXT_FILES,
  NEXT_POSTS,
  startResumable,
  tablePath,
  tempUploads,
  uploadedTemp,
  uploadFile,
  type UploadJson
} from './redivis-helpers.js'
import { waitUntil } from '../helpers/wait.js'

let sb: Sandbox
let now = 0

/** processingMs 50 on the real clock, unless a test drives the clock itself. */
async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  sb = await startSandbox({ ...opts, redivis: { processingMs: 50, ...opts.redivis } })
  return sb
}
afterEach(() => sb?.close())

const CSV = Buffer.from('id,text,likes\n1,"hello, world",3\n2,plain,5\n3,"multi\nline",7\n')

async function upload(path: string): Promise<UploadJson> {
  const r = await api(sb, 'GET', path)
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`)
  return json<UploadJson>(r)
}

/** Polls the upload's uri until processing ends. */
async function processed(u: UploadJson): Promise<UploadJson> {
  let last = u
  await waitUntil(
    async () => {
      last = await upload(u.uri)
      return last.status === 'completed' || last.status === 'failed'
    },
    { what: `${u.name} to finish processing`, detail: () => JSON.stringify(last) }
  )
  return last
}

describe('processing', () => {
  it('queued -> running after processingMs/2 -> completed after processingMs, with the rows counted', async () => {
    now = Date.UTC(2026, 0, 5)
    await sandbox({ clock: () => now, redivis: { processingMs: 1000 } })
    const data = Buffer.from('a,b,c\n1,2,3\n4,5,6\n7,8,9\n')
    const created = await uploadFile(sb, data, 'posts.csv')
    expect(created).toEqual({
      kind: 'upload',
      uri: '/tables/demo.sandbox_dataset%3Anext.posts/uploads/posts_csv',
      name: 'posts.csv',
      status: 'queued',
      type: 'delimited',
      numRows: null,
      errorMessage: null,
      size: data.length
    })
    now += 499
    expect((await upload(created.uri)).status).toBe('queued')
    now += 1
    expect(await upload(created.uri)).toMatchObject({ status: 'running', numRows: null })
    now += 499
    expect((await upload(created.uri)).status).toBe('running')
    now += 1
    expect(await upload(created.uri)).toMatchObject({ status: 'completed', numRows: 3, errorMessage: null })
    expect(json(await api(sb, 'GET', tablePath(NEXT_POSTS)))).toMatchObject({ numRows: 3 })
    const view = sb.redivis().datasets[0].tables.find(t => t.name === 'posts' && t.version === 'v1.1')
    expect(view?.uploads).toEqual([
      {
        name: 'posts.csv',
        status: 'completed',
        numRows: 3,
        errorMessage: null,
        size: data.length,
        type: 'delimited',
        options: {},
        tempUploadId: sb.redivis().tempUploads[0].id
      }
    ])
  })

  it('a resumable transfer in chunks, then the upload: quoted delimiters and quoted newlines parse', async () => {
    await sandbox()
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},"text, with comma ${i}",${i % 7}`)
    const data = Buffer.from(`id,text,n\n${rows.join('\n')}\n`)
    const [t] = await tempUploads(sb, [{ size: data.length, name: 'big.csv', resumable: true }])
    const start = await startResumable(t.url, data.length)
    const uri = start.headers.location as string
    let offset = 0
    while (offset < data.length) {
      const end = Math.min(offset + BLOCK, data.length)
      const r = await put(
        uri,
        `bytes ${offset}-${end - 1}/${data.length}`,
        data.subarray(offset, end),
        bearer()
      )
      expect(r.status).toBe(end === data.length ? 200 : 308)
      offset = end
    }
    const created = await createUpload(sb, { name: 'big.csv', tempUploadId: t.id, type: 'delimited' })
    expect(created.status).toBe(200)
    expect(await processed(json<UploadJson>(created))).toMatchObject({ status: 'completed', numRows: 20_000 })
    const quoted = await uploadFile(sb, CSV, 'quoted.csv', { hasQuotedNewlines: true })
    expect(await processed(quoted)).toMatchObject({ status: 'completed', numRows: 3 })
  })

  it('a jagged row fails processing with Redivis-style errorMessage; allowJaggedRows or skipBadRecords accept it', async () => {
    await sandbox()
    const data = Buffer.from('a,b,c\n1,2,3\n1,2,3,4\n5,6,7\n')
    const failed = await processed(await uploadFile(sb, data, 'jagged.csv'))
    expect(failed).toMatchObject({
      status: 'failed',
      numRows: null,
      errorMessage: 'Row 3 has 4 fields but the header has 3 (allowJaggedRows is false).'
    })
    const allowed = await processed(await uploadFile(sb, data, 'jagged.csv', { allowJaggedRows: true }))
    expect(allowed).toMatchObject({ status: 'completed', numRows: 3, name: 'jagged_1.csv' })
    const skipped = await processed(await uploadFile(sb, data, 'jagged.csv', { skipBadRecords: true }))
    expect(skipped).toMatchObject({ status: 'completed', numRows: 2 })
  })

  it('options change the count: no header row, another delimiter, CRLF and blank lines', async () => {
    await sandbox()
    const noHeader = await uploadFile(sb, Buffer.from('1;2\n3;4\n'), 'a.csv', {
      hasHeaderRow: false,
      delimiter: ';'
    })
    expect(await processed(noHeader)).toMatchObject({ status: 'completed', numRows: 2 })
    const crlf = await uploadFile(sb, Buffer.from('a\tb\r\n1\t2\r\n\r\n3\t4'), 'b.tsv')
    expect(await processed(crlf)).toMatchObject({ status: 'completed', numRows: 2 })
  })

  it('ndjson: every non-empty line must be a JSON object, else failed naming the line', async () => {
    await sandbox()
    const good = await uploadFile(sb, Buffer.from('{"a":1}\n\n{"a":2}\n'), 'good.ndjson')
    expect(await processed(good)).toMatchObject({ status: 'completed', type: 'ndjson', numRows: 2 })
    const bad = await processed(await uploadFile(sb, Buffer.from('{"a":1}\n{"a":\n'), 'bad.jsonl'))
    expect(bad.status).toBe('failed')
    expect(bad.errorMessage).toMatch(/^Line 2 is not valid JSON/)
    const array = await processed(await uploadFile(sb, Buffer.from('{"a":1}\n[1]\n'), 'array.ndjson'))
    expect(array).toMatchObject({ status: 'failed', errorMessage: 'Line 2 is not a JSON object.' })
  })

  it('other types complete with numRows 0', async () => {
    await sandbox()
    const u = await uploadFile(sb, bytes(100), 'data.parquet')
    expect(await processed(u)).toMatchObject({ status: 'completed', type: 'parquet', numRows: 0 })
  })

  it('with discardObjects no bytes are kept, but the rows are still counted', async () => {
    await sandbox({ discardObjects: true })
    const u = await uploadFile(sb, Buffer.from('a,b\n1,2\n3,4\n5,6'), 'posts.csv')
    expect(await processed(u)).toMatchObject({ status: 'completed', numRows: 3 })
    expect(sb.redivisObject(sb.redivis().tempUploads[0].id)).toBeUndefined()
  })

  it('the uploadOutcome fault makes the created upload fail with the given errorMessage', async () => {
    await sandbox()
    sb.setFaults([{ on: 'uploadCreate', do: { uploadOutcome: 'failed', errorMessage: 'Injected failure.' } }])
    const u = await uploadFile(sb, CSV, 'posts.csv')
    expect(u.status).toBe('queued')
    expect(await processed(u)).toMatchObject({
      status: 'failed',
      numRows: null,
      errorMessage: 'Injected failure.'
    })
  })
})

describe('creation rules', () => {
  it('a name in use is renamed <base>_1<.ext>, then _2, matching names after escaping', async () => {
    await sandbox()
    const names: string[] = []
    for (const name of ['posts.csv', 'posts.csv', 'POSTS.csv', 'noext', 'noext'])
      names.push((await uploadFile(sb, CSV, name)).name)
    expect(names).toEqual(['posts.csv', 'posts_1.csv', 'POSTS_2.csv', 'noext', 'noext_1'])
    const list = json<{ kind: string; results: UploadJson[] }>(
      await api(sb, 'GET', tablePath(NEXT_POSTS, '/uploads'))
    )
    expect(list.kind).toBe('uploadList')
    expect(list.results.map(u => u.uri.split('/').at(-1))).toEqual([
      'posts_csv',
      'posts_1_csv',
      'POSTS_2_csv',
      'noext',
      'noext_1'
    ])
  })

  it.each([
    ['an unknown option key', { rename: true }],
    ['a non-boolean option', { hasHeaderRow: 'yes' }],
    ['a delimiter of two characters', { delimiter: ';;' }],
    ['nullMarkers not strings', { nullMarkers: [1] }],
    ['an unknown explicit type', { type: 'csv' }],
    ['a name whose type cannot be detected', { name: 'data.bin' }],
    ['no name', { name: undefined }]
  ])('400 (legacy shape) for %s', async (_what, extra) => {
    await sandbox()
    const t = await uploadedTemp(sb, CSV, 'posts.csv')
    const r = await createUpload(sb, { name: 'posts.csv', tempUploadId: t.id, ...extra })
    expect(r.status).toBe(400)
    expect(json(r)).toEqual({ error: { status: 400, message: expect.any(String) } })
    expect(
      json<{ results: unknown[] }>(await api(sb, 'GET', tablePath(NEXT_POSTS, '/uploads'))).results
    ).toEqual([])
  })

  it('accepts the documented options, null where allowed', async () => {
    await sandbox()
    const t = await uploadedTemp(sb, CSV, 'posts.csv')
    const options = {
      hasHeaderRow: true,
      skipBadRecords: false,
      hasQuotedNewlines: true,
      allowJaggedRows: false,
      quoteCharacter: '"',
      escapeCharacter: null,
      delimiter: null,
      nullMarkers: ['NA', '']
    }
    const r = await createUpload(sb, { name: 'posts.csv', type: null, tempUploadId: t.id, ...options })
    expect(r.status).toBe(200)
    expect(
      sb.redivis().datasets[0].tables.find(x => x.version === 'v1.1' && x.name === 'posts')?.uploads[0]
        .options
    ).toEqual(options)
  })

  it('400 for a temp upload that is unknown, not complete, or made for another table', async () => {
    await sandbox()
    const [pending] = await tempUploads(sb, [{ size: 3, name: 'x.csv', resumable: false }])
    const otherTable = await uploadedTemp(sb, CSV, 'x.csv', NEXT_FILES)
    for (const tempUploadId of ['nope', pending.id, otherTable.id]) {
      const r = await createUpload(sb, { name: 'x.csv', tempUploadId })
      expect(r.status).toBe(400)
      expect(json<{ error: { message: string } }>(r).error.message).toContain(tempUploadId)
    }
  })

  it('400 on a file index table and on a released version', async () => {
    await sandbox()
    const t = await uploadedTemp(sb, CSV, 'x.csv', NEXT_FILES)
    const fileIndex = await createUpload(sb, { name: 'x.csv', tempUploadId: t.id }, NEXT_FILES)
    expect(fileIndex.status).toBe(400)
    expect(json<{ error: { message: string } }>(fileIndex).error.message).toContain('file index')
    const released = await createUpload(
      sb,
      { name: 'x.csv', tempUploadId: t.id },
      'demo.sandbox_dataset:v1_0.posts'
    )
    expect(released.status).toBe(400)
    expect(json<{ error: { message: string } }>(released).error.message).toMatch(
      /^Uploads can only be made to the next version/
    )
  })

  it('a lost answer (preset redivis-upload-create-lost) still creates the upload: HEAD by name finds it', async () => {
    const { faultPresets } = await import('../../src/sandbox/index.js')
    await sandbox()
    const t = await uploadedTemp(sb, CSV, 'posts.csv')
    sb.setFaults(faultPresets['redivis-upload-create-lost'])
    const r = await createUpload(sb, { name: 'posts.csv', tempUploadId: t.id })
    expect(r.error).toBeDefined()
    const head = await api(sb, 'HEAD', tablePath(NEXT_POSTS, '/uploads/posts_csv'))
    expect(head.status).toBe(200)
    expect(sb.stats().requests.find(x => x.kind === 'uploadCreate')).toMatchObject({
      outcome: 'reset',
      fault: 'loseFinalResponse'
    })
  })

  it('the 429 preset on upload creation answers Retry-After and creates nothing', async () => {
    const { faultPresets } = await import('../../src/sandbox/index.js')
    await sandbox()
    const t = await uploadedTemp(sb, CSV, 'posts.csv')
    sb.setFaults(faultPresets['redivis-429-on-upload-create'])
    const r = await createUpload(sb, { name: 'posts.csv', tempUploadId: t.id })
    expect(r.status).toBe(429)
    expect(r.headers['retry-after']).toBe('2')
    expect(json(r)).toMatchObject({ error: 'rate_limit_exceeded' })
    expect(
      sb.redivis().datasets[0].tables.find(x => x.version === 'v1.1' && x.name === 'posts')?.uploads
    ).toEqual([])
  })
})

describe('one upload by name', () => {
  it('GET and HEAD by the escaped name (dots to underscores, any case); DELETE removes it', async () => {
    await sandbox()
    await uploadFile(sb, CSV, 'my posts.v2.csv')
    const path = (n: string) => tablePath(NEXT_POSTS, `/uploads/${encodeURIComponent(n)}`)
    for (const n of ['my_posts_v2_csv', 'MY_POSTS_V2_CSV', 'my posts_v2_csv'])
      expect(json(await api(sb, 'GET', path(n)))).toMatchObject({ name: 'my posts.v2.csv' })
    const head = await api(sb, 'HEAD', path('my_posts_v2_csv'))
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    expect(head.headers['x-redivis-error-payload']).toBeUndefined()
    const del = await api(sb, 'DELETE', path('my_posts_v2_csv'))
    expect(del.status).toBe(200)
    expect(json(del)).toEqual({})
    expect((await api(sb, 'GET', path('my_posts_v2_csv'))).status).toBe(404)
    expect((await api(sb, 'DELETE', path('my_posts_v2_csv'))).status).toBe(404)
  })

  it('HEAD of a missing upload: 404, no body, the error JSON URL-encoded in x-redivis-error-payload', async () => {
    await sandbox()
    const r = await api(sb, 'HEAD', tablePath(NEXT_POSTS, '/uploads/nothing_csv'))
    expect(r.status).toBe(404)
    expect(r.body.length).toBe(0)
    const payload = JSON.parse(decodeURIComponent(r.headers['x-redivis-error-payload'] as string)) as unknown
    expect(payload).toEqual({ error: 'not_found', error_description: expect.stringContaining('nothing_csv') })
    expect(sb.stats().requests[0]).toMatchObject({ kind: 'uploadHead', status: 404 })
  })
})

describe('rawFiles', () => {
  async function file(content: string, name: string) {
    return uploadedTemp(sb, Buffer.from(content), name, NEXT_FILES)
  }

  it('adds nested names to a file index table: 201 rawFileList with md5Hash and size; GET lists them', async () => {
    await sandbox()
    const a = await file('alpha', 'a.txt')
    const b = await file('beta!', 'b.json')
    const r = await api(sb, 'POST', tablePath(NEXT_FILES, '/rawFiles'), {
      body: {
        files: [
          { name: 'docs/a.txt', tempUploadId: a.id },
          { name: 'deep/er/b.json', tempUploadId: b.id }
        ]
      }
    })
    expect(r.status).toBe(201)
    const list = json<{ kind: string; results: Array<Record<string, unknown>> }>(r)
    expect(list.kind).toBe('rawFileList')
    const md5 = (s: string) => createHash('md5').update(s).digest('base64')
    expect(list.results.map(f => [f.kind, f.name, f.size, f.md5Hash])).toEqual([
      ['rawFile', 'docs/a.txt', 5, md5('alpha')],
      ['rawFile', 'deep/er/b.json', 5, md5('beta!')]
    ])
    expect(list.results[0].uri).toBe(`/rawFiles/${String(list.results[0].id)}`)
    const got = json<{ results: unknown[] }>(await api(sb, 'GET', tablePath(NEXT_FILES, '/rawFiles')))
    expect(got.results).toEqual(list.results)
    expect(json(await api(sb, 'GET', tablePath(NEXT_FILES)))).toMatchObject({ numRows: 2 })
  })

  it('the MD5 is found as the bytes arrive: the same with discardObjects and across resumable chunks', async () => {
    await sandbox({ discardObjects: true })
    const data = bytes(BLOCK + 77)
    const [t] = await tempUploads(sb, [{ size: data.length, name: 'x.bin', resumable: true }], NEXT_FILES)
    const uri = (await startResumable(t.url, data.length)).headers.location as string
    expect(
      (await put(uri, `bytes 0-${BLOCK - 1}/${data.length}`, data.subarray(0, BLOCK), bearer())).status
    ).toBe(308)
    expect(
      (await put(uri, `bytes ${BLOCK}-${data.length - 1}/${data.length}`, data.subarray(BLOCK), bearer()))
        .status
    ).toBe(200)
    const r = await api(sb, 'POST', tablePath(NEXT_FILES, '/rawFiles'), {
      body: { files: [{ name: 'x.bin', tempUploadId: t.id }] }
    })
    expect(r.status).toBe(201)
    expect(json<{ results: Array<{ md5Hash: string }> }>(r).results[0].md5Hash).toBe(
      createHash('md5').update(data).digest('base64')
    )
  })

  it('a name that exists (or repeats in the request) is a 400 and nothing is added', async () => {
    await sandbox()
    const a = await file('1', 'a.txt')
    const b = await file('2', 'b.txt')
    const post = (files: unknown[]) =>
      api(sb, 'POST', tablePath(NEXT_FILES, '/rawFiles'), { body: { files } })
    expect((await post([{ name: 'dir/a.txt', tempUploadId: a.id }])).status).toBe(201)
    const dup = await post([
      { name: 'dir/b.txt', tempUploadId: b.id },
      { name: 'DIR/A.txt', tempUploadId: b.id }
    ])
    expect(dup.status).toBe(400)
    expect(json(dup)).toEqual({ error: { status: 400, message: expect.stringContaining('already exists') } })
    const twice = await post([
      { name: 'c.txt', tempUploadId: b.id },
      { name: 'c.txt', tempUploadId: b.id }
    ])
    expect(twice.status).toBe(400)
    expect(
      sb.redivis().datasets[0].tables.find(t => t.name === 'files' && t.version === 'v1.1')?.rawFiles
    ).toEqual([{ name: 'dir/a.txt', size: 1, md5Hash: createHash('md5').update('1').digest('base64') }])
  })

  it('400 for a tabular table, a temp upload not complete, a bad path or a bad count; nothing added', async () => {
    await sandbox()
    const done = await file('x', 'a.txt')
    const [pending] = await tempUploads(sb, [{ size: 1, name: 'p.txt', resumable: false }], NEXT_FILES)
    const tabular = await api(sb, 'POST', tablePath(NEXT_POSTS, '/rawFiles'), {
      body: { files: [{ name: 'a.txt', tempUploadId: done.id }] }
    })
    expect(tabular.status).toBe(400)
    expect(json<{ error: { message: string } }>(tabular).error.message).toContain('not a file index table')
    for (const files of [
      [
        { name: 'ok.txt', tempUploadId: done.id },
        { name: 'p.txt', tempUploadId: pending.id }
      ],
      [{ name: 'dir\\a.txt', tempUploadId: done.id }],
      [{ name: '/abs.txt', tempUploadId: done.id }],
      [{ name: 'a/../b.txt', tempUploadId: done.id }],
      [],
      Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}`, tempUploadId: done.id }))
    ]) {
      const r = await api(sb, 'POST', tablePath(NEXT_FILES, '/rawFiles'), { body: { files } })
      expect(r.status).toBe(400)
      expect(json(r)).toMatchObject({ error: { status: 400 } })
    }
    expect(
      json<{ results: unknown[] }>(await api(sb, 'GET', tablePath(NEXT_FILES, '/rawFiles'))).results
    ).toEqual([])
  })
})
