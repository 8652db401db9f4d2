// `x-compliance redivis upload`: the redivis-upload action's flow (the same runRedivisUpload) from the command
// line. The token comes from REDIVIS_API_TOKEN or --token-file, never an argument; a progress bar across all
// files on a terminal; the action's outputs as lines or --json; exit codes on the CLI's table.
import { InputError } from '../action/inputs.js'
import { systemClock } from '../net/clock.js'
import { createTransport } from '../net/transport.js'
import { resolveFiles } from '../redivis/files.js'
import { runRedivisUpload } from '../redivis/flow.js'
import {
  readRedivisInputs,
  REDIVIS_INPUT_DEFAULTS,
  type RedivisInputName,
  type RedivisInputs
} from '../redivis/inputs.js'
import { newRedivisReport, totals, uploadsJson, type RedivisReport } from '../redivis/report.js'
import {
  cliSignals,
  createUi,
  maskToken,
  resolveToken,
  tokenFileWarning,
  withSignals,
  type CliContext,
  type CommonOptions
} from './common.js'
import { EXIT, exitCodeFor, exitCodeForSignal } from './exit-codes.js'

export const REDIVIS_TOKEN_ENV = 'REDIVIS_API_TOKEN'

/** commander's camelCase options of `redivis upload`, one per action input but the token. */
export type RedivisUploadOptions = CommonOptions & {
  table?: string
  file?: string[]
  kind?: string
  uploadType?: string
  uploadOptions?: string
  ifExists?: string
  mergeStrategy?: string
  createNextVersion?: boolean
  wait?: boolean
  processingTimeoutMinutes?: string
  concurrency?: string
  resumableMinSize?: string
  apiBaseUrl?: string
  chunkSize?: string
  maxRetries?: string
  retryBaseDelayMs?: string
  requestTimeoutSeconds?: string
}

const FLAG_OF: Partial<Record<RedivisInputName, keyof RedivisUploadOptions>> = {
  table: 'table',
  kind: 'kind',
  'upload-type': 'uploadType',
  'upload-options': 'uploadOptions',
  'if-exists': 'ifExists',
  'merge-strategy': 'mergeStrategy',
  'processing-timeout-minutes': 'processingTimeoutMinutes',
  concurrency: 'concurrency',
  'resumable-min-size': 'resumableMinSize',
  'api-base-url': 'apiBaseUrl',
  'chunk-size': 'chunkSize',
  'max-retries': 'maxRetries',
  'retry-base-delay-ms': 'retryBaseDelayMs',
  'request-timeout-seconds': 'requestTimeoutSeconds'
}

export function readRedivisFlags(opts: RedivisUploadOptions, token: string): RedivisInputs {
  return readRedivisInputs(name => {
    if (name === 'api-token') return token
    if (name === 'files') return (opts.file ?? []).join('\n')
    if (name === 'create-next-version')
      return opts.createNextVersion === undefined ? undefined : String(opts.createNextVersion)
    if (name === 'wait') return opts.wait === undefined ? undefined : String(opts.wait)
    const key = FLAG_OF[name as RedivisInputName]
    const v = key ? opts[key] : undefined
    return typeof v === 'string' ? v.trim() : undefined
  })
}

/** The action's input names read as flags (`if-exists: skip` -> `--if-exists skip`). */
function flagText(message: string): string {
  const names = Object.keys(REDIVIS_INPUT_DEFAULTS).filter(n => n !== 'api-token' && n !== 'files')
  let out = message.replace(/\bfiles(:| is required)/, '--file$1')
  for (const n of names) out = out.replace(new RegExp(`(^|[\\s(])${n}(:? )`, 'g'), `$1--${n} `)
  return out
}

export async function redivisUploadCommand(opts: RedivisUploadOptions, ctx: CliContext): Promise<number> {
  const ui = createUi(ctx, opts)
  const { log, bar } = ui
  let inputs: RedivisInputs
  let report: RedivisReport | undefined
  const fail = (err: unknown, code: number, message?: string): number => {
    ui.close()
    const text = message ?? flagText(err instanceof Error ? err.message : String(err))
    log.error(text)
    if (ui.json)
      ui.result('', { ...(report ? outputsOf(report) : {}), error: log.redact(text), 'exit-code': code })
    return code
  }
  let files
  try {
    const { token } = await resolveToken(opts, ctx, REDIVIS_TOKEN_ENV)
    maskToken(log, token)
    if (!token)
      throw new InputError(
        'api-token',
        `no Redivis API token: set ${REDIVIS_TOKEN_ENV} in the environment, or pass --token-file <path>. It is never taken as an argument.`
      )
    inputs = readRedivisFlags(opts, token)
    const warning = await tokenFileWarning(opts, ctx)
    if (warning) log.warning(warning)
    report = newRedivisReport(inputs.tableInput, inputs.kind, inputs.wait, systemClock.now())
    files = await resolveFiles(inputs.files, inputs.kind, ctx.cwd)
  } catch (err) {
    return fail(err, exitCodeFor(err))
  }
  const total = files.reduce((s, f) => s + f.size, 0)
  const signals = cliSignals(ui, { stopping: 'stopping and deleting the unfinished uploads' })
  try {
    await withSignals(
      signal =>
        runRedivisUpload(
          inputs,
          files,
          {
            log,
            transport: createTransport({ onProxy: p => log.info(`Using the proxy ${p}`) }),
            clock: systemClock,
            signal,
            onProgress: () => {
              if (!bar || !report) return
              const done = report.files.reduce((s, f) => s + f.acknowledged, 0)
              bar.setUpload(done, total, done)
            }
          },
          report!
        ),
      signals.options
    )
  } catch (err) {
    report.endedAt = systemClock.now()
    const sig = signals.signalled()
    if (sig) return fail(err, exitCodeForSignal(sig), `cancelled by ${sig}`)
    return fail(err, exitCodeFor(err))
  }
  report.endedAt = systemClock.now()
  const o = outputsOf(report)
  ui.result(
    Object.entries(o)
      .filter(([k, v]) => v !== null && k !== 'uploads')
      .map(([k, v]) => `${k.padEnd(16)} ${String(v)}`)
      .concat(
        report.files.map(
          f => `${f.file.relative} -> ${f.name}: ${f.status}${f.rows !== null ? `, ${f.rows} rows` : ''}`
        )
      )
      .join('\n'),
    o
  )
  return EXIT.OK
}

/** The action's outputs, typed (numbers as numbers, uploads as an array, null when empty). */
function outputsOf(r: RedivisReport): Record<string, unknown> {
  const t = totals(r)
  return {
    uploads: JSON.parse(uploadsJson(r)),
    'uploaded-count': t.uploaded,
    'failed-count': t.failed,
    'skipped-count': t.skipped,
    'bytes-uploaded': t.bytes,
    rows: t.rows ?? null,
    version: r.version ?? null
  }
}
