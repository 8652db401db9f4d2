// A job's lifecycle around the upload: which job to work on (state file, job-id, or a new one, handling the
// active job), and what a run that fails before its upload completed does with it (keep it, or cancel it).
import { InputError, type Inputs } from './inputs.js'
import { ActiveJobError, ComplianceClient, type ComplianceJob } from './client.js'
import { isActive, pollUntilDone } from './poll.js'
import type { RunReport } from './report.js'
import type { UploadState } from './state-file.js'
import type { WorkflowDeps } from './workflow.js'

/** The job to work on: the state file's, job-id's, or a new one (handling an active job as on-active-job says). */
export async function acquireJob(
  inputs: Inputs,
  state: UploadState | undefined,
  client: ComplianceClient,
  publish: (job: ComplianceJob) => ComplianceJob,
  deps: WorkflowDeps,
  report: RunReport
): Promise<ComplianceJob> {
  const { log } = deps
  const attachId = state?.job.id ?? inputs.jobId
  if (attachId) {
    const job = publish(await client.get(attachId))
    report.keepJob = state ? 'state-file' : 'job-id'
    if (job.type !== inputs.type) {
      throw new InputError(
        'job-id',
        `job-id ${job.id} is a ${job.type} job, but type is ${inputs.type}: set type to ${job.type} or use another job.`
      )
    }
    log.info(
      `${state ? `Continuing from state-file: ` : 'Attached to '}${job.type} job ${job.id} (status ${job.status})`
    )
    return job
  }
  report.jobName = inputs.jobName || undefined
  for (let attempt = 0; ; attempt++) {
    try {
      const job = publish(await client.create(inputs.type, inputs.jobName))
      report.createdByUs = true
      if (inputs.stateFile) report.keepJob = 'state-file'
      log.info(
        `Created ${job.type} job ${job.id}${job.name ? ` "${job.name}"` : ''}; upload URL valid until ${job.upload_expires_at}`
      )
      return job
    } catch (err) {
      if (!(err instanceof ActiveJobError) || inputs.onActiveJob === 'fail' || attempt >= 3) {
        if (err instanceof ActiveJobError && inputs.onActiveJob === 'fail') {
          err.message += `. Set on-active-job: wait to wait for it, or on-active-job: cancel to cancel it (or cancel it yourself: DELETE /2/compliance/jobs/${err.active.id}).`
        }
        throw err
      }
      const active = err.active
      if (inputs.onActiveJob === 'cancel') {
        log.warning(
          `Cancelling the active ${active.type} job ${active.id} (status ${active.status}), as on-active-job: cancel says`
        )
        await client.cancel(active.id)
      } else {
        log.info(
          `Waiting for the active ${active.type} job ${active.id} (status ${active.status}) to finish, as on-active-job: wait says`
        )
        const done = await pollUntilDone({
          get: () => client.get(active.id),
          first: active,
          intervalMs: inputs.pollIntervalSeconds * 1000,
          timeoutMs: inputs.waitTimeoutMinutes * 60_000,
          clock: deps.clock,
          signal: deps.signal,
          onStatus: j => log.info(`Active job ${j.id}: ${j.status}`)
        })
        log.info(`The active job ${active.id} ended with status ${done.job.status}; creating ours`)
      }
    }
  }
}

/**
 * A run that fails before its upload completed must not leave an active job blocking the next run: cancel the
 * job it created, unless it was asked to keep it for resuming (state-file) or the job was given (job-id).
 */
export async function keepOrCancel(
  err: unknown,
  inputs: Inputs,
  deps: WorkflowDeps,
  report: RunReport
): Promise<void> {
  if (!report.jobId || report.uploadDone || err instanceof ActiveJobError) return
  if (report.keepJob === 'state-file') {
    report.rerunHint = `rerun with the same state-file (${inputs.stateFile}) and ids-file to continue job ${report.jobId}'s upload`
    deps.log.info(`Kept job ${report.jobId} for resuming: ${report.rerunHint}.`)
    return
  }
  if (report.keepJob === 'job-id') {
    report.rerunHint = `rerun with job-id: ${report.jobId} and ids-file to upload to it again before its upload URL expires`
    deps.log.info(`Kept job ${report.jobId} (given as job-id): ${report.rerunHint}.`)
    return
  }
  if (!report.createdByUs) return
  // The run's own signal may be aborted already: the cancel gets a short deadline of its own.
  const cleanup = new ComplianceClient({
    baseUrl: inputs.apiBaseUrl,
    token: inputs.bearerToken,
    transport: deps.transport,
    retry: { maxRetries: 1, baseDelayMs: 200 },
    stallTimeoutMs: 3000,
    clock: deps.clock,
    signal: AbortSignal.timeout(4000)
  })
  try {
    await cleanup.cancel(report.jobId)
    report.status = 'failed'
    deps.log.info(
      `Cancelled job ${report.jobId} so that it does not block the next run (its upload did not complete).`
    )
  } catch (cancelErr) {
    // X refuses to cancel a job that already ended (an expired upload window, say): then nothing blocks.
    const now = await cleanup.get(report.jobId).catch(() => undefined)
    if (now && !isActive(now.status)) {
      report.status = now.status
      deps.log.info(`Job ${report.jobId} is ${now.status} already; it does not block the next run.`)
      return
    }
    deps.log.warning(
      `Job ${report.jobId} could not be cancelled (${deps.log.redact((cancelErr as Error).message)}); ` +
        `it blocks new ${inputs.type} jobs until it expires. Cancel it with DELETE /2/compliance/jobs/${report.jobId}.`
    )
  }
}
