// Every input of redivis-upload is read, typed and validated here, before any request is sent. The files are
// resolved and checked in files.ts (also before any request).
import {
  excerpt,
  InputError,
  parseApiBaseUrl,
  parseBoolean,
  parseChoice,
  parseInteger,
  parseSizeValue,
  type RawInputSource
} from '../action/inputs.js'
import { parseChunkSize } from '../compliance/inputs.js'
import { parseTableReference, type TableReference } from './reference.js'
import { UPLOAD_TYPES, UPLOAD_OPTION_TYPES, type UploadOptions, type UploadType } from './model.js'

export type Kind = 'tabular' | 'files'
export type IfExists = 'fail' | 'replace' | 'skip'
export type MergeStrategy = '' | 'append' | 'replace'

export interface RedivisInputs {
  apiToken: string
  table: TableReference
  /** The raw `table` input, for messages. */
  tableInput: string
  /** Patterns or paths, one per line, in order. */
  files: string[]
  kind: Kind
  uploadType: UploadType | ''
  uploadOptions: UploadOptions
  ifExists: IfExists
  mergeStrategy: MergeStrategy
  createNextVersion: boolean
  wait: boolean
  processingTimeoutMinutes: number
  concurrency: number
  resumableMinSize: number
  apiBaseUrl: string
  chunkSize: number
  maxRetries: number
  retryBaseDelayMs: number
  requestTimeoutSeconds: number
}

/** The same defaults as redivis-upload/action.yml: a direct `node dist/redivis-upload/index.js` gets none. */
export const REDIVIS_INPUT_DEFAULTS = {
  'api-token': '',
  table: '',
  files: '',
  kind: 'tabular',
  'upload-type': '',
  'upload-options': '',
  'if-exists': 'fail',
  'merge-strategy': '',
  'create-next-version': 'true',
  wait: 'true',
  'processing-timeout-minutes': '60',
  concurrency: '4',
  'resumable-min-size': '32MiB',
  'api-base-url': 'https://redivis.com/api/v1',
  'chunk-size': '64MiB',
  'max-retries': '10',
  'retry-base-delay-ms': '1000',
  'request-timeout-seconds': '120'
} as const

export type RedivisInputName = keyof typeof REDIVIS_INPUT_DEFAULTS

const TIB = 1024 ** 4

export function readRedivisInputs(source: RawInputSource): RedivisInputs {
  const get = (name: RedivisInputName): string => {
    const v = source(name)
    return v === undefined || v === '' ? REDIVIS_INPUT_DEFAULTS[name] : v
  }
  const apiToken = parseApiToken(get('api-token'))
  const tableInput = get('table')
  if (tableInput === '')
    throw new InputError(
      'table',
      'table is required: give the Redivis table as owner.dataset.table, e.g. demo.my_dataset.posts.'
    )
  const table = parseTableReference(tableInput)
  const files = get('files')
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
  if (files.length === 0)
    throw new InputError(
      'files',
      'files is required: give one path or glob pattern per line, relative to GITHUB_WORKSPACE (e.g. data/*.csv).'
    )
  const kind = parseChoice<Kind>(
    'kind',
    get('kind'),
    ['tabular', 'files'],
    ' (tabular: uploads to a table; files: raw files of a file index table)'
  )
  const ifExists = parseChoice<IfExists>('if-exists', get('if-exists'), ['fail', 'replace', 'skip'])
  if (kind === 'files' && ifExists !== 'fail') {
    throw new InputError(
      'if-exists',
      `if-exists "${ifExists}" cannot be used with kind: files: Redivis itself refuses a raw file whose name already exists in the table; use if-exists: fail (the default) with kind: files.`
    )
  }
  const uploadType = parseChoice<UploadType | ''>(
    'upload-type',
    get('upload-type'),
    ['', ...UPLOAD_TYPES],
    " ('' lets Redivis detect the type from the file name)"
  )
  return {
    apiToken,
    table,
    tableInput,
    files,
    kind,
    uploadType,
    uploadOptions: parseUploadOptions(get('upload-options')),
    ifExists,
    mergeStrategy: parseChoice<MergeStrategy>(
      'merge-strategy',
      source('merge-strategy') ?? '',
      ['', 'append', 'replace'],
      " ('' leaves the table's setting as it is)"
    ),
    createNextVersion: parseBoolean('create-next-version', get('create-next-version')),
    wait: parseBoolean('wait', get('wait')),
    processingTimeoutMinutes: parseInteger(
      'processing-timeout-minutes',
      get('processing-timeout-minutes'),
      1,
      10_080
    ),
    concurrency: parseInteger('concurrency', get('concurrency'), 1, 32),
    resumableMinSize: parseResumableMinSize(get('resumable-min-size')),
    apiBaseUrl: parseApiBaseUrl(
      'api-base-url',
      get('api-base-url'),
      'https://redivis.com/api/v1',
      'API token'
    ),
    chunkSize: parseChunkSize(get('chunk-size')),
    maxRetries: parseInteger('max-retries', get('max-retries'), 0, 100),
    retryBaseDelayMs: parseInteger('retry-base-delay-ms', get('retry-base-delay-ms'), 1, 3_600_000),
    requestTimeoutSeconds: parseInteger('request-timeout-seconds', get('request-timeout-seconds'), 1, 86_400)
  }
}

function parseApiToken(raw: string): string {
  if (raw === '')
    throw new InputError(
      'api-token',
      'api-token is required: pass a Redivis API token with the data.edit scope from a secret, e.g. api-token: ${{ secrets.REDIVIS_API_TOKEN }}.'
    )
  const token = raw.replace(/^Bearer\s+/i, '')
  if (/\s/.test(token) || /[^\x21-\x7e]/.test(token)) {
    throw new InputError(
      'api-token',
      'api-token contains spaces, line breaks or non-ASCII characters; it must be the Redivis API token alone (printable ASCII).'
    )
  }
  return token
}

function parseResumableMinSize(raw: string): number {
  const n = parseSizeValue(raw)
  if (n === undefined || n < 1 || n > 5 * TIB) {
    throw new InputError(
      'resumable-min-size',
      `resumable-min-size "${excerpt(raw)}" is not allowed: use a size in bytes, KiB, MiB or GiB without a space (e.g. 32MiB), at least 1 byte.`
    )
  }
  return n
}

export function parseUploadOptions(raw: string): UploadOptions {
  if (raw === '') return {}
  const allowed = Object.entries(UPLOAD_OPTION_TYPES)
    .map(([k, t]) => `${k} (${t})`)
    .join(', ')
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (err) {
    throw new InputError(
      'upload-options',
      `upload-options is not JSON (${(err as Error).message}): give a JSON object with any of ${allowed}.`
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError('upload-options', `upload-options must be a JSON object with any of ${allowed}.`)
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    const type = (UPLOAD_OPTION_TYPES as Record<string, string>)[key]
    if (type === undefined)
      throw new InputError(
        'upload-options',
        `upload-options has the unknown key "${excerpt(key)}": allowed are ${allowed}.`
      )
    const ok =
      type === 'boolean'
        ? typeof v === 'boolean'
        : type === 'one character'
          ? v === null || (typeof v === 'string' && [...v].length === 1)
          : v === null || (Array.isArray(v) && v.every(s => typeof s === 'string'))
    if (!ok)
      throw new InputError(
        'upload-options',
        `upload-options.${key} is ${JSON.stringify(v)}; it must be ${type === 'boolean' ? 'true or false' : type === 'one character' ? 'a string of one character (or null)' : 'an array of strings (or null)'}.`
      )
    out[key] = v
  }
  return out as UploadOptions
}
