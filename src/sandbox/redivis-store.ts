// The Redivis side's state: datasets and their versions, tables, uploads, raw files and temp uploads.
// Processing status is derived from the clock (queued, running, then the outcome), so no timer can leak.
import { randomBytes } from 'node:crypto'
import type { MergeStrategy, RawFileRequest, TempUploadRequest } from './redivis-input.js'
import {
  sameName,
  versionTag,
  type DatasetReference,
  type TableReference,
  type VersionSelector
} from './redivis-reference.js'
import type { UploadOptions as ParseOptions, UploadStatus } from '../redivis/model.js'
import type { Processed } from './redivis-rows.js'
import { signedQuery } from './signed-url.js'

export const OWNER = 'demo'

export interface UploadRecord {
  name: string
  type: string
  options: ParseOptions
  tempUploadId: string
  size: number
  createdAt: number
  /** What processing ends with (known at creation; shown once processingMs has passed). */
  result: Processed
}

export interface RawFileRecord {
  id: string
  name: string
  size: number
  /** base64 MD5, as GCS reports it. */
  md5Hash: string
  tempUploadId: string
}

export interface TableRecord {
  name: string
  refId: string
  isFileIndex: boolean
  uploadMergeStrategy: MergeStrategy
  uploads: UploadRecord[]
  rawFiles: RawFileRecord[]
}

export interface VersionRecord {
  major: number
  minor: number
  released: boolean
  tables: TableRecord[]
}

export interface DatasetRecord {
  owner: string
  name: string
  refId: string
  versions: VersionRecord[]
}

export interface TempUploadRecord {
  id: string
  name: string
  size: number
  resumable: boolean
  /** The table it was made for: uploads and raw files take temp uploads of their own table only. */
  table: TableRecord
  createdAt: number
  expiresAt: number
  /** The X-Goog-* query of its url. */
  signedQuery: string
  /** The bearer token that made it: its transfers must carry the same one. */
  token: string
  sessionsStarted: number
  sessionIds: string[]
  finalizedAt?: number
  /** The object (absent before finalization or with discardObjects). */
  object?: Buffer
  /** Non-blank lines and MD5 of the finalized object, found as its bytes were committed. */
  lines?: number
  md5Hash?: string
}

/** Where a table reference leads. */
export interface Located {
  dataset: DatasetRecord
  version: VersionRecord
  table: TableRecord
}

export interface RedivisStoreOptions {
  processingMs: number
  tempUploadWindowMs: number
}

function table(name: string, refId: string, isFileIndex: boolean): TableRecord {
  return { name, refId, isFileIndex, uploadMergeStrategy: 'append', uploads: [], rawFiles: [] }
}

/** The seeds every sandbox starts with (see the design: one sandbox for every service). */
function seeds(): DatasetRecord[] {
  const sandboxTables = (): TableRecord[] => [table('posts', 'pst1', false), table('files', 'fls1', true)]
  return [
    {
      owner: OWNER,
      name: 'sandbox_dataset',
      refId: 'sbx1',
      versions: [
        { major: 1, minor: 0, released: true, tables: sandboxTables() },
        { major: 1, minor: 1, released: false, tables: sandboxTables() }
      ]
    },
    {
      owner: OWNER,
      name: 'released_dataset',
      refId: 'rls1',
      versions: [{ major: 1, minor: 0, released: true, tables: [table('posts', 'pst2', false)] }]
    }
  ]
}

function sameRefId(given: string | undefined, actual: string): boolean {
  return given === undefined || given.toLowerCase() === actual.toLowerCase()
}

export function tagOf(v: VersionRecord): string {
  return versionTag(v.major, v.minor)
}

export function newId(): string {
  return randomBytes(8).toString('hex')
}

/** `name`, or `<base>_1<.ext>`, `_2` ... when an upload of the table already has it (as Redivis renames). */
function freeName(t: TableRecord, name: string): string {
  const taken = (n: string): boolean => t.uploads.some(u => sameName(u.name, n))
  if (!taken(name)) return name
  const dot = name.lastIndexOf('.')
  const base = dot > 0 ? name.slice(0, dot) : name
  const ext = dot > 0 ? name.slice(dot) : ''
  let n = 1
  while (taken(`${base}_${n}${ext}`)) n++
  return `${base}_${n}${ext}`
}

export class RedivisStore {
  readonly datasets = seeds()
  private temps = new Map<string, TempUploadRecord>()

  constructor(
    private readonly clock: () => number,
    private readonly o: RedivisStoreOptions
  ) {}

  dataset(ref: DatasetReference): DatasetRecord | undefined {
    return this.datasets.find(
      d =>
        sameName(d.owner, ref.owner) && sameName(d.name, ref.dataset) && sameRefId(ref.datasetRefId, d.refId)
    )
  }

  current(d: DatasetRecord): VersionRecord | undefined {
    return d.versions.filter(v => v.released).at(-1)
  }

  next(d: DatasetRecord): VersionRecord | undefined {
    return d.versions.find(v => !v.released)
  }

  /** No version means `current`, the API's default; a tag names a released version. */
  version(d: DatasetRecord, sel: VersionSelector | undefined): VersionRecord | undefined {
    if (sel === undefined || sel.kind === 'current') return this.current(d)
    if (sel.kind === 'next') return this.next(d)
    return d.versions.find(v => v.released && v.major === sel.major && v.minor === sel.minor)
  }

