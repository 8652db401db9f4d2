// Request bodies of the Redivis API, checked as strictly as the contract allows: any other key, type or
// count is a 400 in the legacy shape, naming what is wrong.
import { REDIVIS_BATCH as MAX_BATCH, UPLOAD_TYPES, type UploadOptions } from '../redivis/model.js'
import { invalid } from './redivis-errors.js'
import type { Reply } from './http.js'

export { UPLOAD_TYPES }
export type MergeStrategy = 'append' | 'replace'
export const MERGE_STRATEGIES: readonly MergeStrategy[] = ['append', 'replace']
const DELIMITED_EXTENSIONS = ['csv', 'tsv', 'psv', 'dsv', 'txt', 'tab']
const NDJSON_EXTENSIONS = ['ndjson', 'jsonl']
const BOOLEAN_OPTIONS = ['hasHeaderRow', 'skipBadRecords', 'hasQuotedNewlines', 'allowJaggedRows'] as const
const CHARACTER_OPTIONS = ['quoteCharacter', 'escapeCharacter', 'delimiter'] as const
const UPLOAD_KEYS = ['name', 'type', 'tempUploadId', ...BOOLEAN_OPTIONS, ...CHARACTER_OPTIONS, 'nullMarkers']

export interface TempUploadRequest {
  size: number
  name: string
  resumable: boolean
}

export interface UploadRequest {
  name: string
  /** null or absent: detected from the name. */
  type?: string | null
  tempUploadId: string
  options: UploadOptions
}

export interface RawFileRequest {
  name: string
  tempUploadId: string
}

type Fields = Record<string, unknown>

export function isUploadType(t: string): boolean {
  return (UPLOAD_TYPES as readonly string[]).includes(t)
}

/** A checked body, or the 400 that refuses it. */
export type Checked<T> = { value: T } | { error: Reply }

function fail(message: string): { error: Reply } {
  return { error: invalid(message) }
}

/** The type Redivis detects from a file name: delimited without an extension, undefined when unknown. */
export function typeFromName(name: string): string | undefined {
  const lower = name.toLowerCase()
  if (lower.endsWith('.shp.zip')) return 'shp.zip'
  const ext = /\.([^./]+)$/.exec(lower)?.[1]
  if (ext === undefined) return 'delimited'
  if (DELIMITED_EXTENSIONS.includes(ext)) return 'delimited'
  if (NDJSON_EXTENSIONS.includes(ext)) return 'ndjson'
  return isUploadType(ext) ? ext : undefined
}

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The body as a JSON object with only `allowed` keys. */
function object(body: Buffer, allowed: readonly string[], where: string): Checked<Fields> {
  let v: unknown
  try {
    v = JSON.parse(body.toString('utf8'))
  } catch {
    return fail('The request body is not valid JSON.')
  }
  if (!isObject(v)) return fail('The request body must be a JSON object.')
  return unknownKeys(v, allowed, where) ?? { value: v }
}

function unknownKeys(
  fields: Fields,
  allowed: readonly string[],
  where: string
): { error: Reply } | undefined {
  const extra = Object.keys(fields).filter(k => !allowed.includes(k))
  return extra.length ? fail(`Unknown key(s) in ${where}: ${extra.join(', ')}.`) : undefined
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0
}

/** A list of 1 to MAX_BATCH objects under `key`, each with only `keys`. */
function batch(body: Buffer, key: string, keys: readonly string[]): Checked<Fields[]> {
  const fields = object(body, [key], 'the request body')
  if ('error' in fields) return fields
  const list = fields.value[key]
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_BATCH)
    return fail(`${key} must be an array of 1 to ${MAX_BATCH} entries.`)
  const out: Fields[] = []
  for (const [i, entry] of list.entries()) {
    if (!isObject(entry)) return fail(`${key}[${i}] must be an object.`)
    const bad = unknownKeys(entry, keys, `${key}[${i}]`)
    if (bad) return bad
    out.push(entry)
  }
  return { value: out }
}

