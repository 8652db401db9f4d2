// Job lifecycles with real processes: cancel what we created, keep what we may resume, handle the active job.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, promises as fs } from 'node:fs'
import * as path from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { makeRunDir, startAction, type RunOptions } from '../helpers/action-runner.js'
import {
  cancelJob,
  createJob,
  expectNoLeaks,
  runScanned,
  sandboxInputs,
  secretsOf
} from '../helpers/e2e-sandbox.js'
import { waitUntil } from '../helpers/wait.js'

const TOKEN = 'lifecycle-token-42'
const CHUNK = 262_144
let sandbox: Sandbox

/** A sandbox per describe: the active-job tests need a short upload window, the others a normal one. */
function useSandbox(opts: { uploadWindowMs?: number } = {}): void {
  beforeAll(async () => {
    sandbox = await startSandbox({ token: TOKEN, processingMs: 200, ...opts })
  })
  afterAll(async () => sandbox.close())
  afterEach(() => sandbox.setFaults([]))
}

function ids(n: number, seed: number): string {
  let out = ''
  for (let i = 0; i < n; i++)
    out += `${1_300_000_000_000_000_000n + BigInt(seed) * 100_000_000n + BigInt(i) * 31n}\n`
  return out
}

const inputs = (over: Record<string, string>) =>
  sandboxInputs(sandbox, TOKEN, { 'request-timeout-seconds': '30', 'chunk-size': '256KiB', ...over })

/** Every run here is leak-scanned too. */
const runAction = (inputs: Record<string, string>, opts?: RunOptions) =>
  runScanned(sandbox, TOKEN, inputs, opts)

/** Bytes of data PUTs the sandbox received for a job. */
function chunkBytes(jobId: string): number {
  return sandbox
    .stats()
    .requests.filter(r => r.jobId === jobId && r.kind === 'chunk')
    .reduce((n, r) => n + r.bytesReceived, 0)
}

/** The normalized copies of ID files left in the run's RUNNER_TEMP. */
async function normalizedCopies(dir: string): Promise<string[]> {
  const names = await fs.readdir(path.join(dir, 'runner_temp', 'x-compliance')).catch(() => [])
  return names.filter(n => n.startsWith('ids-normalized-'))
}

/**
 * Starts the action on a ~1.5 MB file with chunk 3 stalled, and resolves once that chunk is on the wire. With
 * `crlf` the file on disk has CRLF line endings (uploaded as a normalized copy); `content` is what is uploaded.
 */
async function startStalled(over: Record<string, string> = {}, seed = 1, crlf = false) {
  const dir = await makeRunDir()
  const content = ids(75_000, seed)
  await fs.writeFile(path.join(dir, 'ids.txt'), crlf ? content.replace(/\n/g, '\r\n') : content)
  sandbox.setFaults([{ on: 'chunk', nth: 3, do: { stall: { ms: 60_000 } } }])
  const before = sandbox.stats().requests.length
  const started = await startAction(inputs({ 'ids-file': 'ids.txt', ...over }), { dir })
  await waitUntil(
    () =>
      sandbox
        .stats()
        .requests.slice(before)
        .filter(r => r.kind === 'chunk').length >= 3,
    { what: 'the third chunk' }
  )
  const jobId = sandbox
    .stats()
    .requests.slice(before)
    .find(r => r.kind === 'chunk')!.jobId!
  return { dir, content, started, jobId }
}

