// The apply action's impl on the shared wrapper: the engine `x-compliance apply` uses, writing into RUNNER_TEMP
// and renaming the result over the target only once everything succeeded, so an interrupted or failed run leaves
// the dataset as it was and nothing in the workspace a pull request could pick up.
import { randomBytes } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { envInputSource, InputError } from '../action/inputs.js'
import { countsJson } from '../compliance/results.js'
import { runContext, type RunContext } from '../action/github-context.js'
import { earlyFailureSummary, esc, fmt, htmlTable, link, type Cell } from '../action/html.js'
import { mermaidPie } from '../action/mermaid.js'
import { actionEntry, runAction, type ActionDefinition, type SetOutput } from '../action/run-action.js'
import type { Logger } from '../action/log.js'
import { readApplyInputs, type ApplyInputs } from './action-inputs.js'
import { samePath } from './engine.js'
import { systemMessage } from './errors.js'
import { applyResults, type ApplyResult } from './index.js'
import { moveInto } from './move.js'

interface ApplyReport {
  inputs?: ApplyInputs
  result?: ApplyResult
  run?: RunContext
  error?: string
  /** The kept rows were renamed over output-file (the dataset itself when output-file is empty). */
  outputMoved?: boolean
}

export function applyAction(): ActionDefinition {
  const report: ApplyReport = {}
  return {
    secrets: () => [],
    async run({ env, log, signal }) {
      const inputs = readApplyInputs(envInputSource(env), env.GITHUB_WORKSPACE || process.cwd())
      report.inputs = inputs
      report.run = runContext(env)
      const tmp = path.join(
        env.RUNNER_TEMP || os.tmpdir(),
        `x-compliance-apply-${randomBytes(6).toString('hex')}`
      )
      await mkdir(tmp, { recursive: true, mode: 0o700 })
      try {
        const kept = path.join(tmp, 'kept')
        const removed = inputs.removedFile ? path.join(tmp, 'removed') : undefined
        const r = await applyResults({
          results: inputs.resultsFile,
          dataset: inputs.datasetFile,
          format: inputs.format,
          idField: inputs.idField,
          keepOut: kept,
          removedOut: removed,
          signal
        })
        signal.throwIfAborted()
        // The removed rows first, the dataset last: a failure before the last rename leaves the dataset as it was.
        if (removed && inputs.removedFile) await place(removed, inputs.removedFile, 'removed-file')
        await place(kept, inputs.outputFile, 'output-file', inputs)
        report.outputMoved = true
        report.result = r
        log.info(
          `Kept ${r.kept} of ${r.rows} rows; removed ${r.removed}${
            r.removed
              ? ` (${Object.entries(r.removedByReason)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ')})`
              : ''
          }; wrote ${inputs.outputFile}`
        )
      } finally {
        await rm(tmp, { recursive: true, force: true })
      }
    },
    outputs: (set, error) => {
      report.error = error
      writeOutputs(report, set)
    },
    summary: error => {
      report.error = error
      return renderApplySummary(report)
    }
  }
}

export function runApply(deps: { env?: NodeJS.ProcessEnv; log?: Logger } = {}) {
  return runAction(applyAction(), { env: deps.env, log: deps.log })
}

export function main(): Promise<void> {
  return actionEntry(applyAction())
}

/** Moves a finished output into place; a failure is an error naming the input, with nothing left behind. */
async function place(
  from: string,
  to: string,
  input: 'output-file' | 'removed-file',
  inputs?: ApplyInputs
): Promise<void> {
  try {
    await moveInto(from, to)
  } catch (e) {
    const name =
      inputs && samePath(to, inputs.datasetFile)
        ? `${input} (the dataset-file ${JSON.stringify(to)})`
        : `${input} ${JSON.stringify(to)}`
    throw new InputError(
      input,
      `cannot write ${name}: ${systemMessage(e)}. Give ${input} a file path (not a directory) the job may write.`
    )
  }
}

function writeOutputs(r: ApplyReport, set: SetOutput): void {
  if (!r.result) return
  set('kept-count', String(r.result.kept))
  set('removed-count', String(r.result.removed))
  const { removed, removedByAction, removedByReason } = r.result
  set('counts', countsJson({ total: removed, byAction: removedByAction, byReason: removedByReason }))
}

export function renderApplySummary(r: ApplyReport): string | undefined {
  if (!r.inputs)
    return r.error
      ? earlyFailureSummary('Compliance results applied', r.error, 'The dataset was left as it was.')
      : undefined
  const res = r.result
  const facts: Cell[][] = [
    ['Dataset', path.basename(r.inputs.datasetFile)],
    ['Format', r.inputs.format],
    ['Rows', res ? fmt(res.rows) : '—'],
    ['Kept', res ? fmt(res.kept) : '—'],
    ['Removed', res ? fmt(res.removed) : '—']
  ]
  if (res) facts.push(['IDs in the results that no row had', fmt(res.unmatchedResults)])
  if (r.run) facts.push(['Workflow run', link(r.run.url, `${r.run.workflow || 'run'} #${r.run.run_id}`)])
  const parts = [
    `<h2>Compliance results applied${r.error ? ': failed' : ''}</h2>`,
    htmlTable(undefined, facts)
  ]
  if (res && res.removed > 0) {
    parts.push(
      '<h3>Removed rows by reason</h3>',
      htmlTable(
        ['Reason', 'Rows'],
        Object.entries(res.removedByReason).map(([k, v]) => [k, fmt(v)])
      )
    )
    const pie = mermaidPie('Removed rows by reason', res.removedByReason)
    if (pie) parts.push('', pie, '')
  }
  if (r.error) {
    const replaced = r.outputMoved === true && samePath(r.inputs.outputFile, r.inputs.datasetFile)
    parts.push(
      '<h3>Error</h3>',
      `<p>${esc(r.error)}</p>`,
      `<p>${esc(replaced ? 'The dataset was already replaced with the kept rows.' : 'The dataset was left as it was.')}</p>`
    )
  }
  return `${parts.join('\n')}\n`
}
