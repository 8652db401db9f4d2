// CSV (RFC 4180) through csv-parse, which finds the records (quoted commas, quotes and line breaks,
// LF/CRLF/CR endings, even mixed); each record's original bytes are sliced from the input by the
// parser's byte offsets, so a kept row is copied byte for byte, quoting and line ending included.
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { parse, CsvError, type Info } from 'csv-parse'
import { ApplyError, excerpt, systemMessage } from './errors.js'
import { ID_EMPTY, ID_OK, parseIdString, type IdKey } from './id.js'
import type { Judge } from './judge.js'

/** The header of the column added to removed rows. */
export const REASON_COLUMN = 'compliance_reason'
/**
 * Read size: csv-parse turns a whole chunk into records at once, and they wait in the stream as
 * objects, so smaller chunks than the line formats' keep memory low (and are no slower).
 */
const CSV_READ_SIZE = 256 << 10
const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const NEWLINE = Buffer.from('\n')

interface ParsedRecord {
  record: string[]
  info: Info
}

export interface CsvOptions {
  judge: Judge
  file: string
  label: string
  idField: string
  signal?: AbortSignal
  readSize?: number
}

/** Holds the input chunks that records still point into, with the file offset of the first. */
class Window {
  private chunks: Buffer[] = []
  private base: number // file offset of chunks[0]
  private total: number // file offset after the last chunk

  constructor(start: number) {
    this.base = start
    this.total = start
  }

  add(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.total += chunk.length
  }

  /** Appends file bytes [s, e) to out (via `emit`), then drops the chunks that end at or before e. */
  copy(s: number, e: number, emit: (b: Buffer, s: number, e: number) => void): void {
    let off = this.base
    for (const c of this.chunks) {
      const cEnd = off + c.length
      if (cEnd > s && off < e) emit(c, Math.max(s, off) - off, Math.min(e, cEnd) - off)
      if (cEnd >= e) break
      off = cEnd
    }
  }

  release(upTo: number): void {
    while (this.chunks.length > 0 && this.base + this.chunks[0].length <= upTo) {
      this.base += this.chunks[0].length
      this.chunks.shift()
    }
  }

  /** The bytes [s, e) as one Buffer (for short pieces: the header, a removed row). */
  slice(s: number, e: number): Buffer {
    const parts: Buffer[] = []
    this.copy(s, e, (b, a, z) => parts.push(b.subarray(a, z)))
    return parts.length === 1 ? parts[0] : Buffer.concat(parts)
  }

  get end(): number {
    return this.total
  }
}

