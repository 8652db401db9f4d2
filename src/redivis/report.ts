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
  /** This run asked Redivis to create the upload (it may exist even if the answer never came). */
  creating?: boolean
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
  /** The whole `uploads` list as a JSON file, when the output or the summary had to cut it. */
  listFile?: string
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
/** One object per file in input order, as the `uploads` output holds them. */
export function uploadEntries(r: RedivisReport) {
  return r.files.map(x => ({
    name: x.name,
    file: x.file.relative,
    bytes: x.file.size,
    status: outputStatus(x),
    rows: x.rows,
    error: x.error
  }))
}

export function uploadsJson(r: RedivisReport): string {
  return JSON.stringify(uploadEntries(r))
}

/** Redivis's last status, or `skipped`; a file that never became an upload is `failed` (or `pending` if never tried). */
export function outputStatus(x: FileReport): string {
  if (x.status === 'transferring' || x.status === 'transferred') return x.error ? 'failed' : 'pending'
  return x.status
}

/** What is left in Redivis after a failed run, and how to run again: built from what happened, file by file. */
export function rerunAdvice(r: RedivisReport): string {
  const names = (fs: FileReport[]) => fs.map(f => f.name).join(', ')
  const deleted = r.files.filter(f => f.deleted)
  const stuck = r.files.filter(f => f.created && !f.deleted && f.status === 'failed')
  const kept = r.files.filter(f => f.created && !f.deleted && f.status !== 'failed')
  const failed = r.files.filter(f => f.status === 'failed')
  const out: string[] = []
  if (deleted.length > 0) out.push(`Deleted again what this run created for ${names(deleted)}.`)
  if (stuck.length > 0)
    out.push(
      `Could not delete ${names(stuck)}: delete ${stuck.length === 1 ? 'it' : 'them'} in Redivis before a rerun${r.kind === 'tabular' ? ', or rerun with if-exists: replace' : ''}.`
    )
  if (kept.length === 0)
    out.push(
      stuck.length === 0
        ? 'Nothing this run created was kept: fix the cause and run again.'
        : 'Fix the cause and run again.'
    )
  else if (r.kind === 'tabular')
    out.push(
      `Kept ${names(kept)}${kept.some(f => f.status !== 'completed') ? ' (still processing)' : ''}: fix the cause and rerun with if-exists: skip to upload only the rest.`
    )
  else
    out.push(
      `The raw files ${names(kept)} were added and stay: fix the cause and rerun with only ${names(failed)} (raw files cannot be skipped by name).`
    )
  return out.join(' ')
}
