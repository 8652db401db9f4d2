// End to end: `node dist/index.js` exactly as the runner runs it, against the sandbox on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { expectedResults, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { makeRunDir, RUN, type ActionRun, type RunOptions } from '../helpers/action-runner.js'
import {
  cancelJob,
  createJob,
  lastSeq as lastSeqOf,
  makeIds,
  requestsSince as requestsSinceOf,
  runScanned,
  sandboxInputs,
  sha256,
  writeIds
} from '../helpers/e2e-sandbox.js'
import { waitUntil } from '../helpers/wait.js'

const TOKEN = 'e2e-token-Zq8x%3DWv'
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ token: TOKEN, processingMs: 300 })
})
afterAll(async () => sandbox.close())
afterEach(() => sandbox.setFaults([]))

const inputs = (over: Record<string, string>) => sandboxInputs(sandbox, TOKEN, over)

/** Runs the action and always applies the leak scan over every secret the sandbox handed out. */
function runAction(inputs: Record<string, string>, opts: RunOptions = {}): Promise<ActionRun> {
  return runScanned(sandbox, inputs['bearer-token'], inputs, opts)
}
const lastSeq = () => lastSeqOf(sandbox)
const requestsSince = (seq: number) => requestsSinceOf(sandbox, seq)

describe('the action end to end', () => {
  it('uploads in chunks, waits, downloads and reports every output', async () => {
    const dir = await makeRunDir()
    const ids = makeIds(60_000) // ~1.2 MB: five 256 KiB chunks
    const content = `${ids.join('\n')}\n`
    const file = await writeIds(dir, content)
    const before = lastSeq()
    const run = await runAction(
      inputs({ 'ids-file': file, 'job-name': 'e2e nightly', 'chunk-size': '256KiB' }),
      { dir }
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)

    const o = run.outputs
    const job = sandbox.job(o['job-id'])!
    expect(job).toBeDefined()
    expect(job.name).toBe('e2e nightly')
    expect(sha256(job.object!)).toBe(sha256(content))
    expect(o.status).toBe('complete')
    expect(o['ids-count']).toBe(String(ids.length))
    expect(o['bytes-uploaded']).toBe(String(Buffer.byteLength(content)))
    expect(o['download-url']).toBe(job.download_url)
    expect(o['download-expires-at']).toBe(job.download_expires_at)
    expect(o['results-file']).toBe(path.join(dir, 'runner_temp', 'x-compliance', `${job.id}.jsonl`))

    const expected = expectedResults(ids, 'tweets')
    const results = await fs.readFile(o['results-file'], 'utf8')
    expect(results.split('\n').filter(Boolean)).toEqual(expected)
    expect(o['results-count']).toBe(String(expected.length))
    const byReason: Record<string, number> = {}
    for (const l of expected) {
      const reason = JSON.parse(l).reason as string
      byReason[reason] = (byReason[reason] ?? 0) + 1
    }
    const counts = JSON.parse(o.counts)
    expect(counts).toEqual({
      total: expected.length,
      by_action: { delete: expected.length },
      by_reason: byReason
    })
    expect(o.counts).not.toContain(' ')
    expect(o['artifact-id']).toBe('') // a directory artifact has no service id

    // Chunks: non-final ones are 256 KiB, Content-Range follows the acknowledged offset.
    const chunks = requestsSince(before).filter(r => r.kind === 'chunk')
    expect(chunks.length).toBe(Math.ceil(Buffer.byteLength(content) / 262_144))
    expect(chunks[0].contentRange).toBe(`bytes 0-262143/${Buffer.byteLength(content)}`)

    // Summary: the facts, no IDs.
    expect(run.summary).toContain('<td>Status</td><td>complete</td>')
    expect(run.summary).toContain(`<td>IDs in the file</td><td>${ids.length.toLocaleString('en-US')}</td>`)
    expect(run.summary).toContain(`<td>Artifact</td><td>x-compliance-tweets-${job.id}</td>`)
    for (const id of ids.slice(0, 50)) expect(run.summary).not.toContain(id)

    // Artifact: the results file and summary.json.
    const art = path.join(run.artifactDir, `x-compliance-tweets-${job.id}`)
    expect((await fs.readdir(art)).sort()).toEqual([`${job.id}.jsonl`, 'summary.json'].sort())
    expect(await fs.readFile(path.join(art, `${job.id}.jsonl`), 'utf8')).toBe(results)
    const summaryJson = JSON.parse(await fs.readFile(path.join(art, 'summary.json'), 'utf8'))
    expect(summaryJson.job).toEqual({ id: job.id, type: 'tweets', name: 'e2e nightly', status: 'complete' })
    expect(summaryJson.ids_count).toBe(ids.length)
    expect(summaryJson.results.count).toBe(expected.length)
    // Provenance: the run that produced these results, linked from the summary.
    const { server: _server, ...provenance } = RUN
    expect(summaryJson.run).toEqual(provenance)
    const runUrl = `${RUN.server}/${RUN.repository}/actions/runs/${RUN.run_id}`
    expect(run.summary).toContain(
      `<td>Workflow run</td><td><a href="${runUrl}">Weekly compliance #${RUN.run_id}</a>`
    )

    expect(run.stdout).toContain(`::add-mask::${TOKEN.replace(/%/g, '%25')}`) // workflow commands escape %
  })

  it('normalizes a messy ID file into a copy and uploads the copy', async () => {
    const dir = await makeRunDir()
    const ids = makeIds(500, 2)
    const messy = `\ufeff${ids.map((id, i) => (i % 7 === 0 ? `${id}  \t` : id)).join('\r\n')}\r\n\r\n\n`
    const file = await writeIds(dir, messy)
    const run = await runAction(inputs({ 'ids-file': file, type: 'users' }), { dir })
    expect(run.code).toBe(0)
    const job = sandbox.job(run.outputs['job-id'])!
    expect(job.object!.toString()).toBe(`${ids.join('\n')}\n`)
    expect(await fs.readFile(path.join(dir, file), 'utf8')).toBe(messy) // the original is untouched
    expect(run.stdout).toMatch(
      /::notice::ids-file: normalized a UTF-8 BOM, \d+ CR line ending\(s\), 72 line\(s\) with trailing spaces, 2 blank line\(s\)/
    )
    expect(run.outputs['ids-count']).toBe('500')
  })

  it.each([
    ['the hardware CRC32C (dist/native)', {}, 'native', 'tweets'],
    ['the WASM fallback, forced', { X_COMPLIANCE_CRC32C: 'wasm' }, 'wasm', 'users'] // one active job per type
  ])('hashes with %s: the server checks the same CRC32C', async (_name, env, impl, type) => {
    const dir = await makeRunDir()
    const ids = makeIds(3000, 9)
    const content = `${ids.join('\n')}\n`
    const file = await writeIds(dir, content)
    const run = await runAction(inputs({ 'ids-file': file, type, wait: 'false' }), {
      dir,
      env: { ...env, RUNNER_DEBUG: '1' }
    })
    expect(run.code).toBe(0)
    const job = sandbox.job(run.outputs['job-id'])!
    expect(job.object!.toString()).toBe(content)
    const debug = /::debug::ids-file: CRC32C (\S+) \((\w+) implementation\)/.exec(run.stdout)
    expect(debug?.[2]).toBe(process.platform === 'linux' && process.arch === 'x64' ? impl : 'wasm')
    expect(debug?.[1]).toBe(job.objectCrc32c) // what the sandbox computed from the bytes it got
  })

  it.each([
    [{ 'chunk-size': '8MB' }, /chunk-size "8MB" is not a size: use bytes, KiB or MiB/],
    [{ type: 'posts' }, /type "posts" is not allowed: use `tweets` or `users`/],
    [{ 'api-base-url': 'http://example.com' }, /api-base-url uses http for example.com/],
    [{ 'max-retries': '1000' }, /max-retries 1000 is out of range/]
  ])('rejects bad input %p with zero requests', async (over, message) => {
    const dir = await makeRunDir()
    const file = await writeIds(dir, '1\n2\n')
    const before = lastSeq()
    const run = await runAction(inputs({ 'ids-file': file, ...over }), { dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(new RegExp(`::error::${message.source}`))
    expect(unescapeHtml(run.summary)).toMatch(message)
    expect(requestsSince(before)).toEqual([])
  })

  it('rejects a bad ID line with its line number before any request', async () => {
    const dir = await makeRunDir()
    const file = await writeIds(dir, '123\n456\n78 9\n')
    const before = lastSeq()
    const run = await runAction(inputs({ 'ids-file': file }), { dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::ids-file line 3: /)
    expect(requestsSince(before)).toEqual([])
  })

  it('with wait: false, reports the status after one check and creates no results', async () => {
    const dir = await makeRunDir()
    const file = await writeIds(dir, `${makeIds(100, 3).join('\n')}\n`)
    const run = await runAction(inputs({ 'ids-file': file, wait: 'false' }), { dir })
    expect(run.code).toBe(0)
    const o = run.outputs
    expect(['created', 'in_progress', 'complete']).toContain(o.status)
    for (const k of ['results-file', 'results-count', 'counts', 'artifact-id']) expect(o[k]).toBe('')
    expect(o['ids-count']).toBe('100')
    await expect(
      fs.access(path.join(dir, 'runner_temp', 'x-compliance', `${o['job-id']}.jsonl`))
    ).rejects.toThrow(/ENOENT/)
    await waitForStatus(o['job-id'], 'complete')
    // Even when the job is complete at that one check, wait: false downloads nothing.
    const again = await runAction(inputs({ 'job-id': o['job-id'], wait: 'false' }), { dir })
    expect(again.code).toBe(0)
    expect(again.outputs.status).toBe('complete')
    for (const k of ['results-file', 'results-count', 'counts', 'artifact-id'])
      expect(again.outputs[k]).toBe('')
    expect(sandbox.stats().requests.some(r => r.kind === 'download' && r.jobId === o['job-id'])).toBe(false)
  })

  it('with download: false, waits but downloads nothing', async () => {
    const dir = await makeRunDir()
    const file = await writeIds(dir, `${makeIds(100, 4).join('\n')}\n`)
    const run = await runAction(inputs({ 'ids-file': file, download: 'false' }), { dir })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('complete')
    for (const k of ['results-file', 'results-count', 'counts', 'artifact-id'])
      expect(run.outputs[k]).toBe('')
    expect(
      sandbox.stats().requests.filter(r => r.kind === 'download' && r.jobId === run.outputs['job-id'])
    ).toEqual([])
  })

  it('attaches with job-id: downloads a complete job without an ID file', async () => {
    const dir = await makeRunDir()
    const ids = makeIds(200, 5)
    const first = await runAction(
      inputs({ 'ids-file': await writeIds(dir, `${ids.join('\n')}\n`), wait: 'false' }),
      {
        dir
      }
    )
    const jobId = first.outputs['job-id']
    await waitForStatus(jobId, 'complete')
    const before = lastSeq()
    const run = await runAction(inputs({ 'job-id': jobId, 'results-file': 'out/results.jsonl' }))
    expect(run.code).toBe(0)
    expect(run.outputs['results-file']).toBe(path.join(run.dir, 'out', 'results.jsonl'))
    expect((await fs.readFile(run.outputs['results-file'], 'utf8')).split('\n').filter(Boolean)).toEqual(
      expectedResults(ids, 'tweets')
    )
    expect(run.outputs['ids-count']).toBe('')
    expect(requestsSince(before).some(r => r.kind === 'create' || r.kind === 'chunk')).toBe(false)
  })

  it('attaches with job-id to a created job and uploads to it', async () => {
    const created = await createJob(sandbox, TOKEN, 'users')
    const dir = await makeRunDir()
    const ids = makeIds(300, 6)
    const run = await runAction(
      inputs({ type: 'users', 'job-id': created, 'ids-file': await writeIds(dir, ids.join('\n')) }),
      {
        dir
      }
    )
    expect(run.code).toBe(0)
    expect(sandbox.job(created)!.object!.toString()).toBe(ids.join('\n'))
    expect(run.outputs.status).toBe('complete')
  })

  it('refuses a job-id of the other type, and a created job without ids-file', async () => {
    const created = await createJob(sandbox, TOKEN, 'users')
    const wrongType = await runAction(inputs({ type: 'tweets', 'job-id': created }))
    expect(wrongType.code).toBe(1)
    expect(wrongType.stdout).toMatch(
      new RegExp(`::error::job-id ${created} is a users job, but type is tweets`)
    )
    const noFile = await runAction(inputs({ type: 'users', 'job-id': created }))
    expect(noFile.code).toBe(1)
    expect(noFile.stdout).toMatch(/waiting for its upload.*set ids-file/)
    expect(noFile.outputs['job-id']).toBe(created)
    expect(noFile.outputs.status).toBe('created')
    await cancelJob(sandbox, TOKEN, created)
  })

  it('fails with "job N ended with status failed" and X\'s error, keeping job-id and status', async () => {
    sandbox.setFaults([
      { on: 'create', do: { jobOutcome: 'failed', error: 'Internal error while processing' } }
    ])
    const dir = await makeRunDir()
    const run = await runAction(inputs({ 'ids-file': await writeIds(dir, '1\n2\n3\n') }), { dir })
    expect(run.code).toBe(1)
    const id = run.outputs['job-id']
    expect(run.stdout).toContain(
      `::error::job ${id} ended with status failed: Internal error while processing`
    )
    expect(run.outputs.status).toBe('failed')
    expect(run.summary).toContain(`job ${id} ended with status failed`)
  })

  it('says what to check when the token is refused', async () => {
    const dir = await makeRunDir()
    const run = await runAction(
      inputs({ 'ids-file': await writeIds(dir, '1\n'), 'bearer-token': 'wrong-token-123' }),
      {
        dir
      }
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::X API: creating a tweets job failed: HTTP 401: Unauthorized\..*bearer-token/
    )
  })

  it('outside GitHub Actions prints no workflow command and skips the artifact with a notice', async () => {
    const dir = await makeRunDir()
    const run = await runAction(
      inputs({ 'ids-file': await writeIds(dir, `${makeIds(50, 7).join('\n')}\n`) }),
      {
        dir,
        env: { GITHUB_ACTIONS: '', X_COMPLIANCE_ARTIFACT_DIR: '' }
      }
    )
    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain('::')
    expect(run.stdout).toMatch(/^notice: Artifact skipped: not running in a GitHub Actions job/m)
    expect(run.outputs['artifact-id']).toBe('')
    expect(run.summary).toContain('skipped: not running in a GitHub Actions job')
    expect(run.summary).not.toContain('Workflow run') // no run outside Actions: absent, not made up
    await expect(fs.access(run.outputs['results-file'])).resolves.toBeUndefined()
  })

  it('with artifact-name empty, skips the artifact', async () => {
    const dir = await makeRunDir()
    const run = await runAction(
      inputs({ 'ids-file': await writeIds(dir, '11\n22\n'), 'artifact-name': '' }),
      { dir }
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::notice::Artifact skipped: artifact-name is empty/)
    await expect(fs.readdir(run.artifactDir)).rejects.toThrow(/ENOENT/)
  })
})

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function waitForStatus(id: string, status: string): Promise<void> {
  return waitUntil(() => sandbox.job(id)?.status === status, {
    what: `job ${id} to be ${status}`,
    detail: () => `it is ${sandbox.job(id)?.status}`
  })
}
