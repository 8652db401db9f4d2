// `x-compliance media upload`: the media-upload action's flow (the same runMediaUpload) from the command line.
// Credentials come from X_USER_TOKEN, or X_API_KEY, X_API_KEY_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET, or
// --token-file naming a mode-0600 JSON file; never from arguments. A progress bar on a terminal, --json output.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { InputError } from '../action/inputs.js'
import { systemClock } from '../net/clock.js'
import { createTransport } from '../net/transport.js'
import { runMediaUpload } from '../media/flow.js'
import { readMediaInputs, type MediaInputName, type MediaInputs } from '../media/inputs.js'
import { newMediaReport, postUrl, type MediaReport } from '../media/report.js'
import { cliSignals, createUi, withSignals, type CliContext, type CommonOptions } from './common.js'
import { EXIT, exitCodeFor, exitCodeForSignal } from './exit-codes.js'

export const MEDIA_ENV = {
  'user-token': 'X_USER_TOKEN',
  'api-key': 'X_API_KEY',
  'api-key-secret': 'X_API_KEY_SECRET',
  'access-token': 'X_ACCESS_TOKEN',
  'access-token-secret': 'X_ACCESS_TOKEN_SECRET'
} as const
type SecretName = keyof typeof MEDIA_ENV
const FILE_KEYS: Record<string, SecretName> = {
  user_token: 'user-token',
  api_key: 'api-key',
  api_key_secret: 'api-key-secret',
  access_token: 'access-token',
  access_token_secret: 'access-token-secret'
}

export type MediaUploadOptions = CommonOptions & {
  file?: string
  mediaType?: string
  mediaCategory?: string
  altText?: string
  postText?: string
  chunkSize?: string
  concurrency?: string
  processingTimeoutMinutes?: string
  apiBaseUrl?: string
  maxRetries?: string
  retryBaseDelayMs?: string
  requestTimeoutSeconds?: string
}

/** The credentials: the token file's JSON, else the environment; the file must be readable by its owner only. */
async function credentials(
  opts: MediaUploadOptions,
  ctx: CliContext
): Promise<Partial<Record<SecretName, string>>> {
  if (opts.tokenFile === undefined) {
    const out: Partial<Record<SecretName, string>> = {}
    for (const [name, env] of Object.entries(MEDIA_ENV))
      if (ctx.env[env]?.trim()) out[name as SecretName] = ctx.env[env]!.trim()
    return out
  }
  const file = path.resolve(ctx.cwd, opts.tokenFile)
  const st = await fs.stat(file).catch(() => undefined)
  if (!st) throw new InputError('token-file', `--token-file ${file} does not exist.`)
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
    throw new InputError(
      'token-file',
      `--token-file ${file} can be read by other users (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 ${file}.`
    )
  let value: unknown
  try {
    value = JSON.parse(await fs.readFile(file, 'utf8'))
  } catch {
    throw new InputError(
      'token-file',
      `--token-file ${file} is not JSON: write {"user_token": "..."} or {"api_key","api_key_secret","access_token","access_token_secret"}.`
    )
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InputError('token-file', `--token-file ${file} must hold a JSON object.`)
  const out: Partial<Record<SecretName, string>> = {}
  for (const [k, v] of Object.entries(value)) {
    const name = FILE_KEYS[k]
    if (!name)
      throw new InputError(
        'token-file',
        `--token-file ${file} has the unknown key "${k}": use user_token, or api_key, api_key_secret, access_token and access_token_secret.`
      )
    if (typeof v !== 'string')
      throw new InputError('token-file', `--token-file ${file}: ${k} must be a string.`)
    out[name] = v.trim()
  }
  return out
}

const FLAG_OF: Partial<Record<MediaInputName, keyof MediaUploadOptions>> = {
  'media-file': 'file',
  'media-type': 'mediaType',
  'media-category': 'mediaCategory',
  'alt-text': 'altText',
  'post-text': 'postText',
  'chunk-size': 'chunkSize',
  concurrency: 'concurrency',
  'processing-timeout-minutes': 'processingTimeoutMinutes',
  'api-base-url': 'apiBaseUrl',
  'max-retries': 'maxRetries',
  'retry-base-delay-ms': 'retryBaseDelayMs',
  'request-timeout-seconds': 'requestTimeoutSeconds'
}

/** Input names read as flags, and the credential inputs as the variables that carry them. */
function cliText(message: string): string {
  let out = message
  for (const [input, env] of Object.entries(MEDIA_ENV))
    out = out.replace(new RegExp(`\\b${input}\\b(?!-)`, 'g'), `${env}`)
  for (const [input, flag] of Object.entries(FLAG_OF))
    out = out.replace(new RegExp(`(^|[\\s(])${input}\\b`, 'g'), `$1--${flag === 'file' ? 'file' : input}`)
  return out
}

export async function mediaUploadCommand(opts: MediaUploadOptions, ctx: CliContext): Promise<number> {
  const ui = createUi(ctx, opts)
  const { log, bar } = ui
  const fail = (err: unknown, code: number, message?: string, report?: MediaReport): number => {
    ui.close()
    const text = message ?? cliText(err instanceof Error ? err.message : String(err))
    log.error(text)
    if (ui.json)
      ui.result('', { ...(report ? outputsOf(report) : {}), error: log.redact(text), 'exit-code': code })
    return code
  }
  let inputs: MediaInputs
  try {
    const creds = await credentials(opts, ctx)
    // As the action does: the value, and a user token without its `Bearer ` prefix (the form that is sent).
    for (const v of Object.values(creds))
      if (v) for (const m of [v, v.replace(/^Bearer\s+/i, '')]) if (m) log.mask(m)
    inputs = await readMediaInputs(name => {
      if (name in MEDIA_ENV) return creds[name as SecretName]
      const key = FLAG_OF[name as MediaInputName]
      const v = key ? opts[key] : undefined
      return typeof v === 'string' ? v : undefined
    }, ctx.cwd)
  } catch (err) {
    return fail(err, exitCodeFor(err))
  }
  const report = newMediaReport(inputs)
  const signals = cliSignals(ui, { stopping: 'stopping' })
  try {
    await withSignals(
      signal =>
        runMediaUpload(
          inputs,
          {
            log,
            transport: createTransport({ onProxy: p => log.info(`Using the proxy ${p}`) }),
            clock: systemClock,
            signal,
            onProgress: (done, total) => bar?.setUpload(done, total, done)
          },
          report
        ),
      signals.options
    )
  } catch (err) {
    const sig = signals.signalled()
    if (sig) return fail(err, exitCodeForSignal(sig), `cancelled by ${sig}`, report)
    return fail(err, exitCodeFor(err), undefined, report)
  }
  const o = outputsOf(report)
  ui.result(
    Object.entries(o)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k.padEnd(18)} ${String(v)}`)
      .join('\n'),
    o
  )
  return EXIT.OK
}

function outputsOf(r: MediaReport): Record<string, unknown> {
  return {
    'media-id': r.mediaId ?? null,
    'media-key': r.mediaKey ?? null,
    'media-expires-at': r.expiresAt === undefined ? null : new Date(r.expiresAt).toISOString(),
    'processing-state': r.processingState ?? null,
    'bytes-uploaded': r.bytesUploaded,
    'post-id': r.postId ?? null,
    'post-url': r.postId ? postUrl(r.postId) : null
  }
}
