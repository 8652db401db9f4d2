// The redivis-upload action's impl on the shared wrapper: inputs -> files -> runRedivisUpload; outputs, summary.
import { earlyFailureSummary } from '../action/html.js'
import { envInputSource } from '../action/inputs.js'
import { runContext } from '../action/github-context.js'
import { actionEntry, runAction, type ActionDefinition, type SetOutput } from '../action/run-action.js'
import type { Logger } from '../action/log.js'
import { systemClock, type Clock } from '../net/clock.js'
import { createTransport, type Transport } from '../net/transport.js'
import { resolveFiles } from './files.js'
import { runRedivisUpload } from './flow.js'
import { readRedivisInputs, type RedivisInputs } from './inputs.js'
import { newRedivisReport, totals, uploadEntries, type RedivisReport } from './report.js'
import { jsonPrefix, MAX_SUMMARY_ITEMS, writeListFile } from '../action/long-list.js'
import { renderRedivisSummary } from './summary.js'

export interface RedivisRunDeps {
  env?: NodeJS.ProcessEnv
  transport?: Transport
  clock?: Clock
  log?: Logger
}

export function redivisAction(deps: RedivisRunDeps = {}): ActionDefinition {
  let report: RedivisReport | undefined
  let inputs: RedivisInputs | undefined
  return {
    secrets: env => {
      const raw = envInputSource(env)('api-token') ?? ''
      return [raw, raw.replace(/^Bearer\s+/i, '')]
    },
    async run({ env, log, signal }) {
      const clock = deps.clock ?? systemClock
      inputs = readRedivisInputs(envInputSource(env))
      report = newRedivisReport(inputs.tableInput, inputs.kind, inputs.wait, clock.now())
      report.run = runContext(env)
      const files = await resolveFiles(inputs.files, inputs.kind, env.GITHUB_WORKSPACE || process.cwd())
      try {
        await runRedivisUpload(
          inputs,
          files,
          {
            log,
            transport: deps.transport ?? createTransport({ onProxy: p => log.info(`Using the proxy ${p}`) }),
            clock,
            signal
          },
          report
        )
      } finally {
        report.endedAt = clock.now()
        keepWholeList(report, env, log)
      }
    },
    outputs: (set, error) => {
      if (report) report.error = error
      writeOutputs(report, set)
    },
    summary: error => {
      if (!report)
        return error
          ? earlyFailureSummary('Redivis upload', error, 'Nothing was sent to Redivis.')
          : undefined
      report.error = error
      return renderRedivisSummary(report)
    }
  }
}

/** One run of the action (tests call it in-process with their own deps). */
export function runRedivis(deps: RedivisRunDeps = {}) {
  return runAction(redivisAction(deps), { env: deps.env, log: deps.log })
}

export function main(): Promise<void> {
  return actionEntry(redivisAction())
}

type OutputName =
  | 'uploads'
  | 'uploads-file'
  | 'uploaded-count'
  | 'failed-count'
  | 'skipped-count'
  | 'bytes-uploaded'
  | 'rows'
  | 'version'

/** A list too long for the output or the summary goes whole to a file under RUNNER_TEMP (the `uploads-file` output). */
function keepWholeList(r: RedivisReport, env: NodeJS.ProcessEnv, log: Logger): void {
  const entries = uploadEntries(r)
  const kept = jsonPrefix(entries).count
  const fits = kept === entries.length
  if (fits && entries.length <= MAX_SUMMARY_ITEMS) return
  try {
    r.listFile = writeListFile(env, 'uploads.json', entries)
  } catch (err) {
    log.warning(`The whole uploads list could not be written under RUNNER_TEMP (${(err as Error).message})`)
    return
  }
  if (!fits)
    log.notice(
      `The uploads output holds the first ${kept} of ${entries.length} files (outputs are limited to 1 MB); the whole list is in ${r.listFile} (the uploads-file output)`
    )
}

function writeOutputs(r: RedivisReport | undefined, set: SetOutput): void {
  if (!r) return
  const t = totals(r)
  const out = (name: OutputName, value: string) => set(name, value)
  out('uploads', jsonPrefix(uploadEntries(r)).json)
  out('uploads-file', r.listFile ?? '')
  out('uploaded-count', String(t.uploaded))
  out('failed-count', String(t.failed))
  out('skipped-count', String(t.skipped))
  out('bytes-uploaded', String(t.bytes))
  out('rows', t.rows === undefined ? '' : String(t.rows))
  out('version', r.version ?? '')
}