export function readTempUploads(body: Buffer): Checked<TempUploadRequest[]> {
  const list = batch(body, 'tempUploads', ['size', 'name', 'resumable'])
  if ('error' in list) return list
  const out: TempUploadRequest[] = []
  for (const [i, e] of list.value.entries()) {
    if (typeof e.size !== 'number' || !Number.isSafeInteger(e.size) || e.size < 0)
      return fail(`tempUploads[${i}].size must be an integer >= 0.`)
    if (!nonEmptyString(e.name)) return fail(`tempUploads[${i}].name must be a non-empty string.`)
    if (typeof e.resumable !== 'boolean') return fail(`tempUploads[${i}].resumable must be a boolean.`)
    out.push({ size: e.size, name: e.name, resumable: e.resumable })
  }
  return { value: out }
}

export function readUpload(body: Buffer): Checked<UploadRequest> {
  const checked = object(body, UPLOAD_KEYS, 'the upload')
  if ('error' in checked) return checked
  const f = checked.value
  if (!nonEmptyString(f.name)) return fail('name must be a non-empty string.')
  if (!nonEmptyString(f.tempUploadId)) return fail('tempUploadId must be a non-empty string.')
  if (f.type !== undefined && f.type !== null && typeof f.type !== 'string')
    return fail('type must be a string or null.')
  const options: UploadOptions = {}
  for (const k of BOOLEAN_OPTIONS) {
    const v = f[k]
    if (v === undefined) continue
    if (typeof v !== 'boolean') return fail(`${k} must be a boolean.`)
    options[k] = v
  }
  for (const k of CHARACTER_OPTIONS) {
    const v = f[k]
    if (v === undefined) continue
    if (v !== null && (typeof v !== 'string' || [...v].length !== 1))
      return fail(`${k} must be one character or null.`)
    options[k] = v
  }
  const markers = f.nullMarkers
  if (markers !== undefined) {
    if (markers !== null && !(Array.isArray(markers) && markers.every(m => typeof m === 'string')))
      return fail('nullMarkers must be an array of strings or null.')
    options.nullMarkers = markers
  }
  return { value: { name: f.name, type: f.type, tempUploadId: f.tempUploadId, options } }
}

/** Why a raw file name is not a relative '/'-separated path, if it is not. */
function badPath(name: string): string | undefined {
  if (name.includes('\\')) return 'uses "\\" (names are "/"-separated on every OS)'
  if (name.startsWith('/')) return 'is absolute'
  if (name.split('/').some(s => s === '' || s === '.' || s === '..'))
    return 'has an empty, "." or ".." segment'
  return undefined
}

export function readRawFiles(body: Buffer): Checked<RawFileRequest[]> {
  const list = batch(body, 'files', ['name', 'tempUploadId'])
  if ('error' in list) return list
  const out: RawFileRequest[] = []
  for (const [i, e] of list.value.entries()) {
    if (!nonEmptyString(e.name)) return fail(`files[${i}].name must be a non-empty string.`)
    const bad = badPath(e.name)
    if (bad) return fail(`files[${i}].name "${e.name}" ${bad}.`)
    if (!nonEmptyString(e.tempUploadId)) return fail(`files[${i}].tempUploadId must be a non-empty string.`)
    out.push({ name: e.name, tempUploadId: e.tempUploadId })
  }
  return { value: out }
}

export function readTablePatch(body: Buffer): Checked<{ uploadMergeStrategy?: MergeStrategy }> {
  const checked = object(body, ['uploadMergeStrategy'], 'the table update')
  if ('error' in checked) return checked
  const s = checked.value.uploadMergeStrategy
  if (s === undefined) return { value: {} }
  if (s !== 'append' && s !== 'replace')
    return fail(`uploadMergeStrategy must be one of ${MERGE_STRATEGIES.join(', ')}.`)
  return { value: { uploadMergeStrategy: s } }
}
