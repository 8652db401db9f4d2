// Validates the ID file in one streaming pass and, only when needed, writes an LF-only normalized copy.
// Neither a line nor the file is ever held in memory: a byte state machine runs over ~1 MiB chunks.
// Clean stretches (digits and LFs) are checked four bytes at a time through an Int32Array view of the
// read buffer; the byte state machine only sees the words that hold anything else.
import { randomUUID } from 'node:crypto'
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { createCrc32c } from '../upload/crc32c.js'
import { MAX_ID_DIGITS } from './model.js'

export interface IdFileReport {
  /** The file to upload: the original if clean, else the normalized copy. */
  uploadPath: string
  normalized: boolean
  /** IDs in the file (duplicates kept and counted). */
  ids: number
  /** Size of uploadPath in bytes. */
  bytes: number
  /** CRC32C of uploadPath's bytes (as GCS writes it), computed in the same pass: the upload needs it first. */
  crc32c: string
  fixes: { bom: boolean; crLines: number; trailingWhitespaceLines: number; blankLines: number }
}

export interface PrepareIdFileOptions {
  /** Where the normalized copy goes (created when needed). */
  tempDir: string
  /** The input named in errors. */
  inputName?: string
  /** Read size in bytes; tests force small values to hit chunk boundaries. */
  chunkSize?: number
}

export class IdFileError extends Error {
  readonly line?: number
  constructor(message: string, options: { line?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'IdFileError'
    if (options.line !== undefined) this.line = options.line
  }
}

const EXCERPT_BYTES = 40
const DEFAULT_CHUNK = 1 << 20
const MIN_OUT_BUFFER = 1 << 20
// The word loop reads bytes in little-endian order; elsewhere only the byte loop runs.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
const RULE =
  'each line must hold one post or user ID of 1 to 19 digits (0-9); blank lines, CRLF and trailing spaces are fixed automatically.'

// Scanner states.
const S_START = 0 // at the start of a line
const S_DIGITS = 1 // inside the digits of an ID
const S_TRAIL = 2 // digits, then spaces or tabs
const S_WS = 3 // only spaces or tabs so far: a blank line unless something else follows
const S_CR = 4 // just after a CR: an LF here completes a CRLF
const S_BOM1 = 5 // file starts with EF
const S_BOM2 = 6 // file starts with EF BB

// Error kinds.
const E_NONE = 0
const E_BYTE = 1
const E_TOO_LONG = 2
const E_INNER_WS = 3
const E_LEADING_WS = 4

class Scanner {
  state = S_START
  digits = 0
  line = 1
  ids = 0
  lineStart = 0 // file offset of the current line's first byte
  offset = 0 // file offset of buf[0] in the current scan
  bom = false
  crLines = 0
  trailing = 0
  blank = 0
  emit = false
  out: Uint8Array = new Uint8Array(0)
  outPos = 0
  err = E_NONE
  errByte = 0
  // The first bytes of a line that began in an earlier chunk, kept for the error excerpt.
  carry = new Uint8Array(EXCERPT_BYTES + 1)
  carryLen = 0
  carryFor = -1

