// Shared pieces of the end-to-end tests: a run of `node dist/index.js` against the sandbox, the ID files,
// the leak scan over every secret the sandbox handed out, and the checks of a complete run's outputs.
import { expect } from '@jest/globals'
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import {
  expectedResults,
  type JobType,
  type RequestRecord,
  type Sandbox,
  type SandboxJob
} from '../../src/sandbox/index.js'
import { runAction, scanForLeaks, type ActionRun, type RunOptions } from './action-runner.js'
import { waitUntil } from './wait.js'

export const KiB = 1024

/** Distinct 19-digit IDs, ~20 bytes a line; `seed` keeps the files of different tests apart. */
export function makeIds(n: number, seed = 1): string[] {
  const ids: string[] = []
  for (let i = 0; i < n; i++)
    ids.push(String(1_400_000_000_000_000_000n + BigInt(seed) * 10_000_000n + BigInt(i) * 7919n))
  return ids
}

/** Writes `content` into the run directory; returns the name relative to it (the workspace). */
export async function writeIds(dir: string, content: string, name = 'ids.txt'): Promise<string> {
  await fs.writeFile(path.join(dir, name), content)
  return name
}

export function sha256(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex')
}

/** Every secret a job hands out: the token (raw and URL-decoded), the upload URL, its signature, the session URIs. */
export function secretsOf(token: string, job: SandboxJob | undefined): string[] {
  const out = [token, decodeURIComponent(token)]
  if (!job) return out
  out.push(job.upload_url, new URL(job.upload_url).searchParams.get('X-Goog-Signature') ?? '')
  for (const id of job.sessionIds) out.push(id, `${job.upload_url}&upload_id=${id}`)
  return out
}

/**
 * The leak scan over every job the sandbox knows: no token, upload URL, signature or session URI anywhere (but on
 * ::add-mask:: lines); the download URL only in the `download-url` output, never in logs, summary or artifact.
 */
export async function expectNoLeaks(run: ActionRun, sandbox: Sandbox, token: string): Promise<void> {
  const jobs = sandbox.jobs()
  const download = jobs.flatMap(j => [
    j.download_url,
    new URL(j.download_url).searchParams.get('X-Goog-Signature') ?? ''
  ])
  const secrets = [secretsOf(token, undefined), ...jobs.map(j => secretsOf(token, j))].flat()
  await scanForLeaks(run, secrets, { allowed: { 'download-url': download } })
  await scanForLeaks({ ...run, outputs: {} }, download)
}

/** The inputs every e2e run shares (fast polls and backoff against the sandbox), with the test's own on top. */
export function sandboxInputs(
  sandbox: Sandbox,
  token: string,
  over: Record<string, string> = {}
): Record<string, string> {
  return {
    'bearer-token': token,
    type: 'tweets',
    'api-base-url': sandbox.apiBaseUrl,
    'poll-interval-seconds': '1',
    'retry-base-delay-ms': '50',
    'request-timeout-seconds': '10',
    ...over
  }
}

/** Runs the action and always applies the leak scan. */
export async function runScanned(
  sandbox: Sandbox,
  token: string,
  inputs: Record<string, string>,
  opts: RunOptions = {}
): Promise<ActionRun> {
  const run = await runAction(inputs, opts)
  await expectNoLeaks(run, sandbox, token)
  return run
}

export function lastSeq(sandbox: Sandbox): number {
  return sandbox.stats().requests.at(-1)?.seq ?? 0
}

export function requestsSince(sandbox: Sandbox, seq: number): RequestRecord[] {
  return sandbox.stats().requests.filter(r => r.seq > seq)
}

/** The "Faults recovered" figure of the step summary (NaN when the row is missing). */
export function faultsRecovered(summary: string): number {
  const m = /<td>Faults recovered<\/td><td>([\d,]+)<\/td>/.exec(summary)
  return m ? Number(m[1].replace(/,/g, '')) : NaN
}

/** The `counts` output the action must report for these result lines. */
export function countsOf(lines: string[]): {
  total: number
  by_action: Record<string, number>
  by_reason: Record<string, number>
} {
  const byAction: Record<string, number> = {}
  const byReason: Record<string, number> = {}
  for (const l of lines) {
    const { action, reason } = JSON.parse(l) as { action: string; reason: string }
    byAction[action] = (byAction[action] ?? 0) + 1
    byReason[reason] = (byReason[reason] ?? 0) + 1
  }
  return { total: lines.length, by_action: byAction, by_reason: byReason }
}

/**
 * A successful run: exit 0, the stored object is the file (sha256), and every output is set: status complete,
 * bytes-uploaded = file size, ids-count, results-file byte-identical to the sandbox's expected results, counts.
 */
export async function expectCompleteRun(
  run: ActionRun,
  sandbox: Sandbox,
  upload: { ids: string[]; content: string; type?: JobType }
): Promise<SandboxJob> {
  const diag = `exit ${run.code}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`
  expect({ code: run.code, diag }).toEqual({ code: 0, diag })
  const o = run.outputs
  const job = sandbox.job(o['job-id'])
  expect(job).toBeDefined()
  expect(job!.object && sha256(job!.object)).toBe(sha256(upload.content))
  expect(o.status).toBe('complete')
  expect(o['bytes-uploaded']).toBe(String(Buffer.byteLength(upload.content)))
  expect(o['ids-count']).toBe(String(upload.ids.length))
  expect(o['download-url']).toBe(job!.download_url)
  expect(o['download-expires-at']).toBe(job!.download_expires_at)
  const expected = expectedResults(upload.ids, upload.type ?? 'tweets')
  const want = expected.length ? `${expected.join('\n')}\n` : ''
  expect(o['results-file']).toBeTruthy()
  const got = await fs.readFile(o['results-file'])
  expect(got.length).toBe(Buffer.byteLength(want))
  expect(sha256(got)).toBe(sha256(want))
  expect(o['results-count']).toBe(String(expected.length))
  expect(JSON.parse(o.counts)).toEqual(countsOf(expected))
  return job!
}

/** Creates a job straight through the sandbox's API (a job "someone else" created). */
export async function createJob(sandbox: Sandbox, token: string, type: JobType): Promise<string> {
  const res = await fetch(`${sandbox.apiBaseUrl}/2/compliance/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type, resumable: true })
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { data: { id: string } }).data.id
}

export async function cancelJob(sandbox: Sandbox, token: string, id: string): Promise<void> {
  await (await xApi(sandbox, token, 'DELETE', `/2/compliance/jobs/${id}`)).arrayBuffer()
}

async function xApi(sandbox: Sandbox, token: string, method: string, p: string): Promise<Response> {
  return fetch(`${sandbox.apiBaseUrl}${p}`, { method, headers: { authorization: `Bearer ${token}` } })
}

/**
 * Leaves no active job behind (the sandbox allows one per type): waits for in_progress jobs to finish and
 * cancels created ones. Returns the ids it had to cancel.
 */
export async function settleJobs(sandbox: Sandbox, token: string, timeoutMs = 15_000): Promise<string[]> {
  const cancelled: string[] = []
  const active = () => sandbox.jobs().filter(j => j.status === 'created' || j.status === 'in_progress')
  await waitUntil(
    async () => {
      for (const j of active().filter(a => a.status === 'created')) {
        await cancelJob(sandbox, token, j.id)
        cancelled.push(j.id)
      }
      return active().length === 0
    },
    {
      what: 'no job left active',
      timeoutMs,
      intervalMs: 50,
      detail: () =>
        `still active: ${active()
          .map(j => `${j.id} (${j.status})`)
          .join(', ')}`
    }
  )
  return cancelled
}