export async function applyCsv(opts: CsvOptions): Promise<void> {
  const { judge, file, label } = opts
  const keep = judge.keep
  const removedOut = judge.removedOut
  const field = JSON.stringify(opts.idField)
  const reasonCells = judge.reasonText.map(r => `,${csvCell(r)}`)

  // The BOM is not part of the header: it is copied to the kept output and the parser starts after it.
  const head = Buffer.alloc(3)
  let bomLength = 0
  try {
    const fh = await open(file, 'r')
    try {
      const { bytesRead } = await fh.read(head, 0, 3, 0)
      if (bytesRead === 3 && head.equals(BOM)) bomLength = 3
    } finally {
      await fh.close()
    }
  } catch (e) {
    throw new ApplyError(`${label} cannot be read: ${systemMessage(e)}`, { file, cause: e })
  }
  if (bomLength > 0) keep.append(BOM, 0, 3)

  const window = new Window(bomLength)
  const input = createReadStream(file, {
    start: bomLength,
    highWaterMark: opts.readSize ?? CSV_READ_SIZE,
    signal: opts.signal
  })
  let offset = bomLength
  input.on('data', (chunk: Buffer | string) => {
    window.add(chunk as Buffer)
  })
  const parser = parse({
    info: true,
    bom: false,
    relax_column_count: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r']
  })

  const piping = pipeline(input, parser)
  piping.catch(() => undefined) // reported through the iteration below
  let idIndex = -1
  let headerDone = false
  let prevLines = 0 // info.lines after the previous record: its last line
  const key: IdKey = { hi: 0, lo: 0 }
  const appendKeep = (b: Buffer, s: number, e: number): void => keep.append(b, s, e)
  try {
    for await (const rec of parser as AsyncIterable<ParsedRecord>) {
      const start = offset
      const end = bomLength + rec.info.bytes
      const line = prevLines + 1
      prevLines = rec.info.lines
      offset = end
      const fields = rec.record
      if (!headerDone) {
        headerDone = true
        idIndex = findColumn(fields, opts.idField, label, file)
        window.copy(start, end, appendKeep)
        if (removedOut !== undefined) writeWithCell(removedOut, window.slice(start, end), `,${REASON_COLUMN}`)
      } else if (isBlankRecord(fields) && isBlankBytes(window.slice(start, end))) {
        window.copy(start, end, appendKeep)
      } else {
        const value = idIndex < fields.length ? fields[idIndex] : ''
        const status = parseIdString(value, key)
        if (status !== ID_OK) {
          const what =
            status === ID_EMPTY
              ? `has no ID in column ${field}: every row needs an ID`
              : `has ${excerpt(value)} in column ${field}, which is not an ID of 1 to 19 digits`
          throw new ApplyError(`${label} line ${line} ${what}`, { file, line })
        }
        const r = judge.judge(key.hi, key.lo)
        if (r < 0) window.copy(start, end, appendKeep)
        else if (removedOut !== undefined) writeWithCell(removedOut, window.slice(start, end), reasonCells[r])
      }
      window.release(end)
      if (keep.full) await keep.flush()
      if (removedOut?.full === true) await removedOut.flush()
    }
    await piping
  } catch (e) {
    input.destroy()
    parser.destroy()
    if (e instanceof CsvError || String((e as { code?: unknown } | null)?.code).startsWith('CSV_')) {
      const line = prevLines + 1
      throw new ApplyError(`${label} line ${line} is not valid CSV: ${systemMessage(e)}`, {
        file,
        line,
        cause: e
      })
    }
    if (e instanceof ApplyError) throw e
    if (opts.signal?.aborted === true) throw opts.signal.reason
    throw new ApplyError(`${label} cannot be read: ${systemMessage(e)}`, { file, cause: e })
  }
  if (!headerDone) throw new ApplyError(`${label} is empty: a CSV dataset needs a header row`, { file })
  // Whatever follows the last record (nothing, for any file csv-parse accepts) is kept as it is.
  if (offset < window.end) window.copy(offset, window.end, appendKeep)
}

/** Writes a row with one more cell before its line ending (LF if it had none). */
function writeWithCell(
  out: { append(b: Uint8Array, s: number, e: number): void; appendString(s: string): void },
  row: Buffer,
  cell: string
): void {
  let e = row.length
  if (e > 0 && row[e - 1] === 0x0a) e--
  if (e > 0 && row[e - 1] === 0x0d) e--
  out.append(row, 0, e)
  out.appendString(cell)
  if (e < row.length) out.append(row, e, row.length)
  else out.append(NEWLINE, 0, 1)
}

function findColumn(header: string[], name: string, label: string, file: string): number {
  const at = header.indexOf(name)
  if (at < 0) {
    const shown = header
      .slice(0, 20)
      .map(h => JSON.stringify(h))
      .join(', ')
    throw new ApplyError(
      `${label} line 1 has no column ${JSON.stringify(name)} in its header (columns: ${shown}${header.length > 20 ? ', …' : ''}); name the ID column with idField.`,
      { file, line: 1 }
    )
  }
  if (header.indexOf(name, at + 1) >= 0) {
    throw new ApplyError(
      `${label} line 1 has the column ${JSON.stringify(name)} twice, which is ambiguous.`,
      {
        file,
        line: 1
      }
    )
  }
  return at
}

/** A blank line (nothing, or spaces and tabs) parses as one field of blanks (so does `""`: see isBlankBytes). */
function isBlankRecord(fields: string[]): boolean {
  if (fields.length !== 1) return false
  const f = fields[0]
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09) return false
  }
  return true
}

function isBlankBytes(row: Buffer): boolean {
  for (let i = 0; i < row.length; i++) {
    const c = row[i]
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false
  }
  return true
}

/** Quotes a cell when RFC 4180 requires it. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
}
