// End to end: `node dist/redivis-upload/index.js` exactly as the runner runs it (INPUT_* from action.yml's names,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), against the sandbox's Redivis API and GCS sessions on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { startSandbox, type FaultPlan, type RequestRecord, type Sandbox } from '../../src/sandbox/index.js'
import {
  DIST_REDIVIS,
  makeRunDir,
  runAction,
  scanForLeaks,
  startAction,
  type ActionRun
} from '../helpers/action-runner.js'

const TOKEN = 'rdv-e2e-token-Q7x%2Fk'
const TABLE = 'demo.sandbox_dataset.posts'
const READ_ONLY = 'rdv-read-only-token'
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ redivis: { token: TOKEN, readOnlyToken: READ_ONLY, processingMs: 200 } })
})
afterAll(async () => sandbox.close())
afterEach(() => sandbox.setFaults([]))

function csv(rows: number, cols = 3, seed = 0): string {
  const head = Array.from({ length: cols }, (_, i) => `c${i}`).join(',')
  const body = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => `${seed}-${r}-${c}`).join(',')
  )
  return `${[head, ...body].join('\n')}\n`
}

async function workspace(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await makeRunDir()
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await fs.writeFile(path.join(dir, name), content)
  }
  return dir
}

const seq = () => sandbox.stats().requests.length
const since = (n: number): RequestRecord[] => sandbox.stats().requests.slice(n)

/** Every secret the sandbox handed out: the token, each temp upload URL, its signature and every session URI. */
function secrets(): string[] {
  const out = [TOKEN, decodeURIComponent(TOKEN)]
  for (const t of sandbox.redivis().tempUploads) {
    out.push(t.url, new URL(t.url).searchParams.get('X-Goog-Signature') ?? '')
    for (const id of t.sessionIds) out.push(id, `${t.url}&upload_id=${id}`)
  }
  return out
}

async function upload(dir: string, over: Record<string, string>, faults: FaultPlan = []): Promise<ActionRun> {
  sandbox.setFaults(faults)
  const run = await runAction(
    {
      'api-token': TOKEN,
      table: TABLE,
      'api-base-url': `${sandbox.apiBaseUrl}/api/v1`,
      'retry-base-delay-ms': '20',
      ...over
    },
    { dir, entry: DIST_REDIVIS, timeoutMs: 60_000 }
  )
  await scanForLeaks(run, secrets())
  return run
}

function table(dataset: string, name: string) {
  const ds = sandbox.redivis().datasets.find(d => d.ref === dataset)!
  return ds.tables.filter(t => t.name === name).at(-1)!
}

const uploadsOut = (run: ActionRun) =>
  JSON.parse(run.outputs.uploads) as {
    name: string
    file: string
    bytes: number
    status: string
    rows: number | null
    error: string | null
  }[]