describe('cancellation', () => {
  useSandbox()

  it('on SIGINT mid-upload without state-file, logs the job, cancels it and exits promptly', async () => {
    const { dir, started, jobId } = await startStalled({}, 1, true)
    expect(await normalizedCopies(dir)).toHaveLength(1) // CRLF: the normalized copy is what is uploaded
    const t0 = Date.now()
    started.child.kill('SIGINT')
    const run = await started.done
    const elapsed = Date.now() - t0
    expect(elapsed).toBeLessThan(7500) // the runner's grace period before SIGTERM
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`Received SIGINT while working on job ${jobId}: stopping`)
    expect(run.stdout).toContain(`Cancelled job ${jobId} so that it does not block the next run`)
    expect(sandbox.job(jobId)!.cancelled).toBe(true)
    expect(sandbox.job(jobId)!.status).toBe('failed')
    expect(run.outputs['job-id']).toBe(jobId)
    expect(run.summary).toContain(`cancelled by SIGINT (job ${jobId})`)
    expect(await normalizedCopies(dir)).toEqual([]) // removed on the way out
    await expectNoLeaks(run, sandbox, TOKEN)
  })

  it('with state-file, SIGINT keeps the job and the rerun completes the same upload', async () => {
    const { dir, content, started, jobId } = await startStalled({ 'state-file': 'state/x.json' }, 2)
    const stateFile = path.join(dir, 'state', 'x.json')
    expect((await fs.stat(stateFile)).mode & 0o777).toBe(0o600)
    started.child.kill('SIGINT')
    const first = await started.done
    expect(first.code).toBe(1)
    expect(sandbox.job(jobId)!.cancelled).toBe(false)
    expect(first.stdout).toContain(
      `Kept job ${jobId} for resuming: rerun with the same state-file (${stateFile}) and ids-file`
    )
    expect(first.summary).toContain('To resume: rerun with the same state-file')
    await expectNoLeaks(first, sandbox, TOKEN)

    sandbox.setFaults([])
    const second = await runAction(inputs({ 'ids-file': 'ids.txt', 'state-file': 'state/x.json' }), { dir })
    expect(second.code).toBe(0)
    expect(second.outputs['job-id']).toBe(jobId)
    expect(second.stdout).toContain(`Continuing from state-file: tweets job ${jobId}`)
    expect(sandbox.job(jobId)!.object!.toString()).toBe(content)
    expect(sandbox.job(jobId)!.sessionsStarted).toBe(1) // the same session, continued
    await expect(fs.access(stateFile)).rejects.toThrow(/ENOENT/) // done: nothing left to resume
    await expectNoLeaks(second, sandbox, TOKEN)
  })

  it('SIGKILL mid-upload, then a rerun with the state file: intact object, at most one chunk sent twice', async () => {
    const { dir, content, started, jobId } = await startStalled({ 'state-file': 's.json' }, 3)
    started.child.kill('SIGKILL')
    await started.done
    sandbox.setFaults([])
    const run = await runAction(inputs({ 'ids-file': 'ids.txt', 'state-file': 's.json' }), { dir })
    expect(run.code).toBe(0)
    expect(run.outputs['job-id']).toBe(jobId)
    expect(sandbox.job(jobId)!.object!.toString()).toBe(content)
    expect(chunkBytes(jobId)).toBeLessThanOrEqual(Buffer.byteLength(content) + CHUNK)
    await expectNoLeaks(run, sandbox, TOKEN)
  })

  it('a state file that cannot be written mid-upload fails the run cleanly and keeps the job', async () => {
    const dir = await makeRunDir()
    await fs.writeFile(path.join(dir, 'ids.txt'), ids(30_000, 5))
    // The start request is held 3 s: time to make the state file's directory unwritable (a file in its place).
    sandbox.setFaults([{ on: 'start', do: { stall: { ms: 3000 } } }])
    const started = await startAction(inputs({ 'ids-file': 'ids.txt', 'state-file': 'state/x.json' }), {
      dir
    })
    const stateFile = path.join(dir, 'state', 'x.json')
    await waitUntil(() => existsSync(stateFile), { what: 'the state file' })
    const recorded = JSON.parse(await fs.readFile(stateFile, 'utf8')) as { file: object }
    expect(Object.keys(recorded.file).sort()).toEqual(['crc32c', 'path', 'size']) // no mtime: content decides
    await fs.rm(path.join(dir, 'state'), { recursive: true })
    await fs.writeFile(path.join(dir, 'state'), 'in the way')
    const run = await started.done
    const diag = `${run.stdout}\n${run.stderr}`
    expect({ code: run.code, diag }).toMatchObject({ code: 1 })
    expect(run.stderr).not.toMatch(/Unhandled|node:internal/)
    const errors = run.stdout.split('\n').filter(l => l.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`state-file ${stateFile} cannot be written`)
    const jobId = run.outputs['job-id']
    expect(jobId).toBeTruthy()
    expect(run.outputs.status).toBe('created')
    expect(run.summary).toContain('cannot be written')
    expect(sandbox.job(jobId)!.cancelled).toBe(false) // a state file was asked for: the job is kept
    await expectNoLeaks(run, sandbox, TOKEN)
    await cancelJob(sandbox, TOKEN, jobId)
  })

  it('after the upload the state file holds no credentials; a rerun keeps waiting; done, it is deleted', async () => {
    const dir = await makeRunDir()
    const content = ids(20_000, 6)
    await fs.writeFile(path.join(dir, 'ids.txt'), content.replace(/\n/g, '\r\n'))
    const stateFile = path.join(dir, 's.json')
    // held by the sandbox with its job known (a record exists from the request's first byte)
    const polls = () =>
      sandbox.stats().requests.filter(r => r.kind === 'get' && r.outcome === 'pending' && !!r.jobId)
    sandbox.setFaults([{ on: 'get', do: { stall: { ms: 60_000 } } }]) // the first poll hangs: we are waiting
    const started = await startAction(inputs({ 'ids-file': 'ids.txt', 'state-file': 's.json' }), { dir })
    await waitUntil(() => polls().length > 0, { what: 'a poll on the wire' })
    const jobId = polls()[0].jobId!
    // The upload is done: the state file stays (the job still needs waiting), without the upload URL or session.
    const text = await fs.readFile(stateFile, 'utf8')
    for (const secret of secretsOf(TOKEN, sandbox.job(jobId))) if (secret) expect(text).not.toContain(secret)
    expect(JSON.parse(text)).toMatchObject({ job: { id: jobId, type: 'tweets' }, uploaded: true })
    started.child.kill('SIGINT')
    const first = await started.done
    expect(first.code).toBe(1)
    expect(sandbox.job(jobId)!.cancelled).toBe(false) // uploaded: never cancelled
    expect(await normalizedCopies(dir)).toEqual([])
    await expectNoLeaks(first, sandbox, TOKEN)
    sandbox.setFaults([])

    const jobsBefore = sandbox.jobs().length
    const second = await runAction(inputs({ 'ids-file': 'ids.txt', 'state-file': 's.json' }), { dir })
    expect(second.code).toBe(0)
    expect(second.stdout).toContain(`Continuing from state-file: tweets job ${jobId}`)
    expect(second.outputs['job-id']).toBe(jobId)
    expect(second.outputs.status).toBe('complete')
    expect(Number(second.outputs['results-count'])).toBeGreaterThan(0)
    expect(sandbox.jobs().length).toBe(jobsBefore) // no second job
    expect(sandbox.job(jobId)!.object!.toString()).toBe(content)
    await expect(fs.access(stateFile)).rejects.toThrow(/ENOENT/)
    expect(await normalizedCopies(dir)).toEqual([])
  })

  it('refuses a state file of another type, and a changed file, before any request', async () => {
    const { dir, started, jobId } = await startStalled({ 'state-file': 's.json' }, 4)
    started.child.kill('SIGKILL')
    await started.done
    sandbox.setFaults([])
    const before = sandbox.stats().requests.length
    const otherType = await runAction(
      inputs({ type: 'users', 'ids-file': 'ids.txt', 'state-file': 's.json' }),
      { dir }
    )
    expect({ code: otherType.code, stdout: otherType.stdout }).toMatchObject({ code: 1 })
    expect(otherType.stdout).toMatch(
      new RegExp(`state-file .*s.json belongs to tweets job ${jobId}, but type is users`)
    )
    await fs.appendFile(path.join(dir, 'ids.txt'), '42\n')
    const changed = await runAction(inputs({ 'ids-file': 'ids.txt', 'state-file': 's.json' }), { dir })
    expect(changed.code).toBe(1)
    expect(changed.stdout).toMatch(/ids-file changed since state-file .* was written/)
    expect(sandbox.stats().requests.length).toBe(before)
    await cancelJob(sandbox, TOKEN, jobId)
  })
})

