// What processing an upload finds: its row count, or why it failed (jagged rows, a bad ndjson line). The
// lines are counted as the bytes are committed, so a discarded object (discardObjects) still gets a count;
// the checks need the bytes and run only when the object was kept.

import type { UploadOptions as ParseOptions } from '../redivis/model.js'

export type Processed = { status: 'completed'; numRows: number } | { status: 'failed'; errorMessage: string }

const NL = 0x0a
const CR = 0x0d

/** Whether buf[from, to) holds a byte other than '\r': a line of only '\r' (or nothing) is blank. */
function hasContent(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== CR) return true
  return false
}

interface LineMark {
  lines: number
  open: boolean
}

/** Counts the non-blank lines of the committed bytes (a last line without '\n' counts), in constant memory. */
export class LineCounter {
  lines = 0
  /** The line in progress has content. */
  private open = false

  push(buf: Buffer): void {
    let from = 0
    for (;;) {
      const nl = buf.indexOf(NL, from)
      const to = nl < 0 ? buf.length : nl
      if (!this.open) this.open = hasContent(buf, from, to)
      if (nl < 0) return
      if (this.open) this.lines++
      this.open = false
      from = nl + 1
    }
  }

  mark(): LineMark {
    return { lines: this.lines, open: this.open }
  }

  rollback(m: LineMark): void {
    this.lines = m.lines
    this.open = m.open
  }

  reset(): void {
    this.rollback({ lines: 0, open: false })
  }

  end(): void {
    if (this.open) this.lines++
    this.open = false
  }
}

/** The object's lines without '\n' and trailing '\r', numbered from 1. */
function* lines(object: Buffer): Generator<{ text: string; n: number }> {
  let from = 0
  let n = 0
  while (from < object.length) {
    const nl = object.indexOf(NL, from)
    const to = nl < 0 ? object.length : nl
    n++
    yield { text: object.toString('utf8', from, to).replace(/\r+$/, ''), n }
    from = to + 1
  }
}

/** Redivis detects the delimiter; the sandbox takes it from the extension. */
function defaultDelimiter(name: string): string {
  const ext = /\.([^.]+)$/.exec(name.toLowerCase())?.[1]
  if (ext === 'tsv' || ext === 'tab') return '\t'
  if (ext === 'psv') return '|'
  return ','
}

function delimited(object: Buffer, name: string, o: ParseOptions): Processed {
  const delimiter = o.delimiter ?? defaultDelimiter(name)
  const quote = o.quoteCharacter === undefined ? '"' : o.quoteCharacter
  // An escape equal to the quote is the usual doubling ("" inside quotes), which toggling already handles.
  const escape = o.escapeCharacter && o.escapeCharacter !== quote ? o.escapeCharacter : undefined
  const header = o.hasHeaderRow ?? true
  let expected: { fields: number; line: number } | undefined
  let rows = 0
  let fields = 0
  let recordLine = 0
  let inQuotes = false
  let open = false
  let failure: string | undefined

  const endRecord = (): void => {
    open = false
    inQuotes = false
    if (expected === undefined) {
      expected = { fields, line: recordLine }
      if (!header) rows++
      return
    }
    if (fields !== expected.fields && !o.allowJaggedRows) {
      if (o.skipBadRecords) return
      const first = header ? 'the header has' : `row ${expected.line} has`
      failure ??= `Row ${recordLine} has ${fields} fields but ${first} ${expected.fields} (allowJaggedRows is false).`
      return
    }
    rows++
  }

  for (const { text, n } of lines(object)) {
    if (!open) {
      if (text === '') continue
      recordLine = n
      fields = 1
    }
    let escaped = false
    for (const ch of text) {
      if (escaped) escaped = false
      else if (ch === escape) escaped = true
      else if (ch === quote) inQuotes = !inQuotes
      else if (ch === delimiter && !inQuotes) fields++
    }
    if (inQuotes && o.hasQuotedNewlines) {
      open = true
      continue
    }
    endRecord()
    if (failure) return { status: 'failed', errorMessage: failure }
  }
  if (open) endRecord()
  return failure ? { status: 'failed', errorMessage: failure } : { status: 'completed', numRows: rows }
}

function ndjson(object: Buffer, o: ParseOptions): Processed {
  let rows = 0
  for (const { text, n } of lines(object)) {
    if (text === '') continue
    let problem: string | undefined
    try {
      const v: unknown = JSON.parse(text)
      if (typeof v !== 'object' || v === null || Array.isArray(v)) problem = `Line ${n} is not a JSON object.`
    } catch (err) {
      problem = `Line ${n} is not valid JSON: ${(err as Error).message}`
    }
    if (problem === undefined) rows++
    else if (!o.skipBadRecords) return { status: 'failed', errorMessage: problem }
  }
  return { status: 'completed', numRows: rows }
}

/**
 * Processing of an upload of this type. With the object, delimited and ndjson files are checked row by
 * row; without it (discarded) their rows are the counted lines (less the header). Other types: 0 rows.
 */
export function processUpload(
  type: string,
  name: string,
  o: ParseOptions,
  data: { object?: Buffer; lines: number }
): Processed {
  if (type === 'delimited') {
    if (data.object) return delimited(data.object, name, o)
    return { status: 'completed', numRows: Math.max(0, data.lines - (o.hasHeaderRow === false ? 0 : 1)) }
  }
  if (type === 'ndjson')
    return data.object ? ndjson(data.object, o) : { status: 'completed', numRows: data.lines }
  return { status: 'completed', numRows: 0 }
}