describe('redivis-upload end to end', () => {
  it('uploads several CSV files at once, waits for processing and reports every output', async () => {
    const files = { 'data/a.csv': csv(100, 3, 1), 'data/b.csv': csv(2000, 4, 2), 'data/c.csv': csv(10, 2, 3) }
    const dir = await workspace(files)
    const n = seq()
    const run = await upload(dir, {
      files: 'data/*.csv',
      concurrency: '2',
      'resumable-min-size': '16KiB',
      'chunk-size': '256KiB',
      'merge-strategy': 'replace'
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(uploadsOut(run)).toEqual([
      {
        name: 'a.csv',
        file: 'data/a.csv',
        bytes: files['data/a.csv'].length,
        status: 'completed',
        rows: 100,
        error: null
      },
      {
        name: 'b.csv',
        file: 'data/b.csv',
        bytes: files['data/b.csv'].length,
        status: 'completed',
        rows: 2000,
        error: null
      },
      {
        name: 'c.csv',
        file: 'data/c.csv',
        bytes: files['data/c.csv'].length,
        status: 'completed',
        rows: 10,
        error: null
      }
    ])
    expect(run.outputs).toMatchObject({
      'uploaded-count': '3',
      'failed-count': '0',
      'skipped-count': '0',
      rows: '2110',
      version: 'v1.1'
    })
    const total = Object.values(files).reduce((s, c) => s + c.length, 0)
    expect(run.outputs['bytes-uploaded']).toBe(String(total))
    expect(run.outputs['uploads-file']).toBe('')
    const t = table('demo.sandbox_dataset', 'posts')
    expect(t.uploadMergeStrategy).toBe('replace')
    expect(t.uploads.map(u => u.name).sort()).toEqual(['a.csv', 'b.csv', 'c.csv'])
    // b.csv (> 16 KiB) went through a resumable session in 256 KiB chunks, the small ones in one PUT each
    const reqs = since(n)
    expect(reqs.filter(r => r.kind === 'start')).toHaveLength(1)
    expect(reqs.filter(r => r.kind === 'simplePut')).toHaveLength(2)
    // the token went on every API and transfer request
    expect(reqs.every(r => r.authorization)).toBe(true)
    expect(run.summary).toContain('<h2>Redivis upload</h2>')
    expect(run.summary).toContain('data/b.csv')
    expect(run.summary).toMatch(/<td>Rows \(completed uploads\)<\/td><td>2,110<\/td>/)
    const b = t.uploads.find(u => u.name === 'b.csv')!
    expect(sandbox.redivisObject(b.tempUploadId)?.toString()).toBe(files['data/b.csv'])
  })

  it('uploads JSON lines with upload-type and parsing options', async () => {
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ id: String(1000 + i), text: `post ${i}` })
    ).join('\n')
    const dir = await workspace({ 'posts.jsonl': `${lines}\n` })
    const run = await upload(dir, {
      files: 'posts.jsonl',
      'upload-type': 'ndjson',
      'upload-options': '{"skipBadRecords":true}',
      'if-exists': 'replace'
    })
    expect(run.code).toBe(0)
    expect(uploadsOut(run)[0]).toMatchObject({ name: 'posts.jsonl', status: 'completed', rows: 50 })
    const u = table('demo.sandbox_dataset', 'posts').uploads.find(x => x.name === 'posts.jsonl')!
    expect(u.type).toBe('ndjson')
    expect(u.options).toMatchObject({ skipBadRecords: true })
  })

  it('adds a file index of nested paths as raw files named by their workspace path', async () => {
    const dir = await workspace({
      'media/2024/a.png': Buffer.from([1, 2, 3]),
      'media/2024/deep/b.txt': 'hello',
      'media/c.md': '# c'
    })
    const run = await upload(dir, { table: 'demo.sandbox_dataset.files', kind: 'files', files: 'media/**' })
    expect(run.code).toBe(0)
    expect(uploadsOut(run).map(u => [u.name, u.status, u.rows])).toEqual([
      ['media/2024/a.png', 'completed', null],
      ['media/2024/deep/b.txt', 'completed', null],
      ['media/c.md', 'completed', null]
    ])
    expect(run.outputs.rows).toBe('')
    expect(
      table('demo.sandbox_dataset', 'files')
        .rawFiles.map(f => f.name)
        .sort()
    ).toEqual(['media/2024/a.png', 'media/2024/deep/b.txt', 'media/c.md'])
  })

  it('cuts a summary of more files than it lists and names the file with the whole list', async () => {
    const names = Array.from({ length: 503 }, (_, i) => `many/f${String(i).padStart(3, '0')}.txt`)
    const dir = await workspace(Object.fromEntries(names.map(n => [n, n])))
    const run = await upload(dir, {
      table: 'demo.sandbox_dataset.files',
      kind: 'files',
      files: 'many/*.txt',
      concurrency: '16'
    })
    expect(run.code).toBe(0)
    expect(uploadsOut(run)).toHaveLength(503) // the output fits in 1 MB: all of it
    const file = run.outputs['uploads-file']
    expect(file).toMatch(/uploads\.json$/)
    const whole = JSON.parse(await fs.readFile(file, 'utf8')) as { name: string }[]
    expect(whole.map(u => u.name)).toEqual(names)
    expect(run.summary).toContain(`…and 3 more (the whole list: ${file})`)
    expect(run.summary).not.toContain('many/f500.txt')
  })

  it('survives a reset mid-chunk, a 503 after a partial persist, a lost session and a stall in one large file', async () => {
    const content = csv(40_000, 3, 9) // ~1.2 MB: five 256 KiB chunks
    const dir = await workspace({ 'big.csv': content })
    const n = seq()
    const run = await upload(
      dir,
      {
        files: 'big.csv',
        'resumable-min-size': '256KiB',
        'chunk-size': '256KiB',
        'request-timeout-seconds': '1',
        'if-exists': 'replace'
      },
      [
        { on: 'chunk', nth: 1, do: { reset: { afterBytes: 100 * 1024 } } },
        { on: 'chunk', nth: 3, do: { status: 503, keepBytes: 128 * 1024 } },
        { on: 'chunk', nth: 5, do: { sessionGone: 404 } },
        { on: 'chunk', nth: 7, do: { stall: { afterBytes: 64 * 1024 } } }
      ]
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(uploadsOut(run)[0]).toMatchObject({ status: 'completed', rows: 40_000 })
    const u = table('demo.sandbox_dataset', 'posts').uploads.find(x => x.name === 'big.csv')!
    expect(sandbox.redivisObject(u.tempUploadId)?.toString()).toBe(content)
    const reqs = since(n)
    expect(reqs.filter(r => r.fault).map(r => r.fault)).toEqual([
      'reset',
      'status 503',
      'sessionGone',
      'stall'
    ])
    expect(reqs.filter(r => r.kind === 'start').length).toBe(2) // the lost session was replaced on the same URL
    expect(reqs.filter(r => r.kind === 'tempUploads').length).toBe(1)
    expect(run.summary).toMatch(
      /<td>big\.csv<\/td><td>big\.csv<\/td><td>[^<]+<\/td><td>completed<\/td><td>40,000<\/td><td>[^<]+<\/td><td>[1-9]/
    )
  })

  it('asks for one fresh temp upload when the session start is refused', async () => {
    const content = csv(20_000, 3, 4)
    const dir = await workspace({ 'refused.csv': content })
    const n = seq()
    const run = await upload(
      dir,
      { files: 'refused.csv', 'resumable-min-size': '256KiB', 'if-exists': 'replace' },
      [{ on: 'start', do: { status: 400 } }]
    )
    expect(run.code).toBe(0)
    const reqs = since(n)
    expect(reqs.filter(r => r.kind === 'tempUploads')).toHaveLength(2)
    expect(reqs.filter(r => r.kind === 'start').map(r => r.status)).toEqual([400, 201])
    expect(run.stdout).toMatch(
      /refused\.csv: the upload URL was refused \(HTTP 400\); requesting a fresh temp upload/
    )
    const u = table('demo.sandbox_dataset', 'posts').uploads.find(x => x.name === 'refused.csv')!
    expect(sandbox.redivisObject(u.tempUploadId)?.toString()).toBe(content)
  })

  it('adopts an upload whose creation answer was lost instead of creating a second', async () => {
    const dir = await workspace({ 'lost.csv': csv(5) })
    const n = seq()
    const run = await upload(dir, { files: 'lost.csv' }, [
      { on: 'uploadCreate', do: { loseFinalResponse: true } }
    ])
    expect(run.code).toBe(0)
    expect(uploadsOut(run)[0]).toMatchObject({ name: 'lost.csv', status: 'completed', rows: 5 })
    expect(
      table('demo.sandbox_dataset', 'posts')
        .uploads.filter(u => u.name.startsWith('lost'))
        .map(u => u.name)
    ).toEqual(['lost.csv'])
    expect(since(n).filter(r => r.kind === 'uploadCreate')).toHaveLength(1)
    expect(run.stdout).toMatch(/creating the upload lost\.csv: the failed attempt had done it/)
  })

  it('finds an upload made by the last allowed attempt to create it, instead of leaving it behind', async () => {
    const dir = await workspace({ 'last.csv': csv(4) })
    const n = seq()
    const run = await upload(dir, { files: 'last.csv', 'max-retries': '0' }, [
      { on: 'uploadCreate', do: { loseFinalResponse: true } }
    ])
    expect(run.code).toBe(0)
    expect(uploadsOut(run)[0]).toMatchObject({ name: 'last.csv', status: 'completed', rows: 4 })
    expect(since(n).filter(r => r.kind === 'uploadCreate')).toHaveLength(1)
    expect(run.stdout).toMatch(/creating the upload last\.csv: the failed attempt had done it/)
  })

  it('after a partial failure with wait: false says what was kept and how to rerun', async () => {
    const dir = await workspace({ 'kept-nowait.csv': csv(3), 'denied-nowait.csv': csv(3, 3, 1) })
    const run = await upload(
      dir,
      { files: 'kept-nowait.csv\ndenied-nowait.csv', wait: 'false', concurrency: '1' },
      [{ on: 'simplePut', nth: 2, do: { status: 403 } }]
    )
    expect(run.code).toBe(1)
    const out = uploadsOut(run)
    expect(out.map(u => [u.name, u.status])).toEqual([
      ['kept-nowait.csv', expect.stringMatching(/^(queued|running|completed)$/)],
      ['denied-nowait.csv', 'failed']
    ])
    expect(out[1].error).toMatch(/HTTP 403.*refused the api-token for the transfer.*data\.edit/)
    expect(run.stdout).toMatch(/::error::.*Kept kept-nowait\.csv.*if-exists: skip/)
    expect(run.stdout).not.toMatch(/Nothing this run created was kept|were deleted/)
    expect(run.summary).toContain('Kept kept-nowait.csv')
  })

  it('after a partial failure of raw files names the files that stay and the ones to rerun', async () => {
    const dir = await workspace({ 'raw/a.txt': 'a', 'raw/b.txt': 'b' })
    const run = await upload(
      dir,
      { table: 'demo.sandbox_dataset.files', kind: 'files', files: 'raw/*.txt', concurrency: '1' },
      [{ on: 'simplePut', nth: 2, do: { status: 403 } }]
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::.*The raw files raw\/a\.txt were added and stay: .*rerun with only raw\/b\.txt/
    )
    expect(run.stdout).not.toMatch(/if-exists: skip/)
  })

  it('waits out a 429 on creating an upload (Retry-After) and creates it once', async () => {
    const dir = await workspace({ 'limited.csv': csv(5) })
    const n = seq()
    const run = await upload(dir, { files: 'limited.csv' }, [
      { on: 'uploadCreate', do: { rateLimit: { resetInSeconds: 1 } } }
    ])
    expect(run.code).toBe(0)
    const creates = since(n).filter(r => r.kind === 'uploadCreate')
    expect(creates.map(r => r.status)).toEqual([429, 200])
    expect(creates[1].startedAt - creates[0].startedAt).toBeGreaterThanOrEqual(900)
  })

  it('quotes a processing failure, deletes the failed upload and fails the step', async () => {
    const dir = await workspace({ 'good.csv': csv(3), 'jagged.csv': 'a,b,c\n1,2,3\n4,5\n' })
    const run = await upload(dir, { files: 'good.csv\njagged.csv', 'if-exists': 'replace' })
    expect(run.code).toBe(1)
    const out = uploadsOut(run)
    expect(out[0]).toMatchObject({ name: 'good.csv', status: 'completed' })
    expect(out[1]).toMatchObject({ name: 'jagged.csv', status: 'failed' })
    expect(out[1].error).toMatch(/Row 3 has 2 fields but the header has 3/)
    expect(run.outputs).toMatchObject({ 'failed-count': '1', 'uploaded-count': '2' })
    expect(run.stdout).toMatch(/::error::.*jagged\.csv: Row 3 has 2 fields.*if-exists: skip/)
    expect(table('demo.sandbox_dataset', 'posts').uploads.map(u => u.name)).not.toContain('jagged.csv')
    expect(run.summary).toContain('Redivis upload: failed')
    expect(run.summary).toContain('if-exists: skip')
  })

  it('decides if-exists before any byte is sent: fail, skip and replace', async () => {
    const dir = await workspace({ 'dup.csv': csv(4) })
    expect((await upload(dir, { files: 'dup.csv', 'if-exists': 'replace' })).code).toBe(0)
    let n = seq()
    const failed = await upload(dir, { files: 'dup.csv' })
    expect(failed.code).toBe(1)
    expect(failed.stdout).toMatch(
      /::error::.*already has an upload named dup\.csv.*if-exists: replace.*if-exists: skip/
    )
    expect(since(n).some(r => r.kind === 'tempUploads' || r.kind === 'simplePut')).toBe(false)
    n = seq()
    const refusedWithStrategy = await upload(dir, { files: 'dup.csv', 'merge-strategy': 'append' })
    expect(refusedWithStrategy.code).toBe(1)
    expect(since(n).filter(r => r.method === 'PATCH')).toEqual([]) // a refused run changes nothing
    n = seq()
    const skipped = await upload(dir, { files: 'dup.csv', 'if-exists': 'skip' })
    expect(skipped.code).toBe(0)
    expect(skipped.outputs).toMatchObject({ 'skipped-count': '1', 'uploaded-count': '0' })
    expect(uploadsOut(skipped)[0].status).toBe('skipped')
    expect(since(n).some(r => r.kind === 'tempUploads')).toBe(false)
    await fs.writeFile(path.join(dir, 'dup.csv'), csv(7))
    const replaced = await upload(dir, { files: 'dup.csv', 'if-exists': 'replace' })
    expect(replaced.code).toBe(0)
    const dups = table('demo.sandbox_dataset', 'posts').uploads.filter(u => u.name.startsWith('dup'))
    expect(dups.map(u => [u.name, u.numRows])).toEqual([['dup.csv', 7]])
  })

  it('creates the next version when allowed, and names the dataset when not', async () => {
    const dir = await workspace({ 'p.csv': csv(2) })
    const refused = await upload(dir, {
      table: 'demo.released_dataset.posts',
      files: 'p.csv',
      'create-next-version': 'false'
    })
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(
      /::error::.*demo\.released_dataset has no unreleased next version.*create-next-version: true/
    )
    const made = await upload(dir, { table: 'demo.released_dataset.posts', files: 'p.csv' })
    expect(made.code).toBe(0)
    expect(made.outputs.version).toBe('v1.1')
    expect(sandbox.redivis().datasets.find(d => d.ref === 'demo.released_dataset')?.nextVersion).toBe('v1.1')
  })

  it.each([
    [
      'a released version',
      { table: 'demo.sandbox_dataset:v1_0.posts', files: 'x.csv' },
      /table .*names the version "v1_0"/
    ],
    [
      'a bad table reference',
      { table: 'demo/posts', files: 'x.csv' },
      /table "demo\/posts" is not a table reference/
    ],
    ['a missing file', { files: 'nope.csv' }, /files: "nope\.csv" does not exist/],
    [
      'a glob that matches nothing',
      { files: 'data/*.parquet' },
      /the pattern "data\/\*\.parquet" matches no file/
    ],
    ['an empty file', { files: 'empty.csv' }, /empty\.csv is empty/],
    [
      'an unknown upload-options key',
      { files: 'x.csv', 'upload-options': '{"header":true}' },
      /upload-options has the unknown key "header"/
    ]
  ])('refuses %s with a clear error and zero requests', async (_what, over, message) => {
    const dir = await workspace({ 'x.csv': csv(1), 'empty.csv': '' })
    const n = seq()
    const run = await upload(dir, over as Record<string, string>)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(new RegExp(`::error::.*${message.source}`))
    expect(run.summary).toMatch(/: failed<\/h2>[^]*<h3>Error<\/h3>/) // a summary even for bad input
    expect(since(n)).toEqual([])
  })

  it('names the token when Redivis refuses it, and the data.edit scope when the token lacks it', async () => {
    const dir = await workspace({ 'x.csv': csv(1) })
    sandbox.setFaults([])
    const as = (token: string) =>
      runAction(
        { 'api-token': token, table: TABLE, files: 'x.csv', 'api-base-url': `${sandbox.apiBaseUrl}/api/v1` },
        { dir, entry: DIST_REDIVIS }
      )
    const refused = await as('not-the-token')
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(
      /::error::Redivis API: reading the dataset demo\.sandbox_dataset failed: HTTP 401: .*api-token/
    )
    await scanForLeaks(refused, ['not-the-token', TOKEN])
    const n = seq()
    const readOnly = await as(READ_ONLY)
    expect(readOnly.code).toBe(1)
    expect(readOnly.stdout).toMatch(/::error::Redivis API: .* failed: HTTP 403: .*data\.edit scope/)
    expect(since(n).some(r => r.kind === 'simplePut' || r.kind === 'start')).toBe(false)
    await scanForLeaks(readOnly, [READ_ONLY, TOKEN])
  })

  it('with wait: false returns once the upload is created', async () => {
    const dir = await workspace({ 'nowait.csv': csv(3) })
    const run = await upload(dir, { files: 'nowait.csv', wait: 'false' })
    expect(run.code).toBe(0)
    expect(['queued', 'running']).toContain(uploadsOut(run)[0].status)
    expect(run.outputs.rows).toBe('')
    expect(run.outputs['uploaded-count']).toBe('1')
  })

  it('stops within the grace period on SIGINT and deletes the upload it created', async () => {
    const slow = await startSandbox({ redivis: { token: TOKEN, processingMs: 60_000 } })
    try {
      const dir = await workspace({ 'slow.csv': csv(3) })
      const started = await startAction(
        { 'api-token': TOKEN, table: TABLE, files: 'slow.csv', 'api-base-url': `${slow.apiBaseUrl}/api/v1` },
        { dir, entry: DIST_REDIVIS }
      )
      await started.waitForOutput(/Waiting for Redivis to process/, 20_000)
      const t0 = Date.now()
      started.child.kill('SIGINT')
      const run = await started.done
      expect(Date.now() - t0).toBeLessThan(7500)
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/::error::cancelled by SIGINT/)
      const posts = slow
        .redivis()
        .datasets.find(d => d.ref === 'demo.sandbox_dataset')!
        .tables.filter(t => t.name === 'posts')
        .at(-1)!
      expect(posts.uploads.map(u => u.name)).not.toContain('slow.csv')
      expect(uploadsOut(run)[0]).toMatchObject({ status: 'failed' })
    } finally {
      await slow.close()
    }
  })
})
