// `x-compliance sandbox`: the embedded emulator of X's compliance API, X's media upload (under /2/media), the Redivis
// API (under /api/v1) and GCS resumable uploads on 127.0.0.1, for dry runs (`run --api-base-url <printed URL>`).
// Runs until SIGINT or SIGTERM.
import { InputError } from '../compliance/inputs.js'
import { createUi, type CliContext } from './common.js'
import { EXIT, exitCodeFor } from './exit-codes.js'

export interface SandboxCommandOptions {
  port?: string
  processingMs?: string
  flaggedPercent?: string
  /** Only this Redivis API token is accepted (else any non-empty one). */
  redivisToken?: string
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

function parseRedivisToken(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  if (!/^\S+$/.test(raw)) {
    throw new InputError('redivis-token', '--redivis-token must be a non-empty token without spaces.')
  }
  return raw
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
    const redivisToken = parseRedivisToken(opts.redivisToken)
    const { startSandbox, SANDBOX_OAUTH1 } = await import('../sandbox/index.js')
    demoOAuth1 = SANDBOX_OAUTH1
    sandbox = await startSandbox({
      port,
      processingMs,
      flaggedPercent,
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
    `X compliance sandbox listening on ${sandbox.apiBaseUrl} (any non-empty token is accepted). ` +
      `Use: x-compliance run --api-base-url ${sandbox.apiBaseUrl} ... Stop with Ctrl+C.`
  )
  ui.log.info(
    `Redivis API at ${sandbox.apiBaseUrl}/api/v1 (${redivisTokens}; table demo.sandbox_dataset:next.posts, ` +
      `file index demo.sandbox_dataset:next.files).`
  )
  // Made-up demo credentials (public by design): what the sandbox checks OAuth 1.0a signatures against.
  ui.log.info(
    `X media upload at ${sandbox.apiBaseUrl}/2/media (OAuth 2.0 user tokens: any non-empty one but an app-only ` +
      `token; OAuth 1.0a demo credentials: api-key ${demoOAuth1.apiKey}, api-key-secret ${demoOAuth1.apiKeySecret}, ` +
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