  /**
   * Scans buf[from, to). Returns where it stopped: `to`, or an error (`err` set), or, when not
   * emitting, the first byte that is not copied verbatim (the caller then starts the copy and rescans
   * from there). Everything lives in locals because this is the hot loop.
   */
  scan(buf: Uint8Array, from: number, to: number, words?: Int32Array): number {
    let state = this.state
    let digits = this.digits
    let line = this.line
    let ids = this.ids
    let lineStart = this.lineStart
    let bom = this.bom
    let crLines = this.crLines
    let trailing = this.trailing
    let blank = this.blank
    let o = this.outPos
    const out = this.out
    const emit = this.emit
    const base = this.offset
    let err = E_NONE
    let i = from
    // The byte loop hands over to the word loop at a word boundary at or after this index.
    let slowUntil = from
    for (; i < to; i++) {
      if (
        (i & 3) === 0 &&
        i >= slowUntil &&
        words !== undefined &&
        (state === S_DIGITS || state === S_START)
      ) {
        // Word loop: whole aligned words of digits and LFs where every line has 1 to 19 digits. It stops
        // before the first word holding anything else (the byte loop then takes that word), and commits
        // nothing of a word it does not take whole.
        let k = i >> 2
        const kEnd = to >> 2
        let d = state === S_DIGITS ? digits : 0
        let lfs = 0
        let lastLf = -1
        while (k < kEnd) {
          const w = words[k]
          // Bytes that are not ASCII digits: high bit set (exact per byte, no carries between bytes).
          const x = w ^ 0x30303030
          const other = (((x & 0x7f7f7f7f) + 0x76767676) | x) & 0x80808080
          if (other === 0) {
            if (d + 4 > MAX_ID_DIGITS) break
            d += 4
            k++
            continue
          }
          // Bytes that are LF: high bit set (exact per byte).
          const y = w ^ 0x0a0a0a0a
          const lf = ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y | 0x7f7f7f7f)
          if (lf !== other) break
          // Little-endian: byte j of the word is bits 8j..8j+7. A line ending here needs 1 to 19 digits.
          let e = d
          let n = 0
          let last = -1
          if (lf & 0x80) {
            if (e === 0 || e > MAX_ID_DIGITS) break
            n++
            last = 0
            e = 0
          } else e++
          if (lf & 0x8000) {
            if (e === 0 || e > MAX_ID_DIGITS) break
            n++
            last = 1
            e = 0
          } else e++
          if (lf & 0x800000) {
            if (e === 0 || e > MAX_ID_DIGITS) break
            n++
            last = 2
            e = 0
          } else e++
          if (lf < 0) {
            if (e === 0 || e > MAX_ID_DIGITS) break
            n++
            last = 3
            e = 0
          } else e++
          if (e > MAX_ID_DIGITS) break
          d = e
          lfs += n
          lastLf = (k << 2) + last
          k++
        }
        const stop = k << 2
        if (stop > i) {
          ids += lfs
          line += lfs
          if (lastLf >= 0) lineStart = base + lastLf + 1
          state = d > 0 ? S_DIGITS : S_START
          digits = d
          if (emit) {
            out.set(buf.subarray(i, stop), o)
            o += stop - i
          }
          i = stop
          if (i >= to) break
        }
        slowUntil = i + 4
      }
      const b = buf[i]
      if (b >= 0x30 && b <= 0x39) {
        if (state === S_DIGITS) {
          if (++digits > MAX_ID_DIGITS) {
            err = E_TOO_LONG
            break
          }
        } else if (state === S_START || state === S_CR) {
          state = S_DIGITS
          digits = 1
        } else {
          err = state === S_TRAIL ? E_INNER_WS : state === S_WS ? E_LEADING_WS : E_BYTE
          break
        }
        if (emit) out[o++] = b
      } else if (b === 0x0a) {
        if (state === S_DIGITS || state === S_TRAIL) {
          ids++
          if (emit) out[o++] = 0x0a
        } else if (state === S_START || state === S_WS) {
          if (!emit) break
          blank++
        } else if (state === S_CR) {
          // Second half of a CRLF: the line was already ended by the CR.
          state = S_START
          lineStart = base + i + 1
          continue
        } else {
          err = E_BYTE
          break
        }
        line++
        lineStart = base + i + 1
        state = S_START
      } else if (b === 0x20 || b === 0x09) {
        if (state === S_DIGITS) {
          if (!emit) break
          trailing++
          state = S_TRAIL
        } else if (state === S_START || state === S_CR) {
          if (!emit) break
          state = S_WS
        } else if (state !== S_TRAIL && state !== S_WS) {
          err = E_BYTE
          break
        }
      } else if (b === 0x0d) {
        if (state >= S_BOM1) {
          err = E_BYTE
          break
        }
        if (!emit) break
        if (state === S_DIGITS || state === S_TRAIL) {
          ids++
          out[o++] = 0x0a
        } else {
          blank++
        }
        crLines++
        line++
        lineStart = base + i + 1
        state = S_CR
      } else if (b === 0xef && base + i === 0) {
        if (!emit) break
        state = S_BOM1
      } else if (b === 0xbb && state === S_BOM1) {
        state = S_BOM2
      } else if (b === 0xbf && state === S_BOM2) {
        bom = true
        state = S_START
        lineStart = base + i + 1
      } else {
        err = E_BYTE
        break
      }
    }
    this.state = state
    this.digits = digits
    this.line = line
    this.ids = ids
    this.lineStart = lineStart
    this.bom = bom
    this.crLines = crLines
    this.trailing = trailing
    this.blank = blank
    this.outPos = o
    this.err = err
    // Inside a BOM, the culprit is the broken BOM itself, not the byte that broke it.
    if (err !== E_NONE) this.errByte = state >= S_BOM1 ? 0xef : buf[i]
    return i
  }