describe('on-active-job', () => {
  useSandbox({ uploadWindowMs: 4000 })

  it('fail (the default) names the active job', async () => {
    const active = await createJob(sandbox, TOKEN, 'users')
    const dir = await makeRunDir()
    await fs.writeFile(path.join(dir, 'ids.txt'), ids(10, 5))
    const run = await runAction(inputs({ type: 'users', 'ids-file': 'ids.txt' }), { dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      new RegExp(
        `X refused a new users job because users job ${active} is already created .*on-active-job: wait`
      )
    )
    await cancelJob(sandbox, TOKEN, active)
  })

  it('cancel cancels the active job, then creates ours', async () => {
    const active = await createJob(sandbox, TOKEN, 'users')
    const dir = await makeRunDir()
    await fs.writeFile(path.join(dir, 'ids.txt'), ids(10, 6))
    const run = await runAction(inputs({ type: 'users', 'ids-file': 'ids.txt', 'on-active-job': 'cancel' }), {
      dir
    })
    expect(run.code).toBe(0)
    expect(sandbox.job(active)!.cancelled).toBe(true)
    expect(run.outputs['job-id']).not.toBe(active)
    expect(run.outputs.status).toBe('complete')
  })

  it('wait waits for the active job to end, then creates ours', async () => {
    const active = await createJob(sandbox, TOKEN, 'users') // never uploaded: expires when its upload window (4 s) ends
    const dir = await makeRunDir()
    await fs.writeFile(path.join(dir, 'ids.txt'), ids(10, 7))
    const run = await runAction(inputs({ type: 'users', 'ids-file': 'ids.txt', 'on-active-job': 'wait' }), {
      dir
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Waiting for the active users job ${active}`)
    expect(run.stdout).toMatch(new RegExp(`The active job ${active} ended with status expired`))
    expect(sandbox.job(active)!.status).toBe('expired')
    expect(run.outputs.status).toBe('complete')
  })
})
