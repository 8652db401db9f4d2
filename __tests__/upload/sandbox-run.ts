// Runs the real uploader (node:http transport) against the real sandbox on 127.0.0.1 with a fault plan.
import { createHash } from 'node:crypto'
import { startSandbox, type FaultPlan, type Sandbox, type SandboxJob } from '../../src/sandbox/index.js'
import { httpTransport } from '../../src/net/transport.js'
import { uploadResumable, type UploadPhase, type UploadResult } from '../../src/upload/gcs-resumable.js'
import type { RetryConfig, RetryEvent } from '../../src/net/retry.js'
import { createJob } from '../sandbox/helpers.js'
import { START_HEADERS } from './fake-gcs.js'

export interface SandboxRun {
  result?: UploadResult
  error?: Error
  /** The job after the upload (its object when finalized). */
  job: SandboxJob
  sandbox: Sandbox
  retries: Array<RetryEvent & { phase: UploadPhase }>
  newSessions: string[]
  faultsInjected: number
}

export interface SandboxRunOptions {
  path: string
  size: number
  plan: FaultPlan
  chunkSize: number
  retry: RetryConfig
  stallTimeoutMs: number
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/** One upload in a fresh sandbox (closed afterwards); never throws for an upload failure. */
export async function runThroughSandbox(o: SandboxRunOptions): Promise<SandboxRun> {
  const sandbox = await startSandbox({ processingMs: 60_000 })
  const retries: SandboxRun['retries'] = []
  const newSessions: string[] = []
  try {
    const created = await createJob(sandbox)
    sandbox.setFaults(o.plan)
    let result: UploadResult | undefined
    let error: Error | undefined
    try {
      result = await uploadResumable({
        transport: httpTransport,
        retry: o.retry,
        chunkSize: o.chunkSize,
        stallTimeoutMs: o.stallTimeoutMs,
        file: { path: o.path, size: o.size },
        start: { url: created.upload_url, headers: { ...START_HEADERS } },
        onRetry: e => retries.push(e),
        beforeNewSession: reason => void newSessions.push(reason)
      })
    } catch (err) {
      error = err as Error
    }
    const job = sandbox.job(created.id)
    if (!job) throw new Error('the job disappeared')
    return {
      result,
      error,
      job,
      sandbox,
      retries,
      newSessions,
      faultsInjected: sandbox.stats().faultsInjected
    }
  } finally {
    await sandbox.close()
  }
}