  /** End of file: a last line without a final LF still counts. */
  finish(): void {
    const s = this.state
    if (s === S_DIGITS || s === S_TRAIL) {
      this.ids++
      if (this.emit) this.out[this.outPos++] = 0x0a
    } else if (s === S_WS) {
      this.blank++
    } else if (s === S_BOM1 || s === S_BOM2) {
      this.err = E_BYTE
      this.errByte = 0xef
    }
  }

  inLine(): boolean {
    return this.state !== S_START && this.state !== S_CR
  }

  /** After a whole chunk: keep the first bytes of an unfinished line for a later error excerpt. */
  keepLinePrefix(buf: Uint8Array, n: number): void {
    if (!this.inLine()) return
    if (this.carryFor !== this.lineStart) {
      this.carryFor = this.lineStart
      this.carryLen = 0
    }
    const room = this.carry.length - this.carryLen
    if (room === 0) return
    const from = Math.max(0, this.lineStart - this.offset)
    const take = Math.min(n - from, room)
    this.carry.set(buf.subarray(from, from + take), this.carryLen)
    this.carryLen += take
  }
}

export async function prepareIdFile(path: string, opts: PrepareIdFileOptions): Promise<IdFileReport> {
  const input = opts.inputName ?? 'ids-file'
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`prepareIdFile: chunkSize must be a positive integer, got ${chunkSize}`)
  }

  let fh: FileHandle
  try {
    fh = await open(path, 'r')
  } catch (e) {
    throw readError(input, path, e)
  }
  let copy: { fh: FileHandle; path: string } | undefined
  let done = false
  try {
    const st = await fh.stat().catch((e: unknown) => {
      throw readError(input, path, e)
    })
    if (st.isDirectory())
      throw readError(input, path, Object.assign(new Error('directory'), { code: 'EISDIR' }))

    // Two read buffers: the next chunk is read while this one is scanned. Each starts a fresh
    // ArrayBuffer, so an Int32Array view sees its aligned words.
    const slots = [0, 1].map(() => {
      const backing = new ArrayBuffer(Math.ceil(chunkSize / 4) * 4)
      return {
        buf: Buffer.from(backing, 0, chunkSize),
        words: LITTLE_ENDIAN ? new Int32Array(backing) : undefined
      }
    })
    let slot = 0
    let buf = slots[0].buf
    const out = Buffer.allocUnsafe(Math.max(MIN_OUT_BUFFER, chunkSize) + chunkSize + 1)
    const sc = new Scanner()
    // The upload's bytes go into the hash as they pass: the file's chunks while it is clean, then what the copy gets.
    const crc = await createCrc32c()
    let pos = 0
    let ahead: Promise<number> | undefined = readAt(fh, buf, chunkSize, 0, input, path)
    try {
      for (;;) {
        const n: number = await ahead
        ahead = undefined
        if (n === 0) break
        const { words } = slots[slot]
        buf = slots[slot].buf
        slot ^= 1
        ahead = readAt(fh, slots[slot].buf, chunkSize, pos + n, input, path)
        sc.offset = pos
        let i = sc.scan(buf, 0, n, words)
        if (i < n && sc.err === E_NONE) {
          // First byte that needs fixing: everything before it is already normalized, so copy it as is.
          copy = await startCopy(opts.tempDir, input)
          await copyPrefix(fh, copy, out, pos, input, path)
          buf.copy(out, 0, 0, i)
          sc.emit = true
          sc.out = out
          sc.outPos = i
          i = sc.scan(buf, i, n, words)
        }
        if (sc.err !== E_NONE) throw await lineError(sc, input, fh, buf, n, chunkSize, path)
        sc.keepLinePrefix(buf, n)
        pos += n
        if (!copy) crc.update(buf.subarray(0, n))
        else if (sc.outPos + chunkSize + 1 > out.length) {
          crc.update(out.subarray(0, sc.outPos))
          await writeAll(copy, out, sc.outPos, input)
          sc.outPos = 0
        }
      }
    } finally {
      // A read still in flight must end before the file is closed (and its error is not news).
      await ahead?.catch(() => undefined)
    }
    sc.offset = pos
    sc.finish()
    if (sc.err !== E_NONE) throw await lineError(sc, input, fh, buf, 0, chunkSize, path)
    if (sc.ids === 0) {
      throw new IdFileError(
        `${input}: ${quote(path)} contains no IDs (${pos} bytes read). Give a text file with one post or user ID of 1 to 19 digits (0-9) per line.`
      )
    }
    let bytes = pos
    if (copy) {
      crc.update(out.subarray(0, sc.outPos))
      await writeAll(copy, out, sc.outPos, input)
      bytes = (await copy.fh.stat()).size
    }
    done = true
    return {
      uploadPath: copy ? copy.path : path,
      normalized: copy !== undefined,
      ids: sc.ids,
      bytes,
      crc32c: crc.digest(),
      fixes: { bom: sc.bom, crLines: sc.crLines, trailingWhitespaceLines: sc.trailing, blankLines: sc.blank }
    }
  } finally {
    await fh.close().catch(() => undefined)
    if (copy) {
      await copy.fh.close().catch(() => undefined)
      // A failed validation must not leave a partial copy behind.
      if (!done) await rm(copy.path, { force: true }).catch(() => undefined)
    }
  }
}

