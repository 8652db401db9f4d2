// Redivis's vocabulary, defined once for the action and the sandbox: upload types, parsing options, statuses.

/** Tabular upload types Redivis documents; '' lets Redivis detect the type from the name. */
export const UPLOAD_TYPES = [
  'delimited',
  'ndjson',
  'json',
  'avro',
  'parquet',
  'orc',
  'xls',
  'xlsx',
  'dta',
  'sas7bdat',
  'sav',
  'geojson',
  'geojsonl',
  'shp',
  'shp.zip',
  'kml'
] as const
export type UploadType = (typeof UPLOAD_TYPES)[number]

/** The parsing options an upload may carry, with the type of each value. */
export const UPLOAD_OPTION_TYPES = {
  hasHeaderRow: 'boolean',
  skipBadRecords: 'boolean',
  hasQuotedNewlines: 'boolean',
  allowJaggedRows: 'boolean',
  quoteCharacter: 'one character',
  escapeCharacter: 'one character',
  delimiter: 'one character',
  nullMarkers: 'strings'
} as const

export interface UploadOptions {
  hasHeaderRow?: boolean
  skipBadRecords?: boolean
  hasQuotedNewlines?: boolean
  allowJaggedRows?: boolean
  quoteCharacter?: string | null
  escapeCharacter?: string | null
  delimiter?: string | null
  nullMarkers?: string[] | null
}

export type UploadStatus = 'queued' | 'running' | 'completed' | 'failed'
export const TERMINAL_STATUSES: readonly string[] = ['completed', 'failed']

/** Temp uploads requested per call, and raw files added per call (as Redivis's clients batch them). */
export const REDIVIS_BATCH = 1000

/** The headers of a resumable session's start POST, besides the token (no Content-Type). */
export function resumableStartHeaders(size: number): Record<string, string> {
  return { 'x-goog-resumable': 'start', 'x-upload-content-length': String(size), 'content-length': '0' }
}
