// The facts of one run, filled in as they become known; outputs, the summary and summary.json read from it.
import type { RunContext } from '../action/github-context.js'
import type { JobType } from './client.js'
import type { ResultCounts } from './results.js'

export interface RunReport {
  type?: JobType // unknown when the inputs were invalid
  jobId?: string
  jobName?: string
  status?: string
  createdByUs?: boolean
  uploadDone?: boolean
  uploadExpired?: boolean
  /** why a failed run keeps its job rather than cancelling it */
  keepJob?: 'state-file' | 'job-id'
  downloadUrl?: string
  downloadExpiresAt?: string
  idsCount?: number
  bytesUploaded?: number
  upload?: { bytes: number; elapsedMs: number; sessions: number; requests: number }
  faultsRecovered: number
  waitedMs: number
  results?: { file: string; count: number; counts: ResultCounts; bytes: number }
  artifact?: { name: string; id?: number; skipped?: string }
  error?: string
  rerunHint?: string
  /** the workflow run (absent outside Actions) */
  run?: RunContext
}

export function newReport(type?: JobType): RunReport {
  return { type, faultsRecovered: 0, waitedMs: 0 }
}

/** Upload throughput in MB/s (10^6 bytes per second), or undefined for an instant or empty upload. */
export function uploadMBps(report: RunReport): number | undefined {
  const u = report.upload
  if (!u || u.bytes === 0 || u.elapsedMs <= 0) return undefined
  return u.bytes / 1e6 / (u.elapsedMs / 1000)
}