async function readAt(
  fh: FileHandle,
  buf: Buffer,
  len: number,
  pos: number,
  input: string,
  path: string
): Promise<number> {
  try {
    return (await fh.read(buf, 0, len, pos)).bytesRead
  } catch (e) {
    throw readError(input, path, e)
  }
}

async function startCopy(tempDir: string, input: string): Promise<{ fh: FileHandle; path: string }> {
  const copyPath = join(tempDir, `ids-normalized-${randomUUID()}.txt`)
  try {
    await mkdir(tempDir, { recursive: true })
    return { fh: await open(copyPath, 'wx'), path: copyPath }
  } catch (e) {
    throw writeError(input, copyPath, e)
  }
}

/** Copies the file's first `end` bytes (already normalized) into the copy, through `out`. */
async function copyPrefix(
  fh: FileHandle,
  copy: { fh: FileHandle; path: string },
  out: Buffer,
  end: number,
  input: string,
  path: string
): Promise<void> {
  for (let pos = 0; pos < end;) {
    const n = await readAt(fh, out, Math.min(out.length, end - pos), pos, input, path)
    if (n === 0) {
      throw new IdFileError(
        `${input}: ${quote(path)} got shorter while it was being read. Make sure nothing writes the file while the action runs.`
      )
    }
    await writeAll(copy, out, n, input)
    pos += n
  }
}

async function writeAll(copy: { fh: FileHandle; path: string }, out: Buffer, len: number, input: string) {
  try {
    for (let off = 0; off < len;) off += (await copy.fh.write(out, off, len - off)).bytesWritten
  } catch (e) {
    throw writeError(input, copy.path, e)
  }
}

function errCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

// fs errors may come from another realm (jest vm), so no instanceof.
function errText(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message
  return typeof m === 'string' ? m : String(e)
}

