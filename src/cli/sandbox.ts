// `x-compliance sandbox`: the embedded emulator of X's compliance API, X's media upload (under /2/media), the Redivis
// API (under /api/v1) and GCS resumable uploads on 127.0.0.1, for dry runs (`run --api-base-url <printed URL>`).
// Runs until SIGINT or SIGTERM.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { InputError } from '../compliance/inputs.js'
import type { OAuth1Credentials } from '../sandbox/index.js'
import { createUi, type CliContext } from './common.js'
import { EXIT, exitCodeFor } from './exit-codes.js'

export interface SandboxCommandOptions {
  port?: string
  processingMs?: string
  flaggedPercent?: string
  /** Only this Redivis API token is accepted (else any non-empty one). */
  redivisToken?: string
  /** Only this X bearer token is accepted on the compliance API (else any non-empty one). */
  xToken?: string
  /** Only this OAuth 2.0 user token is accepted on X media (else any non-empty one but an app-only token). */
  mediaUserToken?: string
  /** A JSON file with the OAuth 1.0a credentials X media checks signatures against (else the demo ones). */
  oauth1File?: string
  json?: boolean
  debug?: boolean
}

export function parsePort(raw: string | undefined): number {
  const v = (raw ?? '0').trim()
  if (!/^[0-9]{1,5}$/.test(v) || Number(v) > 65535) {
    throw new InputError(
      'port',
      `--port "${v}" is not a port: use an integer from 0 (any free port) to 65535.`
    )
  }
  return Number(v)
}

function parseProcessingMs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const v = raw.trim()
  if (!/^[0-9]{1,9}$/.test(v)) {
    throw new InputError('processing-ms', `--processing-ms "${v}" is not a whole number of milliseconds.`)
  }
  return Number(v)
}

// Made-up tokens for the sandbox alone (never real ones), so a flag is fine here.
function parseToken(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  if (!/^\S+$/.test(raw)) throw new InputError(flag, `--${flag} must be a non-empty token without spaces.`)
  return raw
}

const OAUTH1_KEYS = {
  api_key: 'apiKey',
  api_key_secret: 'apiKeySecret',
  access_token: 'accessToken',
  access_token_secret: 'accessTokenSecret'
} as const

async function readOAuth1File(file: string | undefined, cwd: string): Promise<OAuth1Credentials | undefined> {
  if (file === undefined) return undefined
  const at = path.resolve(cwd, file)
  const shape = '{"api_key","api_key_secret","access_token","access_token_secret"}, each a non-empty string'
  let value: unknown
  try {
    value = JSON.parse(await fs.readFile(at, 'utf8'))
  } catch (err) {
    throw new InputError(
      'oauth1-file',
      `--oauth1-file ${at} cannot be read as JSON (${(err as Error).message}): write ${shape}.`
    )
  }
  const obj = (value ?? {}) as Record<string, unknown>
  const keys = Object.keys(obj)
  const ok =
    typeof value === 'object' &&
    !Array.isArray(value) &&
    keys.length === 4 &&
    keys.every(k => k in OAUTH1_KEYS && typeof obj[k] === 'string' && /^\S+$/.test(obj[k] as string))
  if (!ok) throw new InputError('oauth1-file', `--oauth1-file ${at} must hold exactly ${shape}.`)
  const out = {} as OAuth1Credentials
  for (const [k, name] of Object.entries(OAUTH1_KEYS)) out[name] = obj[k] as string
  return out
}

function parseFlaggedPercent(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const v = raw.trim()
  if (!/^[0-9]{1,3}$/.test(v) || Number(v) > 100) {
    throw new InputError('flagged-percent', `--flagged-percent "${v}" is not a whole number from 0 to 100.`)
  }
  return Number(v)
}

export async function sandboxCommand(opts: SandboxCommandOptions, ctx: CliContext): Promise<number> {
  const ui = createUi(ctx, { ...opts, bar: false })
  let sandbox: Awaited<ReturnType<typeof import('../sandbox/index.js').startSandbox>>
  let demoOAuth1: (typeof import('../sandbox/index.js'))['SANDBOX_OAUTH1']
  try {
    const port = parsePort(opts.port)
    const processingMs = parseProcessingMs(opts.processingMs)
    const flaggedPercent = parseFlaggedPercent(opts.flaggedPercent)
    const redivisToken = parseToken('redivis-token', opts.redivisToken)
    const xToken = parseToken('x-token', opts.xToken)
    const mediaUserToken = parseToken('media-user-token', opts.mediaUserToken)
    const oauth1 = await readOAuth1File(opts.oauth1File, ctx.cwd)
    const { startSandbox, SANDBOX_OAUTH1 } = await import('../sandbox/index.js')
    demoOAuth1 = oauth1 ?? SANDBOX_OAUTH1
    sandbox = await startSandbox({
      port,
      processingMs,
      flaggedPercent,
      token: xToken,
      media: { userToken: mediaUserToken, oauth1: demoOAuth1 },
      redivis: redivisToken === undefined ? undefined : { token: redivisToken },
      log: opts.debug ? line => ui.log.info(`sandbox: ${line}`) : undefined
    })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? EXIT.INPUT : exitCodeFor(err)
    ui.log.error((err as Error).message)
    return code
  }
  // The URL alone on stdout (or as JSON), for scripts; the explanation on stderr.
  ui.result(sandbox.apiBaseUrl, { 'api-base-url': sandbox.apiBaseUrl, port: sandbox.port })
  const redivisTokens = opts.redivisToken === undefined ? 'any non-empty token' : 'only the --redivis-token'
  ui.log.info(
    `X compliance sandbox listening on ${sandbox.apiBaseUrl} (${opts.xToken === undefined ? 'any non-empty token is accepted' : 'only the --x-token is accepted'}). ` +
      `Use: x-compliance run --api-base-url ${sandbox.apiBaseUrl} ... Stop with Ctrl+C.`
  )
  ui.log.info(
    `Redivis API at ${sandbox.apiBaseUrl}/api/v1 (${redivisTokens}; table demo.sandbox_dataset:next.posts, ` +
      `file index demo.sandbox_dataset:next.files).`
  )
  // Made-up demo credentials (public by design): what the sandbox checks OAuth 1.0a signatures against.
  ui.log.info(
    `X media upload at ${sandbox.apiBaseUrl}/2/media (OAuth 2.0 user tokens: ${opts.mediaUserToken === undefined ? 'any non-empty one but an app-only token' : 'only the --media-user-token'}; ` +
      `OAuth 1.0a ${opts.oauth1File === undefined ? 'demo credentials' : 'credentials of --oauth1-file'}: api-key ${demoOAuth1.apiKey}, api-key-secret ${demoOAuth1.apiKeySecret}, ` +
      `access-token ${demoOAuth1.accessToken}, access-token-secret ${demoOAuth1.accessTokenSecret}).`
  )
  const sig = await new Promise<NodeJS.Signals>(resolve => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  ui.log.info(`Received ${sig}: stopping the sandbox`)
  await sandbox.close()
  return EXIT.OK
}