  /** The table a reference names, or why there is none (for the 404's description). */
  locate(ref: TableReference): Located | string {
    const dataset = this.dataset(ref)
    if (!dataset) return 'no such dataset'
    const version = this.version(dataset, ref.version)
    if (!version)
      return ref.version?.kind === 'next'
        ? 'the dataset has no next version'
        : 'no such version of the dataset'
    const t = version.tables.find(x => sameName(x.name, ref.table) && sameRefId(ref.tableRefId, x.refId))
    return t ? { dataset, version, table: t } : 'no such table in this version'
  }

  /** A new next version: the current version's tag plus one minor, its tables copied without uploads. */
  createNextVersion(d: DatasetRecord): VersionRecord {
    const cur = this.current(d)
    const v: VersionRecord = {
      major: cur?.major ?? 1,
      minor: cur ? cur.minor + 1 : 0,
      released: false,
      tables: (cur?.tables ?? []).map(t => ({
        ...table(t.name, t.refId, t.isFileIndex),
        uploadMergeStrategy: t.uploadMergeStrategy
      }))
    }
    d.versions.push(v)
    return v
  }

  createTempUploads(t: TableRecord, requests: TempUploadRequest[], token: string): TempUploadRecord[] {
    const now = this.clock()
    const expiresSeconds = Math.max(1, Math.ceil(this.o.tempUploadWindowMs / 1000))
    return requests.map(r => {
      let id: string
      do id = newId()
      while (this.temps.has(id))
      const temp: TempUploadRecord = {
        id,
        name: r.name,
        size: r.size,
        resumable: r.resumable,
        table: t,
        createdAt: now,
        expiresAt: now + this.o.tempUploadWindowMs,
        signedQuery: signedQuery(now, expiresSeconds, 'host'),
        token,
        sessionsStarted: 0,
        sessionIds: []
      }
      this.temps.set(id, temp)
      return temp
    })
  }

  tempUpload(id: string): TempUploadRecord | undefined {
    return this.temps.get(id)
  }

  tempUploads(): TempUploadRecord[] {
    return [...this.temps.values()]
  }

  /** Whether a temp upload can be used by an upload or a raw file of table `t`. */
  usable(temp: TempUploadRecord | undefined, t: TableRecord): temp is TempUploadRecord {
    return temp !== undefined && temp.table === t && temp.finalizedAt !== undefined
  }

  /** First finalized object wins: later sessions of the same temp upload may finish but change nothing. */
  finalizeTempUpload(
    temp: TempUploadRecord,
    object: Buffer | undefined,
    lines: number,
    md5Hash: string
  ): void {
    if (temp.finalizedAt !== undefined) return
    temp.finalizedAt = this.clock()
    temp.object = object
    temp.lines = lines
    temp.md5Hash = md5Hash
  }

  createUpload(
    t: TableRecord,
    name: string,
    type: string,
    options: ParseOptions,
    temp: TempUploadRecord,
    result: Processed
  ): UploadRecord {
    const u: UploadRecord = {
      name: freeName(t, name),
      type,
      options,
      tempUploadId: temp.id,
      size: temp.size,
      createdAt: this.clock(),
      result
    }
    t.uploads.push(u)
    return u
  }

  /** The upload an escaped name (as in an upload's uri) names. */
  findUpload(t: TableRecord, escaped: string): UploadRecord | undefined {
    return t.uploads.find(u => sameName(u.name, escaped))
  }

  deleteUpload(t: TableRecord, u: UploadRecord): void {
    t.uploads = t.uploads.filter(x => x !== u)
  }

  status(u: UploadRecord): UploadStatus {
    const elapsed = this.clock() - u.createdAt
    if (elapsed < this.o.processingMs / 2) return 'queued'
    if (elapsed < this.o.processingMs) return 'running'
    return u.result.status
  }

  /** Rows of the table: its completed uploads' rows; a file index has a row per file. */
  numRows(t: TableRecord): number {
    if (t.isFileIndex) return t.rawFiles.length
    let rows = 0
    for (const u of t.uploads)
      if (this.status(u) === 'completed' && u.result.status === 'completed') rows += u.result.numRows
    return rows
  }

  /** Adds the files (already checked) to a file index table. */
  addRawFiles(t: TableRecord, files: RawFileRequest[]): RawFileRecord[] {
    const added = files.map(f => {
      const temp = this.temps.get(f.tempUploadId) as TempUploadRecord
      return {
        id: newId(),
        name: f.name,
        size: temp.size,
        md5Hash: temp.md5Hash ?? '',
        tempUploadId: temp.id
      }
    })
    t.rawFiles.push(...added)
    return added
  }

  /** Why these files cannot be added, if they cannot (nothing is added then). */
  rawFilesProblem(t: TableRecord, files: RawFileRequest[]): string | undefined {
    const seen: string[] = []
    for (const f of files) {
      if (!this.usable(this.temps.get(f.tempUploadId), t))
        return `tempUpload ${f.tempUploadId} (for "${f.name}") is unknown for this table or its transfer is not complete.`
      if (t.rawFiles.some(r => sameName(r.name, f.name)) || seen.some(n => sameName(n, f.name)))
        return `A file named "${f.name}" already exists in this table.`
      seen.push(f.name)
    }
    return undefined
  }
}