function readError(input: string, path: string, e: unknown): IdFileError {
  const code = errCode(e)
  const p = quote(path)
  let msg: string
  if (code === 'ENOENT') {
    msg = `${input}: ${p} does not exist (ENOENT). Check the path given in ${input}; a relative path is resolved against GITHUB_WORKSPACE.`
  } else if (code === 'EISDIR') {
    msg = `${input}: ${p} is a directory, not a file. Give the path of a text file with one ID per line.`
  } else if (code === 'EACCES' || code === 'EPERM') {
    msg = `${input}: ${p} cannot be read: permission denied (${code}). Make the file readable by the user running the action.`
  } else if (code === 'ENOTDIR') {
    msg = `${input}: ${p} does not exist: a part of the path is not a directory (ENOTDIR). Check the path given in ${input}.`
  } else {
    msg = `${input}: ${p} cannot be read: ${errText(e)}. Check that the file exists and is readable.`
  }
  return new IdFileError(msg, { cause: e })
}

function writeError(input: string, copyPath: string, e: unknown): IdFileError {
  return new IdFileError(
    `${input}: could not write the normalized copy ${quote(copyPath)}: ${errText(e)}. The file needs fixing (BOM, CRLF, trailing spaces or blank lines); make the temporary directory writable with free space, or fix the file yourself.`,
    { cause: e }
  )
}

/** Builds the error for the line the scanner stopped on, reading on only as far as the excerpt needs. */
async function lineError(
  sc: Scanner,
  input: string,
  fh: FileHandle,
  buf: Buffer,
  n: number,
  chunkSize: number,
  path: string
): Promise<IdFileError> {
  const max = EXCERPT_BYTES + 1
  const ex = new Uint8Array(max)
  let len = 0
  let from = sc.lineStart - sc.offset
  if (from < 0) {
    len = sc.carryFor === sc.lineStart ? sc.carryLen : 0
    ex.set(sc.carry.subarray(0, len))
    from = 0
  }
  let pos = sc.offset
  let end = n
  let eol = false
  while (len < max && !eol) {
    for (let j = from; j < end && len < max; j++) {
      const b = buf[j]
      if (b === 0x0a || b === 0x0d) {
        eol = true
        break
      }
      ex[len++] = b
    }
    if (eol || len >= max || end === 0) break
    pos += end
    from = 0
    end = await readAt(fh, buf, chunkSize, pos, input, path)
  }
  const line = sc.line
  const text = excerpt(ex.subarray(0, Math.min(len, EXCERPT_BYTES)), len > EXCERPT_BYTES)
  const where = `${input} line ${line}`
  if (line === 1 && len >= 2 && ((ex[0] === 0xff && ex[1] === 0xfe) || (ex[0] === 0xfe && ex[1] === 0xff))) {
    const mark = ex[0] === 0xff ? 'FF FE' : 'FE FF'
    return new IdFileError(
      `${where}: the file starts with a UTF-16 byte order mark (${mark}), so it is UTF-16 text; ${input} must be UTF-8 or ASCII text with one post or user ID of 1 to 19 digits (0-9) per line. Save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8).`,
      { line }
    )
  }
  if (sc.err === E_BYTE && sc.errByte === 0) {
    return new IdFileError(
      `${where}: ${text} contains a NUL byte (0x00): the file looks like UTF-16 or binary, not text; ${input} must be UTF-8 or ASCII text with one post or user ID of 1 to 19 digits (0-9) per line. Save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8).`,
      { line }
    )
  }
  return new IdFileError(`${where}: ${text} is not an ID (${why(sc)}): ${RULE}`, { line })
}

function why(sc: Scanner): string {
  switch (sc.err) {
    case E_TOO_LONG:
      return 'more than 19 digits'
    case E_INNER_WS:
      return 'a space or tab inside it'
    case E_LEADING_WS:
      return 'a space or tab before it'
    default: {
      const b = sc.errByte
      if (b >= 0x21 && b <= 0x7e) return `it contains ${JSON.stringify(String.fromCharCode(b))}`
      if (b < 0x20 || b === 0x7f)
        return `it contains the control character 0x${b.toString(16).padStart(2, '0')}`
      return 'it contains a non-ASCII character'
    }
  }
}

/** Quotes a line's first bytes for a message: lossy UTF-8, control and bidi characters escaped. */
function excerpt(bytes: Uint8Array, truncated: boolean): string {
  // stream: true drops a multi-byte character cut at the end instead of showing U+FFFD.
  const s = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes, { stream: truncated })
  return quote(s + (truncated ? '…' : ''))
}

function quote(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}
