// The redivis-upload action's impl on the shared wrapper: inputs -> files -> runRedivisUpload; outputs, summary.
import { envInputSource } from '../action/inputs.js'
import { runContext } from '../action/github-context.js'
import { actionEntry, runAction, type ActionDefinition, type SetOutput } from '../action/run-action.js'
import type { Logger } from '../action/log.js'
import { systemClock, type Clock } from '../net/clock.js'
import { createTransport, type Transport } from '../net/transport.js'
import { resolveFiles } from './files.js'
import { runRedivisUpload } from './flow.js'
import { readRedivisInputs, type RedivisInputs } from './inputs.js'
import { newRedivisReport, totals, uploadsJson, type RedivisReport } from './report.js'
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
      }
    },
    outputs: (set, error) => {
      if (report) report.error = error
      writeOutputs(report, set)
    },
    summary: error => {
      if (!report) return undefined
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
  'uploads' | 'uploaded-count' | 'failed-count' | 'skipped-count' | 'bytes-uploaded' | 'rows' | 'version'

function writeOutputs(r: RedivisReport | undefined, set: SetOutput): void {
  if (!r) return
  const t = totals(r)
  const out = (name: OutputName, value: string) => set(name, value)
  out('uploads', uploadsJson(r))
  out('uploaded-count', String(t.uploaded))
  out('failed-count', String(t.failed))
  out('skipped-count', String(t.skipped))
  out('bytes-uploaded', String(t.bytes))
  out('rows', t.rows === undefined ? '' : String(t.rows))
  out('version', r.version ?? '')
}
