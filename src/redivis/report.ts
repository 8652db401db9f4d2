// What one redivis-upload run did, per file and in total: the source of the outputs, the summary and the CLI's
// --json. Filled in as the flow goes, so a failure or a cancel still reports what happened.
import type { RunContext } from '../action/github-context.js'
import type { LocalFile } from './files.js'

export type FileStatus =
  'pending' | 'skipped' | 'transferring' | 'transferred' | 'queued' | 'running' | 'completed' | 'failed'

export interface FileReport {
  file: LocalFile
  /** The upload's name in Redivis (Redivis's own, once it answered). */
  name: string
  status: FileStatus
  rows: number | null
  error: string | null
  /** Bytes the server acknowledged. */
  acknowledged: number
  faultsRecovered: number
  transferMs?: number
  /** The upload this run created (tabular), for polling and clean-up. */
  uploadUri?: string
  /** This run created the upload or raw file. */
  created: boolean
  /** Deleted again because it failed or was interrupted. */
  deleted: boolean
}

export interface RedivisReport {
  table: string
  kind: 'tabular' | 'files'
  version?: string
  waited: boolean
  files: FileReport[]
  run?: RunContext
  error?: string
  startedAt: number
  endedAt?: number
}

export function newRedivisReport(
  table: string,
  kind: 'tabular' | 'files',
  waited: boolean,
  startedAt: number
): RedivisReport {
  return { table, kind, waited, files: [], startedAt }
}

export function fileReport(file: LocalFile): FileReport {
  return {
    file,
    name: file.name,
    status: 'pending',
    rows: null,
    error: null,
    acknowledged: 0,
    faultsRecovered: 0,
    created: false,
    deleted: false
  }
}

export interface Totals {
  uploaded: number
  failed: number
  skipped: number
  bytes: number
  /** Sum over completed tabular uploads; undefined when not waited or for raw files. */
  rows?: number
}

export function totals(r: RedivisReport): Totals {
  const f = r.files
  const rows =
    r.kind === 'tabular' && r.waited
      ? f.filter(x => x.status === 'completed').reduce((s, x) => s + (x.rows ?? 0), 0)
      : undefined
  return {
    uploaded: f.filter(x => x.created).length,
    failed: f.filter(x => x.status === 'failed').length,
    skipped: f.filter(x => x.status === 'skipped').length,
    bytes: f.reduce((s, x) => s + x.acknowledged, 0),
    rows
  }
}

/** The `uploads` output: one object per file in input order. */
export function uploadsJson(r: RedivisReport): string {
  return JSON.stringify(
    r.files.map(x => ({
      name: x.name,
      file: x.file.relative,
      bytes: x.file.size,
      status: outputStatus(x),
      rows: x.rows,
      error: x.error
    }))
  )
}

/** Redivis's last status, or `skipped`; a file that never became an upload is `failed` (or `pending` if never tried). */
export function outputStatus(x: FileReport): string {
  if (x.status === 'transferring' || x.status === 'transferred') return x.error ? 'failed' : 'pending'
  return x.status
}
