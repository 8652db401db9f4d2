// Runs the bundled CLI (dist/cli/index.js) as a child process with a clean environment, and the checks every
// end-to-end run gets: no secret and no GitHub workflow command in its output.
import { expect } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Sandbox } from '../../src/sandbox/index.js'

export const CLI = path.resolve('dist/cli/index.js')

export function assertBuilt(): void {
  if (!existsSync(CLI)) {
    throw new Error(
      `${CLI} is missing: build it with npm run bundle (ncc build src/cli/index.ts -o dist/cli)`
    )
  }
}

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

export interface CliOptions {
  cwd: string
  env?: Record<string, string>
  timeoutMs?: number
}

export interface StartedCli {
  child: ChildProcess
  done: Promise<CliRun>
  output(): { stdout: string; stderr: string }
}

export async function makeDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'xc-cli-'))
}

/** Nothing inherited from the developer's or the runner's environment (no GITHUB_ACTIONS, no token). */
export function startCli(args: string[], opts: CliOptions): StartedCli {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: opts.cwd,
    TMPDIR: opts.cwd,
    ...opts.env
  }
  const started = Date.now()
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const done = new Promise<CliRun>(resolve => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started })
    })
  })
  return { child, done, output: () => ({ stdout, stderr }) }
}

export function runCli(args: string[], opts: CliOptions): Promise<CliRun> {
  return startCli(args, opts).done
}

/** Every secret the sandbox handed out: the token, upload URLs, their signatures, session URIs, download URLs. */
export function secretsOf(sandbox: Sandbox, token: string): { always: string[]; download: string[] } {
  const always = [token]
  const download: string[] = []
  for (const j of sandbox.jobs()) {
    always.push(j.upload_url, new URL(j.upload_url).searchParams.get('X-Goog-Signature') ?? '')
    for (const id of j.sessionIds) always.push(id, `${j.upload_url}&upload_id=${id}`)
    if (j.download_url) {
      download.push(j.download_url, new URL(j.download_url).searchParams.get('X-Goog-Signature') ?? '')
    }
  }
  return { always: always.filter(s => s.length >= 4), download: download.filter(s => s.length >= 4) }
}

/**
 * No secret anywhere in stdout or stderr (the signed download URL only as `download-url` in --json output) and
 * no workflow command (`::add-mask::` would print the secret itself outside Actions).
 */
export function expectClean(run: CliRun, sandbox: Sandbox | undefined, token: string): void {
  const { always, download } = sandbox ? secretsOf(sandbox, token) : { always: [token], download: [] }
  let stdout = run.stdout
  try {
    // --json output may carry X's signed download URL verbatim, as the action's download-url output does
    stdout = JSON.stringify(JSON.parse(run.stdout), (k, v: unknown) =>
      k === 'download-url' || k === 'download_url' ? '' : v
    )
  } catch {
    // not JSON output
  }
  for (const secret of [...always, ...download]) {
    expect(stdout.includes(secret) ? secret : 'absent').toBe('absent')
    expect(run.stderr.includes(secret) ? secret : 'absent').toBe('absent')
  }
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^::|::add-mask::|::error|::warning|::notice/m)
}

/** The one JSON object --json prints on stdout. */
export function jsonOf(run: CliRun): Record<string, unknown> {
  const lines = run.stdout.trim().split('\n')
  expect(lines).toHaveLength(1)
  return JSON.parse(lines[0]) as Record<string, unknown>
}

/** Distinct 19-digit IDs, 20 bytes a line. */
export function makeIds(n: number, seed = 1): string[] {
  const ids: string[] = []
  for (let i = 0; i < n; i++)
    ids.push(String(1_400_000_000_000_000_000n + BigInt(seed) * 10_000_000n + BigInt(i) * 7919n))
  return ids
}
