// `x-compliance apply`: streams a dataset against a compliance results file and writes the rows to
// keep (byte for byte) and, optionally, the removed rows with their reason.
//
// Memory scales with the results, not the dataset: the results' distinct IDs are held as a sorted
// BigUint64Array with a reason index, a matched flag and a bucket index (~15 bytes per ID; ~25 while
// loading). The dataset is read in chunks (4 MiB; CSV 256 KiB) and the outputs are written in 8 MiB
// blocks to `<path>.partial`, renamed into place only when everything succeeded (removed on failure
// or abort); their directory is created. An output may not be an input or the other output.
//
// Formats (`format`, else by extension: .csv -> csv, .jsonl/.ndjson -> jsonl, anything else -> ids):
// - ids:   one ID per line. Removed rows: `<ID as written><TAB><reason>`.
// - jsonl: one JSON object per line, the ID in the top-level field `idField` (default "id") as a string
//          or a bare number, read from its text, never through JSON.parse (no rounding above 2^53).
//          The scanner follows the object's structure (strings, escapes, nested objects and arrays
//          skipped by bracket matching, keys compared unescaped) but does not validate the other
//          values; the field present twice at top level is an error (parsers disagree on which wins).
//          Removed rows: the row with `,"compliance_reason":"<reason>"` added before its closing brace.
// - csv:   RFC 4180 (csv-parse) with a header row naming the ID column `idField` (default "id") at any
//          position; quoted fields may hold commas, quotes and line breaks; rows may differ in length.
//          Removed rows: the header and each row with one more cell, `compliance_reason` / the reason
//          (quoted when needed), before the row's line ending.
// In every format:
// - rows end with LF or CRLF (CSV: also CR) and keep their own ending in both outputs; a last row
//   without one gets LF in the removed output;
// - blank lines (nothing, or spaces, tabs, CR) are copied to the kept output and are not rows;
// - a UTF-8 BOM is copied to the kept output only;
// - each row is judged on its own, so duplicate IDs in the dataset are all kept or all removed;
// - an ID is 1 to 19 digits, spaces and tabs around it ignored, leading zeros insignificant; a row
//   without one, or with anything else, is an ApplyError naming the file and line (CSV: the line the
//   record starts on), as is a malformed results line.
// Results: blank lines are skipped; reasons are taken as they come (unknown ones too); an ID listed
// twice keeps the reason of its first line.
import { applyWith } from './engine.js'
import type { DatasetFormat } from './engine.js'

export { ApplyError } from './errors.js'
export { REASON_COLUMN } from './csv.js'
export { formatOf, type DatasetFormat } from './engine.js'

export interface ApplyOptions {
  /** The results file (JSON lines from X). */
  results: string
  /** The dataset to filter. */
  dataset: string
  /** Default: by extension (.csv -> csv, .jsonl/.ndjson -> jsonl, else ids). */
  format?: DatasetFormat
  /** jsonl: the top-level key holding the ID; csv: the ID column's header. Default 'id'. */
  idField?: string
  /** Where the rows to keep are written (byte-identical to the input rows). */
  keepOut: string
  /** Optional: where the removed rows are written, each with its reason (shapes above). */
  removedOut?: string
  signal?: AbortSignal
}

/** Streams the dataset against the results file; see the top of this file for the formats. */
export async function applyResults(opts: ApplyOptions): Promise<ApplyResult> {
  return applyWith(opts, {})
}

export interface ApplyResult {
  /** Dataset rows judged (no CSV header, no blank lines). */
  rows: number
  kept: number
  removed: number
  removedByReason: Record<string, number>
  /** The same rows by X's action for their reason (`unknown` when the results line had no "action"). */
  removedByAction: Record<string, number>
  /** Distinct IDs in the results file. */
  resultsIds: number
  /** Distinct results IDs that no dataset row had. */
  unmatchedResults: number
}
