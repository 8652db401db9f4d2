// The compliance job end to end: ID file, create or attach, resumable upload, wait, download.
import { promises as fs } from 'node:fs'
import { defaultResultsFile, InputError, tempRoot, type Inputs } from './inputs.js'
import { maskUrl, type Logger } from '../action/log.js'
import type { Transport } from '../net/transport.js'
import { crc32cImpl } from '../upload/crc32c.js'
import { uploadResumable } from '../upload/gcs-resumable.js'
import type { RetryConfig, RetryEvent } from '../net/retry.js'
import type { Clock } from '../net/clock.js'
import { ComplianceClient, type ComplianceJob } from './client.js'
import { UPLOAD_START_HEADERS } from './model.js'
import { acquireJob, keepOrCancel } from './lifecycle.js'
import { downloadResults } from './download.js'
import { prepareIdFile, type IdFileReport } from './id-file.js'
import { isActive, pollUntilDone } from './poll.js'
import { createProgressLogger } from '../action/progress-log.js'
import type { RunReport } from './report.js'
import {
  checkState,
  holdsCredentials,
  readState,
  removeState,
  StateRecorder,
  uploadedState,
  writeFailure,
  writeState,
  type UploadState
} from './state-file.js'

export class JobEndedError extends Error {
  constructor(job: ComplianceJob) {
    super(`job ${job.id} ended with status ${job.status}${job.error ? `: ${job.error}` : ''}`)
    this.name = 'JobEndedError'
  }
}

export interface WorkflowDeps {
  log: Logger
  transport: Transport
  clock: Clock
  env: NodeJS.ProcessEnv
  /** job-id and status are published as soon as they are known, so a failed run still names its job */
  onJob: (job: ComplianceJob) => void
  /** upload progress, for a CLI progress bar */
  onUploadProgress?: (p: { sent: number; acknowledged: number; total: number }) => void
  /** no periodic progress and poll-status lines: a progress bar shows the same facts */
  quietProgress?: boolean
  signal?: AbortSignal
}

export async function runCompliance(inputs: Inputs, deps: WorkflowDeps, report: RunReport): Promise<void> {
  const { log } = deps
  const retry: RetryConfig = { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs }
  const stallTimeoutMs = inputs.requestTimeoutSeconds * 1000
  const onRetry = (what: string) => (e: RetryEvent) => {
    report.faultsRecovered++
    log.info(`Retrying ${what} after ${e.reason} (attempt ${e.attempt}, waiting ${seconds(e.delayMs)})`)
  }

  // All input checks, the ID file included, come before the first request.
  const idFile = inputs.idsFile ? await checkIdFile(inputs.idsFile, deps) : undefined
  try {
    await runJob(inputs, deps, report, idFile, retry, stallTimeoutMs, onRetry)
  } finally {
    // The normalized copy is as large as the ID file: never leave one behind, whatever happened.
    if (idFile?.normalized) await fs.rm(idFile.uploadPath, { force: true }).catch(() => undefined)
  }
}

