// Runs the bundled action exactly as the runner does: `node dist/index.js` with INPUT_* variables, GITHUB_OUTPUT
// and GITHUB_STEP_SUMMARY files, and nothing inherited from the developer's environment.
import { spawn, type ChildProcess } from 'node:child_process'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { waitUntil } from './wait.js'

export const DIST = path.resolve('dist/index.js')
/** The sub-actions' bundles, as their action.yml files run them. */
export const DIST_REDIVIS = path.resolve('dist/redivis-upload/index.js')
export const DIST_MEDIA = path.resolve('dist/media-upload/index.js')
export const DIST_APPLY = path.resolve('dist/apply/index.js')

/** The workflow run every e2e run pretends to be part of. */
export const RUN = {
  server: 'https://github.com',
  repository: 'octo-lab/dataset-compliance',
  run_id: 9_876_543_210,
  run_attempt: 2,
  sha: 'c0ffee0000000000000000000000000000000001',
  workflow: 'Weekly compliance'
}

export interface ActionRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  outputsRaw: string
  summary: string
  dir: string // the run's scratch directory (workspace, RUNNER_TEMP, files)
  artifactDir: string
}

export interface RunOptions {
  env?: Record<string, string>
  timeoutMs?: number
  dir?: string
  onStdout?: (text: string) => void
  /** The bundle to run (default dist/index.js, the root action). */
  entry?: string
}

export async function makeRunDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'xc-e2e-'))
}

export async function runAction(inputs: Record<string, string>, opts: RunOptions = {}): Promise<ActionRun> {
  return (await startAction(inputs, opts)).done
}

export interface StartedAction {
  child: ChildProcess
  done: Promise<ActionRun>
  /** resolves when stdout has printed something matching */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>
}

/** Starts the action and returns at once, for tests that signal or kill it mid-run. */
export async function startAction(
  inputs: Record<string, string>,
  opts: RunOptions = {}
): Promise<StartedAction> {
  const dir = opts.dir ?? (await makeRunDir())
  const outputsFile = path.join(dir, 'github_output')
  const summaryFile = path.join(dir, 'step_summary')
  const artifactDir = path.join(dir, 'artifacts')
  await fs.mkdir(path.join(dir, 'runner_temp'), { recursive: true })
  await fs.writeFile(outputsFile, '')
  await fs.writeFile(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputsFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: path.join(dir, 'runner_temp'),
    // the run's context, as the runner sets it (the summary links to it, summary.json records it)
    GITHUB_SERVER_URL: RUN.server,
    GITHUB_REPOSITORY: RUN.repository,
    GITHUB_RUN_ID: String(RUN.run_id),
    GITHUB_RUN_ATTEMPT: String(RUN.run_attempt),
    GITHUB_SHA: RUN.sha,
    GITHUB_WORKFLOW: RUN.workflow,
    X_COMPLIANCE_ARTIFACT_DIR: artifactDir,
    ...opts.env
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value

  const child = spawn(process.execPath, [opts.entry ?? DIST], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    opts.onStdout?.(d)
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const timeoutMs = opts.timeoutMs ?? 60_000
  const done = (async (): Promise<ActionRun> => {
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      resolve => {
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
        child.on('close', (code, signal) => {
          clearTimeout(timer)
          resolve({ code, signal })
        })
      }
    )
    const outputsRaw = await fs.readFile(outputsFile, 'utf8')
    return {
      code,
      signal,
      stdout,
      stderr,
      outputs: parseOutputs(outputsRaw),
      outputsRaw,
      summary: await fs.readFile(summaryFile, 'utf8'),
      dir,
      artifactDir
    }
  })()
  const waitForOutput = (pattern: RegExp, timeoutMs?: number): Promise<void> =>
    waitUntil(
      () => {
        if (pattern.test(stdout)) return true
        if (child.exitCode !== null)
          throw new Error(`the action exited before stdout matched ${pattern}:\n${stdout}`)
        return false
      },
      { what: `stdout to match ${pattern}`, timeoutMs, detail: () => stdout }
    )
  return { child, done, waitForOutput }
}

/** Parses GITHUB_OUTPUT's heredoc records (`name<<delim`, value lines, `delim`); the last record of a name wins. */
export function parseOutputs(raw: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = raw.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (m) {
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
      out[m[1]] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return out
}

export interface LeakScanOptions {
  /** outputs allowed to hold a given secret verbatim (download-url holds X's signed URL by contract) */
  allowed?: Record<string, string[]>
}

/**
 * Secrets may appear only on ::add-mask:: lines: never elsewhere in stdout or stderr, in an output (but for the
 * documented exception), in the summary or in any artifact file.
 */
export async function scanForLeaks(
  run: ActionRun,
  secrets: string[],
  opts: LeakScanOptions = {}
): Promise<void> {
  const found: string[] = []
  const check = (where: string, text: string, secret: string) => {
    if (secret && text.includes(secret)) found.push(`${where} contains a secret (${secret.slice(0, 6)}…)`)
  }
  const live = secrets.filter(s => s && s.length >= 4)
  for (const s of live) {
    for (const [stream, text] of [
      ['stdout', run.stdout],
      ['stderr', run.stderr]
    ] as const) {
      text.split('\n').forEach((line, n) => {
        if (!line.startsWith('::add-mask::')) check(`${stream} line ${n + 1}`, line, s)
      })
    }
    for (const [name, value] of Object.entries(run.outputs)) {
      if (!(opts.allowed?.[name] ?? []).includes(s)) check(`output ${name}`, value, s)
    }
    check('the step summary', run.summary, s)
    for (const file of await listFiles(run.artifactDir))
      check(`artifact file ${file}`, await fs.readFile(file, 'utf8'), s)
  }
  if (found.length > 0) throw new Error(`secret leak:\n${found.join('\n')}`)
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])
  return entries
    .filter(e => e.isFile())
    .map(e => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
}
