// The compliance action's impl on the shared wrapper: inputs -> runCompliance -> artifact; outputs and summary.
import { actionEntry, runAction, type ActionDefinition, type SetOutput } from '../action/run-action.js'
import type { Logger } from '../action/log.js'
import { runContext } from '../action/github-context.js'
import { createTransport, type Transport } from '../net/transport.js'
import { systemClock, type Clock } from '../net/clock.js'
import { VERSION } from '../version.js'
import { publishArtifact, type ArtifactUploader } from './artifact.js'
import { envInputSource, readInputs, type Inputs } from './inputs.js'
import { newReport, type RunReport } from './report.js'
import { countsJson } from './results.js'
import { renderSummary } from './summary.js'
import { runCompliance } from './workflow.js'

export interface RunDeps {
  env?: NodeJS.ProcessEnv
  transport?: Transport
  clock?: Clock
  artifacts?: ArtifactUploader
  log?: Logger
}

export function complianceAction(deps: RunDeps = {}): ActionDefinition {
  let report: RunReport = newReport()
  let inputs: Inputs | undefined
  return {
    secrets: env => {
      const raw = envInputSource(env)('bearer-token') ?? ''
      return [raw, raw.replace(/^Bearer\s+/i, '')]
    },
    onSignal: sig =>
      `Received ${sig}${report.jobId ? ` while working on job ${report.jobId}` : ''}: stopping`,
    cancelled: sig => `cancelled by ${sig}${report.jobId ? ` (job ${report.jobId})` : ''}`,
    async run({ env, log, signal, setOutput }) {
      inputs = readInputs(envInputSource(env), { workspace: env.GITHUB_WORKSPACE || process.cwd() })
      report = newReport(inputs.type)
      report.run = runContext(env)
      await runCompliance(
        inputs,
        {
          log,
          transport: deps.transport ?? createTransport({ onProxy: p => log.info(`Using the proxy ${p}`) }),
          clock: deps.clock ?? systemClock,
          env,
          signal,
          onJob: job => {
            setOutput('job-id', job.id)
            setOutput('status', job.status)
          }
        },
        report
      )
      if (report.results)
        await publishArtifact(inputs, report, { env, log, uploader: deps.artifacts, version: VERSION })
    },
    outputs: (set, error) => {
      report.error = error
      writeOutputs(report, inputs, set)
    },
    summary: error => {
      report.error = error
      return renderSummary(report)
    }
  }
}

/** One run of the action (tests call it in-process with their own deps). */
export function run(deps: RunDeps = {}) {
  return runAction(complianceAction(deps), { env: deps.env, log: deps.log })
}

export function main(): Promise<void> {
  return actionEntry(complianceAction())
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

function writeOutputs(r: RunReport, inputs: Inputs | undefined, set: SetOutput): void {
  if (!inputs) return
  const s = (v: number | string | undefined) => (v === undefined ? '' : String(v))
  const out = (name: OutputName, value: string) => set(name, value)
  out('job-id', s(r.jobId))
  out('status', s(r.status))
  out('download-url', s(r.downloadUrl))
  out('download-expires-at', s(r.downloadExpiresAt))
  out('results-file', s(r.results?.file))
  out('results-count', s(r.results?.count))
  out('counts', r.results ? countsJson(r.results.counts) : '')
  out('ids-count', s(r.idsCount))
  out('bytes-uploaded', s(r.bytesUploaded))
  out('artifact-id', s(r.artifact?.id))
}
