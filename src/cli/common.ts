// What every subcommand shares: the token (X_BEARER_TOKEN or --token-file, never an argument), the logger that
// redacts and prints no workflow command, the terminal progress bar, JSON or human output, and signals.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { InputError } from '../compliance/inputs.js'
import { createLogger, type Logger } from '../action/log.js'
import { exitWhenFlushed, TOKEN_ENV, type CliContext, type CliStream } from './context.js'
import { exitCodeForSignal } from './exit-codes.js'
import { ProgressBar } from './progress-bar.js'

export { exitWhenFlushed, TOKEN_ENV, type CliContext } from './context.js'

/** Options every subcommand that talks to X accepts. */
export interface CommonOptions {
  tokenFile?: string
  json?: boolean
  debug?: boolean
}

/** The raw token and where it came from; `''` when none was given (readInputs then explains what is missing). */
export async function resolveToken(
  opts: CommonOptions,
  ctx: CliContext,
  envName = TOKEN_ENV
): Promise<{ token: string; source: string }> {
  if (opts.tokenFile !== undefined) {
    const file = path.resolve(ctx.cwd, opts.tokenFile)
    let text: string
    try {
      text = await fs.readFile(file, 'utf8')
    } catch (err) {
      throw new InputError(
        'token-file',
        `--token-file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`
      )
    }
    const token = text.trim()
    if (!token) throw new InputError('token-file', `--token-file ${file} is empty: put the token in it.`)
    return { token, source: `--token-file ${file}` }
  }
  return { token: (ctx.env[envName] ?? '').trim(), source: envName }
}

/** A warning when the token file can be read by others (POSIX modes only). */
export async function tokenFileWarning(opts: CommonOptions, ctx: CliContext): Promise<string | undefined> {
  if (opts.tokenFile === undefined || process.platform === 'win32') return undefined
  const file = path.resolve(ctx.cwd, opts.tokenFile)
  const st = await fs.stat(file).catch(() => undefined)
  if (!st || (st.mode & 0o077) === 0) return undefined
  return `the token file ${file} can be read by other users (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 ${file}`
}

/** readInputs names the action's inputs; on the command line they are flags, and the token is not an input. */
export function cliMessage(err: unknown, tokenSource?: string): string {
  const message = err instanceof Error ? err.message : String(err)
  const input = (err as { input?: unknown }).input
  if (err instanceof Error && err.name === 'InputError' && input === 'bearer-token') {
    if (/is required/.test(message)) {
      return `no bearer token: set ${TOKEN_ENV} in the environment, or pass --token-file <path> (a file holding the token). It is never taken as an argument.`
    }
    return `the token from ${tokenSource ?? TOKEN_ENV} ${message.replace(/^bearer-token /, '')}`
  }
  return toFlags(message)
}

/** `job-id: 123` and `on-active-job: wait` (the action's YAML) read as flags on the command line. */
export function toFlags(message: string): string {
  return message
    .replace(/\b(job-id|on-active-job|ids-file|state-file|results-file): (\S+?)([.,;)]?(\s|$))/g, '--$1 $2$3')
    .replace(
      /^(type|ids-file|job-name|job-id|api-base-url|wait|poll-interval-seconds|wait-timeout-minutes|download|results-file|chunk-size|max-retries|retry-base-delay-ms|request-timeout-seconds|on-active-job|state-file) /,
      '--$1 '
    )
}

export interface Ui {
  log: Logger
  /** present on a terminal (stderr is a TTY) */
  bar?: ProgressBar
  json: boolean
  /** the final result: JSON on stdout with --json, else human lines on stdout */
  result(human: string, json: unknown): void
  close(): void
}

export function createUi(ctx: CliContext, opts: { json?: boolean; debug?: boolean; bar?: boolean }): Ui {
  const tty = ctx.stderr.isTTY === true && ctx.env.TERM !== 'dumb'
  const bar =
    tty && opts.bar !== false
      ? new ProgressBar(ctx.stderr as CliStream & { columns?: number }, Date)
      : undefined
  const write = (line: string): void => {
    if (bar) bar.log(line)
    else ctx.stderr.write(`${line}\n`)
  }
  // Never the Actions logger: outside Actions ::add-mask:: would print the secret itself; this one redacts.
  const log = createLogger({ inActions: false, debug: opts.debug === true, write })
  return {
    log,
    bar,
    json: opts.json === true,
    result(human, json) {
      bar?.stop()
      // JSON is not redacted: download-url is X's signed URL verbatim, as the action's output (callers redact
      // error text themselves; no other field can hold a secret).
      if (opts.json) ctx.stdout.write(`${JSON.stringify(json)}\n`)
      else if (human) ctx.stdout.write(`${log.redact(human)}${human.endsWith('\n') ? '' : '\n'}`)
    },
    close() {
      bar?.stop()
    }
  }
}

export { withSignals } from '../action/signals.js'

/**
 * withSignals' options for a CLI command: the first signal stops the progress bar and, given `stopping`, says
 * what happens now; a second one, or the grace period, exits once the output is flushed. `signalled()` tells a
 * catch block whether (and by which signal) the work was cancelled.
 */
export function cliSignals(ui: Ui, opts: { stopping?: string; graceMs?: number } = {}) {
  let signalled: NodeJS.Signals | undefined
  return {
    signalled: () => signalled,
    options: {
      onSignal: (sig: NodeJS.Signals) => {
        signalled = sig
        ui.bar?.stop()
        if (opts.stopping)
          ui.log.info(`${sig === 'SIGINT' ? 'Interrupted' : `Received ${sig}`}: ${opts.stopping}`)
      },
      graceMs: opts.graceMs,
      forceExit: (sig: NodeJS.Signals) => {
        ui.bar?.stop()
        void exitWhenFlushed(exitCodeForSignal(sig))
      }
    }
  }
}

/** Registers the token with the logger in both forms (with and without a `Bearer ` prefix). */
export function maskToken(log: Logger, token: string): void {
  if (!token) return
  log.mask(token)
  log.mask(token.replace(/^Bearer\s+/i, ''))
}

/** The job and its public facts: never the upload URL (a credential). */
export function publicJob(job: Record<string, unknown>): Record<string, unknown> {
  const { upload_url: _u, ...rest } = job
  return rest
}
