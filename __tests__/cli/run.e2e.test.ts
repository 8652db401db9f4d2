// `x-compliance run`, bundled, as a child process against a sandbox in this process: the whole flow, --json,
// both token sources, exit codes, no leak, no workflow command, and Ctrl+C then the same command resuming.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { expectedResults, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { assertBuilt, expectClean, jsonOf, makeDir, makeIds, runCli, startCli } from './cli-runner.js'
import { waitUntil } from '../helpers/wait.js'

const TOKEN = 'cli-e2e-token-Zq81xWv'
let sandbox: Sandbox

beforeAll(async () => {
  assertBuilt()
  sandbox = await startSandbox({ processingMs: 300, token: TOKEN })
})
afterAll(async () => {
  await sandbox?.close()
})

async function idsDir(n: number, seed: number): Promise<{ dir: string; ids: string[] }> {
  const dir = await makeDir()
  const ids = makeIds(n, seed)
  await fs.writeFile(path.join(dir, 'ids.txt'), `${ids.join('\n')}\n`)
  return { dir, ids }
}

const base = () => [
  'run',
  '--type',
  'tweets',
  '--ids-file',
  'ids.txt',
  '--api-base-url',
  sandbox.apiBaseUrl,
  '--poll-interval-seconds',
  '1'
]

