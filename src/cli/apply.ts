// `x-compliance apply`: removes the IDs a results file names from a dataset (the engine is src/apply).
import * as path from 'node:path'
import { cliSignals, createUi, withSignals, type CliContext } from './common.js'
import { EXIT, exitCodeFor, exitCodeForSignal, UsageError } from './exit-codes.js'

export interface ApplyOptions {
  results?: string
  dataset?: string
  format?: string
  idField?: string
  keepOut?: string
  removedOut?: string
  /** The apply action's input names, accepted as the same flags. */
  resultsFile?: string
  datasetFile?: string
  outputFile?: string
  removedFile?: string
  json?: boolean
  debug?: boolean
}

const FORMATS = ['ids', 'jsonl', 'csv'] as const

export async function applyCommand(given: ApplyOptions, ctx: CliContext): Promise<number> {
  const opts: ApplyOptions = {
    ...given,
    results: given.results ?? given.resultsFile,
    dataset: given.dataset ?? given.datasetFile,
    keepOut: given.keepOut ?? given.outputFile,
    removedOut: given.removedOut ?? given.removedFile
  }
  const ui = createUi(ctx, { ...opts, bar: false })
  const signals = cliSignals(ui, { graceMs: 2000 })
  try {
    for (const [key, flag] of [
      ['results', '--results'],
      ['dataset', '--dataset'],
      ['keepOut', '--keep-out']
    ] as const) {
      if (!opts[key]?.trim()) throw new UsageError(`${flag} <path> is required.`)
    }
    const format = opts.format?.trim() || undefined
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(
        `--format "${format}" is not allowed: use ${FORMATS.join(', ')} (default: from the file name).`
      )
    }
    const abs = (p: string | undefined) => (p?.trim() ? path.resolve(ctx.cwd, p.trim()) : undefined)
    const keepOut = abs(opts.keepOut)!
    const removedOut = abs(opts.removedOut)
    const { applyResults } = await import('../apply/index.js')
    const r = await withSignals(
      signal =>
        applyResults({
          results: abs(opts.results)!,
          dataset: abs(opts.dataset)!,
          format: format as (typeof FORMATS)[number] | undefined,
          idField: opts.idField?.trim() || undefined,
          keepOut,
          removedOut,
          signal
        }),
      signals.options
    )
    const reasons = Object.entries(r.removedByReason)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
    const row = (k: string, v: string | number) => `${k.padEnd(20)} ${v}`
    ui.result(
      [
        row('rows', r.rows),
        row('kept', r.kept),
        row('removed', `${r.removed}${reasons ? ` (${reasons})` : ''}`),
        row('results-ids', r.resultsIds),
        row('unmatched-results', r.unmatchedResults),
        row('keep-out', keepOut),
        ...(removedOut ? [row('removed-out', removedOut)] : [])
      ].join('\n'),
      { ...r, keepOut, removedOut: removedOut ?? null }
    )
    return EXIT.OK
  } catch (err) {
    const signalled = signals.signalled()
    const code = signalled ? exitCodeForSignal(signalled) : exitCodeFor(err)
    const message = signalled ? `cancelled by ${signalled}` : (err as Error).message
    ui.log.error(message)
    if (ui.json) ui.result('', { error: message, 'exit-code': code })
    return code
  }
}
