// `status`, `list`, `download` and `cancel`: one request (or one download) each, through the same client, retry
// policy and validation as the action.
import * as path from 'node:path'
import {
  defaultResultsFile,
  InputError,
  readInputs,
  type Inputs,
  type InputName
} from '../compliance/inputs.js'
import { maskUrl } from '../action/log.js'
import { ComplianceClient, type ComplianceJob } from '../compliance/client.js'
import { downloadResults } from '../compliance/download.js'
import { countsJson } from '../compliance/results.js'
import { JobEndedError } from '../compliance/workflow.js'
import { createTransport, type Transport } from '../net/transport.js'
import { systemClock } from '../net/clock.js'
import {
  cliMessage,
  cliSignals,
  createUi,
  maskToken,
  publicJob,
  resolveToken,
  tokenFileWarning,
  withSignals,
  type CliContext,
  type CommonOptions,
  type Ui
} from './common.js'
import { EXIT, exitCodeFor, exitCodeForSignal, JobNotDoneError } from './exit-codes.js'

export interface ApiOptions extends CommonOptions {
  apiBaseUrl?: string
  maxRetries?: string
  retryBaseDelayMs?: string
  requestTimeoutSeconds?: string
}

export interface ListOptions extends ApiOptions {
  type?: string
  status?: string
}

export interface DownloadOptions extends ApiOptions {
  resultsFile?: string
}

/** The statuses X's list endpoint filters on. */
export const LIST_STATUSES = ['created', 'in_progress', 'complete', 'failed', 'expired'] as const

interface Session {
  ui: Ui
  inputs: Inputs
  client: ComplianceClient
  signal: AbortSignal
  transport: Transport
}

/**
 * Validates the flags with readInputs (the type is a placeholder where the command has none: it is not used),
 * then runs `work` with a client; prints errors and maps them to exit codes.
 */
async function withClient(
  opts: ApiOptions & { type?: string; resultsFile?: string },
  extra: Partial<Record<InputName, string>>,
  ctx: CliContext,
  work: (s: Session) => Promise<{ human: string; json: unknown }>,
  transport?: Transport
): Promise<number> {
  const ui = createUi(ctx, { ...opts, bar: false })
  let tokenSource: string | undefined
  const signals = cliSignals(ui, { graceMs: 2000 })
  try {
    const { token, source } = await resolveToken(opts, ctx)
    tokenSource = source
    maskToken(ui.log, token)
    const given: Partial<Record<InputName, string | undefined>> = {
      'bearer-token': token,
      'api-base-url': opts.apiBaseUrl,
      'max-retries': opts.maxRetries,
      'retry-base-delay-ms': opts.retryBaseDelayMs,
      'request-timeout-seconds': opts.requestTimeoutSeconds,
      'results-file': opts.resultsFile,
      'artifact-name': '',
      ...extra
    }
    const inputs = readInputs(name => given[name]?.trim(), { workspace: ctx.cwd })
    const warning = await tokenFileWarning(opts, ctx)
    if (warning) ui.log.warning(warning)
    const via = transport ?? createTransport({ onProxy: p => ui.log.info(`Using the proxy ${p}`) })
    const out = await withSignals(async signal => {
      const client = new ComplianceClient({
        baseUrl: inputs.apiBaseUrl,
        token: inputs.bearerToken,
        transport: via,
        retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
        stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
        clock: systemClock,
        signal,
        onRetry: (what, e) =>
          ui.log.info(`Retrying ${what} after ${e.reason} (attempt ${e.attempt}, waiting ${e.delayMs} ms)`),
        onRateLimitWait: (what, ms) =>
          ui.log.info(`Rate limit reached: waiting ${Math.ceil(ms / 1000)} s before ${what}`),
        onJob: job => {
          if (job.upload_url) maskUrl(ui.log, job.upload_url)
          if (job.download_url) maskUrl(ui.log, job.download_url)
        }
      })
      return work({ ui, inputs, client, signal, transport: via })
    }, signals.options)
    ui.result(out.human, out.json)
    return EXIT.OK
  } catch (err) {
    const signalled = signals.signalled()
    const code = signalled ? exitCodeForSignal(signalled) : exitCodeFor(err)
    const message = signalled ? `cancelled by ${signalled}` : cliMessage(err, tokenSource)
    ui.log.error(message)
    if (ui.json) ui.result('', { error: ui.log.redact(message), 'exit-code': code })
    return code
  }
}

