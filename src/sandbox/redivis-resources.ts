// The JSON resources the Redivis API answers with, in Redivis's field names.
import { escapeName } from './redivis-reference.js'
import {
  tagOf,
  type DatasetRecord,
  type RawFileRecord,
  type TableRecord,
  type TempUploadRecord,
  type UploadRecord,
  type VersionRecord
} from './redivis-store.js'
import type { UploadStatus } from '../redivis/model.js'

function versionSummary(v: VersionRecord | undefined): object | null {
  return v ? { kind: 'version', tag: tagOf(v), isReleased: v.released } : null
}

export function datasetResource(d: DatasetRecord, current?: VersionRecord, next?: VersionRecord): object {
  const qualified = `${d.owner}.${d.name}`
  return {
    kind: 'dataset',
    uri: `/datasets/${qualified}`,
    name: d.name,
    qualifiedReference: qualified,
    currentVersion: versionSummary(current),
    nextVersion: versionSummary(next)
  }
}

export function versionResource(d: DatasetRecord, v: VersionRecord): object {
  return {
    kind: 'version',
    tag: tagOf(v),
    isReleased: v.released,
    datasetUri: `/datasets/${d.owner}.${d.name}:${v.released ? tagOf(v).replace('.', '_') : 'next'}`
  }
}

/** A table's uri: its reference as the request gave it, encoded once. */
export function tableUri(ref: string): string {
  return `/tables/${encodeURIComponent(ref)}`
}

export function tableResource(ref: string, t: TableRecord, numRows: number): object {
  return {
    kind: 'table',
    uri: tableUri(ref),
    name: t.name,
    isFileIndex: t.isFileIndex,
    uploadMergeStrategy: t.uploadMergeStrategy,
    numRows
  }
}

export function tempUploadResource(t: TempUploadRecord, url: string): object {
  return { kind: 'tempUpload', id: t.id, url, name: t.name, size: String(t.size), resumable: t.resumable }
}

export function uploadResource(ref: string, u: UploadRecord, status: UploadStatus): object {
  const r = u.result
  return {
    kind: 'upload',
    uri: `${tableUri(ref)}/uploads/${escapeName(u.name)}`,
    name: u.name,
    status,
    type: u.type,
    numRows: status === 'completed' && r.status === 'completed' ? r.numRows : null,
    errorMessage: status === 'failed' && r.status === 'failed' ? r.errorMessage : null,
    size: u.size
  }
}

export function rawFileResource(f: RawFileRecord): object {
  return {
    kind: 'rawFile',
    id: f.id,
    uri: `/rawFiles/${f.id}`,
    name: f.name,
    md5Hash: f.md5Hash,
    size: f.size
  }
}