async function runJob(
  inputs: Inputs,
  deps: WorkflowDeps,
  report: RunReport,
  idFile: IdFileReport | undefined,
  retry: RetryConfig,
  stallTimeoutMs: number,
  onRetry: (what: string) => (e: RetryEvent) => void
): Promise<void> {
  const { log, clock } = deps
  if (idFile) report.idsCount = idFile.ids

  const client = new ComplianceClient({
    baseUrl: inputs.apiBaseUrl,
    token: inputs.bearerToken,
    transport: deps.transport,
    retry,
    stallTimeoutMs,
    clock,
    signal: deps.signal,
    onRetry: (what, e) => onRetry(what)(e),
    onRateLimitWait: (what, ms) => log.info(`Rate limit reached: waiting ${seconds(ms)} before ${what}`),
    onJob: job => {
      if (job.upload_url) maskUrl(log, job.upload_url)
      if (job.download_url) maskUrl(log, job.download_url)
    }
  })
  const publish = (job: ComplianceJob): ComplianceJob => {
    report.jobId = job.id
    report.status = job.status
    report.jobName = job.name ?? report.jobName
    report.downloadUrl = job.download_url || undefined
    report.downloadExpiresAt = job.download_expires_at || undefined
    deps.onJob(job)
    return job
  }

  // A state file from an interrupted run names the job to continue; check it before any request.
  const state = inputs.stateFile ? await readState(inputs.stateFile) : undefined
  const upload = idFile && inputs.stateFile ? { size: idFile.bytes, crc32c: idFile.crc32c } : undefined
  if (state) checkState(state, inputs.stateFile, { type: inputs.type, jobId: inputs.jobId, upload })

  let job: ComplianceJob
  try {
    job = await acquireJob(inputs, state, client, publish, deps, report)
    let recorder: StateRecorder | undefined
    if (inputs.stateFile && idFile && upload && job.status === 'created') {
      recorder = new StateRecorder(inputs.stateFile, {
        version: 1,
        job: {
          id: job.id,
          type: job.type,
          upload_url: job.upload_url,
          upload_expires_at: job.upload_expires_at
        },
        session: state?.job.id === job.id ? state.session : undefined,
        file: { path: inputs.idsFile, ...upload },
        updated_at: ''
      })
      await recorder.flush()
      log.info(
        `State file ${inputs.stateFile} records job ${job.id}: rerun with it to continue after an interruption`
      )
    }

    if (job.status === 'created') {
      if (!idFile) {
        throw new InputError(
          'ids-file',
          `job ${job.id} is waiting for its upload (status created), and ids-file is empty: set ids-file to upload the IDs.`
        )
      }
      await uploadIds(job, idFile, inputs, deps, report, onRetry, recorder)
      if (!inputs.wait) job = publish(await client.get(job.id))
    } else {
      report.uploadDone = true
      // A state file written before the upload was done holds credentials it no longer needs.
      if (state && holdsCredentials(state)) await rewriteState(inputs.stateFile, uploadedState(state))
    }
  } catch (err) {
    await keepOrCancel(err, inputs, deps, report)
    throw err
  }
  if (inputs.wait && isActive(job.status)) {
    log.info(
      `Waiting for job ${job.id} (status ${job.status}); polling every ${inputs.pollIntervalSeconds} s or more`
    )
    const done = await pollUntilDone({
      get: () => client.get(job.id),
      first: job,
      intervalMs: inputs.pollIntervalSeconds * 1000,
      timeoutMs: inputs.waitTimeoutMinutes * 60_000,
      clock,
      signal: deps.signal,
      onStatus: (j, waited) => {
        publish(j)
        if (!deps.quietProgress) log.info(`Job ${j.id}: ${j.status} (waited ${seconds(waited)})`)
      }
    }).catch(err => {
      report.rerunHint = `rerun with job-id: ${job.id} to continue waiting`
      throw err
    })
    report.waitedMs = done.waitedMs
    job = publish(done.job)
  }

  // The state file lives while the job still needs this run's work (a rerun with it keeps waiting): not after
  // the job ended, nor with wait: false (the run's work ends with the upload), nor when there is nothing to fetch.
  const ended = job.status === 'failed' || job.status === 'expired'
  if (inputs.stateFile && (ended || !inputs.wait || (job.status === 'complete' && !inputs.download)))
    await removeState(inputs.stateFile)
  if (ended) throw new JobEndedError(job)
  // wait: false reports the status of one check and never downloads, even when the job happens to be complete.
  if (job.status !== 'complete' || !inputs.download || !inputs.wait) return

  const dest = inputs.resultsFile || defaultResultsFile(job.id, deps.env)
  log.info(`Downloading the results of job ${job.id}`)
  const result = await downloadResults({
    url: job.download_url,
    dest,
    transport: deps.transport,
    retry,
    stallTimeoutMs,
    clock,
    signal: deps.signal,
    onRetry: onRetry('the results download')
  })
  if (inputs.stateFile) await removeState(inputs.stateFile)
  report.results = {
    file: result.path,
    count: result.counts.total,
    counts: result.counts,
    bytes: result.bytes
  }
  log.info(`Results: ${result.counts.total} ID(s) need action, written to ${result.path}`)
}

async function rewriteState(file: string, state: UploadState): Promise<void> {
  await writeState(file, state).catch(err => {
    throw writeFailure(file, err)
  })
}