export function statusCommand(jobId: string, opts: ApiOptions, ctx: CliContext): Promise<number> {
  return withClient(opts, { type: 'tweets', 'job-id': jobId }, ctx, async ({ inputs, client }) => {
    const job = await client.get(inputs.jobId)
    return { human: describeJob(job), json: publicJob({ ...job }) }
  })
}

export function listCommand(opts: ListOptions, ctx: CliContext): Promise<number> {
  return withClient(
    opts,
    { type: opts.type, 'job-id': '', 'ids-file': '-' },
    ctx,
    async ({ inputs, client }) => {
      const status = opts.status?.trim()
      if (status !== undefined && !(LIST_STATUSES as readonly string[]).includes(status)) {
        throw new InputError(
          'status',
          `--status "${status}" is not allowed: use one of ${LIST_STATUSES.join(', ')}.`
        )
      }
      const jobs = await client.list(inputs.type, status)
      const human =
        jobs.length === 0
          ? `No ${inputs.type} jobs${status ? ` with status ${status}` : ''}.`
          : [
              `${'ID'.padEnd(20)} ${'STATUS'.padEnd(12)} ${'CREATED'.padEnd(25)} NAME`,
              ...jobs.map(
                j => `${j.id.padEnd(20)} ${j.status.padEnd(12)} ${j.created_at.padEnd(25)} ${j.name ?? ''}`
              )
            ].join('\n')
      return { human, json: jobs.map(j => publicJob({ ...j })) }
    }
  )
}

export function cancelCommand(jobId: string, opts: ApiOptions, ctx: CliContext): Promise<number> {
  return withClient(opts, { type: 'tweets', 'job-id': jobId }, ctx, async ({ inputs, client, ui }) => {
    await client.cancel(inputs.jobId)
    ui.log.info(`Cancelled job ${inputs.jobId}`)
    return { human: `Cancelled job ${inputs.jobId}.`, json: { 'job-id': inputs.jobId, cancelled: true } }
  })
}

export function downloadCommand(
  jobId: string,
  opts: DownloadOptions,
  ctx: CliContext,
  transport?: Transport
): Promise<number> {
  return withClient(
    opts,
    { type: 'tweets', 'job-id': jobId },
    ctx,
    async ({ inputs, client, ui, signal, transport: via }) => {
      const job = await client.get(inputs.jobId)
      if (job.status === 'failed' || job.status === 'expired') throw new JobEndedError(job)
      if (job.status !== 'complete') {
        throw new JobNotDoneError(
          `job ${job.id} is ${job.status}: its results are not ready yet. Wait for it with ` +
            `x-compliance run --type ${job.type} --job-id ${job.id}${job.status === 'created' ? ' --ids-file <file>' : ''}.`
        )
      }
      const dest = inputs.resultsFile || defaultResultsFile(job.id, ctx.env)
      ui.log.info(`Downloading the results of job ${job.id}`)
      const result = await downloadResults({
        url: job.download_url,
        dest,
        transport: via,
        retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
        stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
        clock: systemClock,
        signal,
        onRetry: e => ui.log.info(`Retrying the results download after ${e.reason} (attempt ${e.attempt})`)
      })
      ui.log.info(`Results: ${result.counts.total} ID(s) need action, written to ${result.path}`)
      const json = {
        'job-id': job.id,
        status: job.status,
        'results-file': path.resolve(result.path),
        'results-count': result.counts.total,
        counts: JSON.parse(countsJson(result.counts))
      }
      return {
        human: Object.entries(json)
          .map(([k, v]) => `${k.padEnd(20)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
          .join('\n'),
        json
      }
    },
    transport
  )
}

export function describeJob(job: ComplianceJob): string {
  const rows: [string, string | undefined][] = [
    ['job-id', job.id],
    ['type', job.type],
    ['name', job.name],
    ['status', job.status],
    ['created-at', job.created_at],
    ['upload-expires-at', job.status === 'created' ? job.upload_expires_at : undefined],
    ['download-expires-at', job.download_expires_at],
    ['error', job.error]
  ]
  return rows
    .filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '')
    .map(([k, v]) => `${k.padEnd(20)} ${v}`)
    .join('\n')
}
