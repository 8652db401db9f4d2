// `x-compliance run`: the action's whole flow (the same runCompliance), driven from the command line. A state
// file is on by default, so Ctrl+C keeps the job and the same command continues it.
import { existsSync, promises as fs } from 'node:fs'
import * as path from 'node:path'
import type { Inputs } from '../compliance/inputs.js'
import { countsJson } from '../compliance/results.js'
import { newReport, type RunReport } from '../compliance/report.js'
import { summaryJson } from '../compliance/summary.js'
import { runCompliance } from '../compliance/workflow.js'
import { isActive } from '../compliance/poll.js'
import { createTransport, type Transport } from '../net/transport.js'
import { systemClock } from '../net/clock.js'
import {
  cliMessage,
  cliSignals,
  createUi,
  maskToken,
  resolveToken,
  toFlags,
  tokenFileWarning,
  withSignals,
  type CliContext,
  type CommonOptions,
  type Ui
} from './common.js'
import { EXIT, exitCodeFor, exitCodeForSignal } from './exit-codes.js'
import { readRunInputs, STATE_DIR, type RunFlags } from './options.js'
import { VERSION } from '../version.js'

export type RunCommandOptions = RunFlags & CommonOptions

export async function runCommand(opts: RunCommandOptions, ctx: CliContext): Promise<number> {
  const ui = createUi(ctx, opts)
  let tokenSource: string | undefined
  let inputs: Inputs
  try {
    const { token, source } = await resolveToken(opts, ctx)
    tokenSource = source
    maskToken(ui.log, token)
    inputs = readRunInputs(opts, token, ctx.cwd)
    const warning = await tokenFileWarning(opts, ctx)
    if (warning) ui.log.warning(warning)
  } catch (err) {
    return fail(ui, err, newReport(), exitCodeFor(err), tokenSource)
  }
  if (inputs.stateFile) await protectStateDir(inputs.stateFile, ctx.cwd)
  return (await executeRun(inputs, ctx, ui)).code
}

export interface RunResult {
  code: number
  report: RunReport
}

/** Runs the flow with the terminal UI, signals and exit codes; prints the outputs (JSON with --json). */
export async function executeRun(
  inputs: Inputs,
  ctx: CliContext,
  ui: Ui,
  deps: { transport?: Transport } = {}
): Promise<RunResult> {
  const report = newReport(inputs.type)
  const { bar, log } = ui
  const signals = cliSignals(ui, { stopping: 'stopping' })
  const ticker = bar ? setInterval(() => bar.tick(), 1000) : undefined
  ticker?.unref()
  try {
    await withSignals(async signal => {
      await runCompliance(
        inputs,
        {
          log,
          transport: deps.transport ?? createTransport({ onProxy: p => log.info(`Using the proxy ${p}`) }),
          clock: systemClock,
          env: ctx.env,
          signal,
          quietProgress: bar !== undefined,
          onJob: job => {
            if (!bar) return
            if (job.status === 'created' && !report.uploadDone) bar.setStatus(`Job ${job.id}: created`)
            else bar.setStatus(`Job ${job.id}: ${job.status}`, isActive(job.status))
          },
          onUploadProgress: p => {
            if (!bar) return
            if (p.acknowledged >= p.total) bar.setStatus(`Job ${report.jobId}: uploaded`, true)
            else bar.setUpload(p.acknowledged, p.total, p.sent)
          }
        },
        report
      )
    }, signals.options)
  } catch (err) {
    if (ticker) clearInterval(ticker)
    const sig = signals.signalled()
    const code = sig ? exitCodeForSignal(sig) : exitCodeFor(err)
    return { code: fail(ui, err, report, code, undefined, inputs, sig), report }
  }
  if (ticker) clearInterval(ticker)
  ui.result(humanOutputs(report), {
    ...cliOutputs(report),
    summary: JSON.parse(summaryJson(report, VERSION))
  })
  return { code: EXIT.OK, report }
}

function fail(
  ui: Ui,
  err: unknown,
  report: RunReport,
  code: number,
  tokenSource?: string,
  inputs?: Inputs,
  sig?: NodeJS.Signals
): number {
  const { log } = ui
  ui.close()
  const message = sig
    ? `cancelled by ${sig}${report.jobId ? ` (job ${report.jobId})` : ''}`
    : cliMessage(err, tokenSource)
  // While the state file exists, the same command continues the same job (upload or wait).
  const resumable =
    report.jobId && inputs?.stateFile && report.keepJob === 'state-file' && existsSync(inputs.stateFile)
  const hint = resumable
    ? `job ${report.jobId} is kept (state file ${inputs!.stateFile}): run the same command again to continue`
    : report.rerunHint && report.status !== 'failed'
      ? toFlags(report.rerunHint)
      : undefined
  log.error(message)
  if (hint) log.info(`To continue: ${hint}.`)
  if (ui.json) {
    ui.result('', { ...cliOutputs(report), error: log.redact(message), 'exit-code': code })
  }
  return code
}

/** The action's outputs, typed: numbers as numbers, counts as an object, null when empty. */
export function cliOutputs(r: RunReport): Record<string, unknown> {
  return {
    'job-id': r.jobId ?? null,
    status: r.status ?? null,
    'download-url': r.downloadUrl ?? null,
    'download-expires-at': r.downloadExpiresAt ?? null,
    'results-file': r.results?.file ?? null,
    'results-count': r.results?.count ?? null,
    counts: r.results ? JSON.parse(countsJson(r.results.counts)) : null,
    'ids-count': r.idsCount ?? null,
    'bytes-uploaded': r.bytesUploaded ?? null
  }
}

/** `name  value` lines, as the action's outputs; the signed download URL only with --json. */
export function humanOutputs(r: RunReport): string {
  const o = cliOutputs(r)
  const lines: string[] = []
  for (const [k, v] of Object.entries(o)) {
    if (v === null || k === 'download-url') continue
    lines.push(`${k.padEnd(20)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
  }
  return lines.join('\n')
}

/** The default state directory holds credentials (the upload URL): keep it out of git. */
async function protectStateDir(stateFile: string, cwd: string): Promise<void> {
  const dir = path.resolve(cwd, STATE_DIR)
  if (path.dirname(stateFile) !== dir) return
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    await fs.writeFile(path.join(dir, '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined)
  } catch {
    // the workflow reports an unwritable state file itself
  }
}