async function checkIdFile(idsFile: string, deps: WorkflowDeps): Promise<IdFileReport> {
  const report = await prepareIdFile(idsFile, { tempDir: tempRoot(deps.env) })
  if (report.normalized) {
    const f = report.fixes
    const fixes = [
      f.bom ? 'a UTF-8 BOM' : '',
      f.crLines ? `${f.crLines} CR line ending(s)` : '',
      f.trailingWhitespaceLines ? `${f.trailingWhitespaceLines} line(s) with trailing spaces` : '',
      f.blankLines ? `${f.blankLines} blank line(s)` : ''
    ].filter(Boolean)
    deps.log.notice(
      `ids-file: normalized ${fixes.join(', ')} in a copy; uploading the copy (${report.ids} IDs).`
    )
  } else {
    deps.log.info(`ids-file: ${report.ids} IDs, ${report.bytes} bytes`)
  }
  deps.log.debug(`ids-file: CRC32C ${report.crc32c} (${crc32cImpl()} implementation)`)
  return report
}

async function uploadIds(
  job: ComplianceJob,
  idFile: IdFileReport,
  inputs: Inputs,
  deps: WorkflowDeps,
  report: RunReport,
  onRetry: (what: string) => (e: RetryEvent) => void,
  recorder?: StateRecorder
): Promise<void> {
  const { log, clock } = deps
  const expires = Date.parse(job.upload_expires_at)
  const expiredMessage = (what: string) => {
    report.uploadExpired = true
    return (
      `${what}: the job's upload URL expired at ${job.upload_expires_at} (upload_expires_at; X gives 15 minutes ` +
      `from creation). Create a new job: run again without job-id.`
    )
  }
  if (Number.isFinite(expires) && clock.now() >= expires)
    throw new Error(expiredMessage(`cannot upload to job ${job.id}`))

  log.info(`Uploading ${idFile.bytes} bytes (${idFile.ids} IDs) in chunks of up to ${inputs.chunkSize} bytes`)
  const progress = createProgressLogger(log, clock, idFile.bytes)
  // A session URI from the state file is a credential too: masked before the engine can use it.
  const resumeSessionUri = recorder?.current.session?.uri
  if (resumeSessionUri) maskUrl(log, resumeSessionUri)
  // A state file that cannot be written stops the upload: an interruption could no longer be resumed.
  const stop = new AbortController()
  const signal = deps.signal ? AbortSignal.any([deps.signal, stop.signal]) : stop.signal
  recorder?.onFailure(err => stop.abort(err))
  const result = await uploadResumable({
    transport: deps.transport,
    clock,
    retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
    chunkSize: inputs.chunkSize,
    stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
    file: { path: idFile.uploadPath, size: idFile.bytes },
    crc32c: idFile.crc32c, // from the validation pass: no second read of the file
    start: { url: job.upload_url, headers: { ...UPLOAD_START_HEADERS } },
    store: {
      resumeUri: resumeSessionUri,
      onSession: uri => {
        maskUrl(log, uri)
        void recorder?.update({ session: { uri, acknowledged: 0 } }, true)
      },
      onAcknowledged: acknowledged => {
        const session = recorder?.current.session
        if (session) void recorder!.update({ session: { ...session, acknowledged } })
      }
    },
    beforeNewSession: reason => {
      if (Number.isFinite(expires) && clock.now() >= expires) {
        throw new Error(expiredMessage(`the upload session was lost (${reason}) and cannot be replaced`))
      }
      log.info(`The upload session was lost (${reason}); starting a new one`)
    },
    onProgress: p => {
      if (!deps.quietProgress) progress.update(p.acknowledged, p.sent)
      deps.onUploadProgress?.(p)
    },
    onRetry: e => onRetry(`the upload (${e.phase})`)(e),
    signal
  }).catch(err => {
    throw recorder?.failure ?? err
  })
  await recorder?.finish()
  progress.done(result.bytes, result.elapsedMs)
  report.uploadDone = true
  report.bytesUploaded = result.bytes
  report.upload = {
    bytes: result.bytes,
    elapsedMs: result.elapsedMs,
    sessions: result.sessions,
    requests: result.requests
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
}
