// The action: inputs -> run -> outputs, summary and artifact. Everything else lives in its own module.
import * as core from '@actions/core'
import { promises as fs } from 'node:fs'
import { envInputSource, readInputs, type Inputs } from './inputs.js'
import { createLogger, type Logger } from '../action/log.js'
import { publishArtifact, type ArtifactUploader } from './artifact.js'
import { countsJson } from './results.js'
import { newReport, type RunReport } from './report.js'
import { renderSummary } from './summary.js'
import { runCompliance } from './workflow.js'
import { createTransport, type Transport } from '../net/transport.js'
import { systemClock, type Clock } from '../net/clock.js'
import { VERSION } from '../version.js'

export interface RunDeps {
  env?: NodeJS.ProcessEnv
  transport?: Transport
  clock?: Clock
  artifacts?: ArtifactUploader
  log?: Logger
}

export interface RunOutcome {
  /** the signal that cancelled the run, if any: the caller exits at once rather than waiting for idle sockets */
  signal?: NodeJS.Signals
}

export async function run(deps: RunDeps = {}): Promise<RunOutcome> {
  const env = deps.env ?? process.env
  const inActions = env.GITHUB_ACTIONS === 'true'
  const log = deps.log ?? createLogger({ inActions, debug: env.RUNNER_DEBUG === '1' })
  const source = envInputSource(env)
  // Mask the token before anything else can print it, even before it is validated.
  const rawToken = source('bearer-token')
  if (rawToken) {
    log.mask(rawToken)
    log.mask(rawToken.replace(/^Bearer\s+/i, ''))
  }
  const setOutput = outputSink(env, log)
  let report: RunReport = newReport()
  let inputs: Inputs | undefined
  // The runner cancels with SIGINT, then SIGTERM 7.5 s later: stop promptly, naming the job, and clean up.
  const controller = new AbortController()
  let signalled: NodeJS.Signals | undefined
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) return
    signalled = sig
    log.info(`Received ${sig}${report.jobId ? ` while working on job ${report.jobId}` : ''}: stopping`)
    controller.abort(new Error(`cancelled by ${sig}`))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    inputs = readInputs(source, { workspace: env.GITHUB_WORKSPACE || process.cwd() })
    report = newReport(inputs.type)
    await runCompliance(
      inputs,
      {
        log,
        transport: deps.transport ?? createTransport({ onProxy: p => log.info(`Using the proxy ${p}`) }),
        clock: deps.clock ?? systemClock,
        env,
        signal: controller.signal,
        onJob: job => {
          setOutput('job-id', job.id)
          setOutput('status', job.status)
        }
      },
      report
    )
    if (report.results)
      await publishArtifact(inputs, report, { env, log, uploader: deps.artifacts, version: VERSION })
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    report.error = log.redact(
      signalled ? `cancelled by ${signalled}${report.jobId ? ` (job ${report.jobId})` : ''}` : message
    )
    if (inActions) core.setFailed(report.error)
    else log.error(report.error)
    process.exitCode = 1
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    writeOutputs(report, inputs, setOutput)
    await writeSummary(report, env, log)
  }
  return { signal: signalled }
}

type OutputName =
  | 'job-id'
  | 'status'
  | 'download-url'
  | 'download-expires-at'
  | 'results-file'
  | 'results-count'
  | 'counts'
  | 'ids-count'
  | 'bytes-uploaded'
  | 'artifact-id'

function writeOutputs(
  r: RunReport,
  inputs: Inputs | undefined,
  set: (n: OutputName, v: string) => void
): void {
  if (!inputs) return
  const s = (v: number | string | undefined) => (v === undefined ? '' : String(v))
  set('job-id', s(r.jobId))
  set('status', s(r.status))
  set('download-url', s(r.downloadUrl))
  set('download-expires-at', s(r.downloadExpiresAt))
  set('results-file', s(r.results?.file))
  set('results-count', s(r.results?.count))
  set('counts', r.results ? countsJson(r.results.counts) : '')
  set('ids-count', s(r.idsCount))
  set('bytes-uploaded', s(r.bytesUploaded))
  set('artifact-id', s(r.artifact?.id))
}

/** GITHUB_OUTPUT when there is one; otherwise plain lines (never ::set-output outside Actions). */
function outputSink(env: NodeJS.ProcessEnv, log: Logger): (name: OutputName, value: string) => void {
  if (env.GITHUB_OUTPUT) return (name, value) => core.setOutput(name, value)
  return (name, value) => log.info(`output ${name}=${value}`)
}

async function writeSummary(report: RunReport, env: NodeJS.ProcessEnv, log: Logger): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY
  if (!file) return
  try {
    await fs.appendFile(file, log.redact(renderSummary(report)))
  } catch (err) {
    log.warning(`The job summary could not be written: ${err instanceof Error ? err.message : String(err)}`)
  }
}