describe('x-compliance run', () => {
  it('completes a job with the token from X_BEARER_TOKEN; the results are what the sandbox computed', async () => {
    const { dir, ids } = await idsDir(3000, 1)
    const run = await runCli(base(), { cwd: dir, env: { X_BEARER_TOKEN: TOKEN } })
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    expectClean(run, sandbox, TOKEN)
    expect(run.stdout).toMatch(/^status\s+complete$/m)
    const jobId = /^job-id\s+(\d+)$/m.exec(run.stdout)![1]
    const resultsFile = /^results-file\s+(.+)$/m.exec(run.stdout)![1]
    // default results file: the OS temp dir (TMPDIR is the run directory here)
    expect(resultsFile).toBe(path.join(dir, 'x-compliance', `${jobId}.jsonl`))
    const want = expectedResults(ids, 'tweets')
    expect(await fs.readFile(resultsFile, 'utf8')).toBe(`${want.join('\n')}\n`)
    expect(sandbox.job(jobId)!.object!.equals(await fs.readFile(path.join(dir, 'ids.txt')))).toBe(true)
    // done: the state file served its purpose; its directory is kept out of git
    await expect(fs.stat(path.join(dir, '.x-compliance', 'tweets.state.json'))).rejects.toThrow()
    expect(await fs.readFile(path.join(dir, '.x-compliance', '.gitignore'), 'utf8')).toBe('*\n')
  })

  it('prints the outputs as one JSON object with --json, the token read from --token-file', async () => {
    const { dir, ids } = await idsDir(2000, 2)
    await fs.writeFile(path.join(dir, 'token'), `${TOKEN}\n`, { mode: 0o600 })
    const run = await runCli(
      [...base(), '--json', '--token-file', 'token', '--results-file', 'out/r.jsonl'],
      {
        cwd: dir
      }
    )
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    expectClean(run, sandbox, TOKEN)
    const out = jsonOf(run)
    const want = expectedResults(ids, 'tweets')
    const job = sandbox.job(out['job-id'] as string)!
    expect(out).toMatchObject({
      status: 'complete',
      'results-file': path.join(dir, 'out/r.jsonl'),
      'results-count': want.length,
      'ids-count': 2000,
      'bytes-uploaded': 2000 * 20,
      'download-url': job.download_url,
      'download-expires-at': job.download_expires_at
    })
    const counts = out.counts as { total: number; by_action: Record<string, number> }
    expect(counts.total).toBe(want.length)
    expect(counts.by_action).toEqual({ delete: want.length })
    expect(out.summary).toMatchObject({
      job: { id: job.id, type: 'tweets', status: 'complete' },
      ids_count: 2000
    })
    expect(await fs.readFile(path.join(dir, 'out/r.jsonl'), 'utf8')).toBe(`${want.join('\n')}\n`)
    // logs went to stderr
    expect(run.stderr).toMatch(/Created tweets job/)
  })

  it('exits 2 on bad input without sending a request: options, the ID file, the token', async () => {
    const { dir } = await idsDir(10, 3)
    await fs.writeFile(path.join(dir, 'bad.txt'), '123\n12a4\n')
    const before = sandbox.stats().requests.length
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[...base(), '--chunk-size', '8MB'], { X_BEARER_TOKEN: TOKEN }, /--chunk-size "8MB" is not a size/],
      [[...base(), '--type', 'tweet'], { X_BEARER_TOKEN: TOKEN }, /--type "tweet" is not allowed/],
      [[...base(), '--ids-file', 'bad.txt'], { X_BEARER_TOKEN: TOKEN }, /line 2/],
      [[...base(), '--ids-file', 'missing.txt'], { X_BEARER_TOKEN: TOKEN }, /missing\.txt/],
      [base(), {}, /no bearer token: set X_BEARER_TOKEN .* --token-file/],
      [[...base(), '--token-file', 'nope'], {}, /--token-file .*nope cannot be read/],
      [[...base(), '--token', TOKEN], {}, /--token is not accepted: a token on the command line is visible/],
      [
        [...base(), '--wait', 'maybe'],
        { X_BEARER_TOKEN: TOKEN },
        /unknown command|too many arguments|excess/i
      ]
    ]
    for (const [args, env, re] of cases) {
      const run = await runCli(args, { cwd: dir, env })
      expect({ args, code: run.code, stderr: run.stderr }).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(re)
      })
      expectClean(run, undefined, TOKEN)
    }
    expect(sandbox.stats().requests.length).toBe(before)
  })

  it('exits 3 when X refuses the token (401), printing neither token', async () => {
    const { dir } = await idsDir(10, 4)
    const wrong = 'wrong-token-Hh27sdk'
    const run = await runCli(base(), { cwd: dir, env: { X_BEARER_TOKEN: wrong } })
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/HTTP 401/)
    })
    expectClean(run, sandbox, wrong)
    expectClean(run, sandbox, TOKEN)
  })

  it('exits 4 when the job fails at X', async () => {
    const { dir } = await idsDir(100, 5)
    sandbox.setFaults([{ on: 'create', do: { jobOutcome: 'failed', error: 'injected failure' } }])
    try {
      const run = await runCli([...base(), '--json'], { cwd: dir, env: { X_BEARER_TOKEN: TOKEN } })
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 4 })
      expect(run.stderr).toMatch(/ended with status failed: injected failure/)
      const out = jsonOf(run)
      expect(out).toMatchObject({
        status: 'failed',
        'exit-code': 4,
        error: expect.stringMatching(/ended with status failed/)
      })
      expectClean(run, sandbox, TOKEN)
    } finally {
      sandbox.setFaults([])
    }
  })

  it('Ctrl+C mid-upload exits 130 at once and keeps the job; the same command again finishes it', async () => {
    const { dir, ids } = await idsDir(75_000, 6) // 1.5 MB: six 256 KiB chunks
    const args = [...base(), '--chunk-size', '256KiB', '--json']
    const env = { X_BEARER_TOKEN: TOKEN }
    const seq = sandbox.stats().requests.at(-1)?.seq ?? 0
    const chunks = () => sandbox.stats().requests.filter(r => r.seq > seq && r.kind === 'chunk')
    const jobsBefore = sandbox.jobs().length
    sandbox.setFaults([{ on: 'chunk', nth: 3, do: { stall: { ms: 60_000 } } }])
    let jobId: string
    try {
      const first = startCli(args, { cwd: dir, env })
      // pending with its job known: its body was read whole and its answer is held (a record exists from the
      // first byte, before the sandbox knows the job)
      await waitUntil(
        () => chunks().length >= 3 && chunks()[2].outcome === 'pending' && !!chunks()[2].jobId,
        {
          what: 'chunk 3 held by the sandbox'
        }
      )
      jobId = chunks()[2].jobId!
      const sent = Date.now()
      first.child.kill('SIGINT')
      const run = await first.done
      expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toMatchObject({
        code: 130,
        signal: null
      })
      expect(Date.now() - sent).toBeLessThan(5000)
      expect(run.stderr).toMatch(/kept .*run the same command again to continue/)
      expect(jsonOf(run)).toMatchObject({ 'job-id': jobId, status: 'created', 'exit-code': 130 })
      expectClean(run, sandbox, TOKEN)
      // kept, not cancelled; its state file is private
      const job = sandbox.job(jobId)!
      expect({ status: job.status, cancelled: job.cancelled }).toEqual({
        status: 'created',
        cancelled: false
      })
      const st = await fs.stat(path.join(dir, '.x-compliance', 'tweets.state.json'))
      expect(st.mode & 0o777).toBe(0o600)
    } finally {
      sandbox.setFaults([])
    }

    const again = await runCli(args, { cwd: dir, env })
    expect({ code: again.code, stderr: again.stderr }).toMatchObject({ code: 0 })
    expect(again.stderr).toMatch(new RegExp(`Continuing from state-file: tweets job ${jobId}`))
    expectClean(again, sandbox, TOKEN)
    const out = jsonOf(again)
    expect(out).toMatchObject({ 'job-id': jobId, status: 'complete', 'bytes-uploaded': 75_000 * 20 })
    expect(sandbox.jobs()).toHaveLength(jobsBefore + 1) // no second job
    const job = sandbox.job(jobId)!
    expect(job.object!.equals(await fs.readFile(path.join(dir, 'ids.txt')))).toBe(true)
    const want = expectedResults(ids, 'tweets')
    expect(await fs.readFile(out['results-file'] as string, 'utf8')).toBe(`${want.join('\n')}\n`)
    await expect(fs.stat(path.join(dir, '.x-compliance', 'tweets.state.json'))).rejects.toThrow()
  })

  it('Ctrl+C while waiting keeps only the job id in the state file; the same command continues the same job', async () => {
    const { dir, ids } = await idsDir(5_000, 7)
    const args = [...base(), '--json']
    const env = { X_BEARER_TOKEN: TOKEN }
    const stateFile = path.join(dir, '.x-compliance', 'tweets.state.json')
    const seq = sandbox.stats().requests.at(-1)?.seq ?? 0
    const polls = () => sandbox.stats().requests.filter(r => r.seq > seq && r.kind === 'get')
    const jobsBefore = sandbox.jobs().length
    sandbox.setFaults([{ on: 'get', do: { stall: { ms: 60_000 } } }]) // the first poll hangs: we are waiting
    let jobId: string
    try {
      const first = startCli(args, { cwd: dir, env })
      await waitUntil(() => polls().some(r => r.outcome === 'pending' && !!r.jobId), {
        what: 'a poll held by the sandbox'
      })
      jobId = polls()[0].jobId!
      first.child.kill('SIGINT')
      const run = await first.done
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 130 })
      expect(run.stderr).toMatch(/kept .*run the same command again to continue/)
      expectClean(run, sandbox, TOKEN)
      // The upload is done: the state file names the job, and holds neither the upload URL nor the session URI.
      const text = await fs.readFile(stateFile, 'utf8')
      const job = sandbox.job(jobId)!
      expect(text).not.toContain(new URL(job.upload_url).origin + new URL(job.upload_url).pathname)
      for (const id of job.sessionIds) expect(text).not.toContain(id)
      expect(JSON.parse(text)).toMatchObject({ job: { id: jobId }, uploaded: true })
    } finally {
      sandbox.setFaults([])
    }

    const again = await runCli(args, { cwd: dir, env })
    expect({ code: again.code, stderr: again.stderr }).toMatchObject({ code: 0 })
    expect(again.stderr).toMatch(new RegExp(`Continuing from state-file: tweets job ${jobId}`))
    expect(jsonOf(again)).toMatchObject({ 'job-id': jobId, status: 'complete' })
    expect(sandbox.jobs()).toHaveLength(jobsBefore + 1) // no second job
    const want = expectedResults(ids, 'tweets')
    expect(await fs.readFile(jsonOf(again)['results-file'] as string, 'utf8')).toBe(`${want.join('\n')}\n`)
    await expect(fs.stat(stateFile)).rejects.toThrow()
  })
})
