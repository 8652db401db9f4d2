// A strict, streaming multipart/form-data parser (RFC 7578 on RFC 2046): the body must begin with the boundary,
// every line break is CRLF, every part names itself in `Content-Disposition: form-data; name="..."`, and
// nothing but an optional CRLF follows the closing boundary. Part bytes are handed on as they arrive; only a
// delimiter's length of them is held back, so memory stays bounded by what the consumer keeps.

export interface PartHeaders {
  name: string
  filename?: string
  contentType?: string
}

export interface PartSink {
  /** A string refuses the part (the parse fails with it). */
  start(h: PartHeaders): string | undefined
  data(b: Buffer): string | undefined
  end(): string | undefined
}

const CRLF = Buffer.from('\r\n')
const HEADER_LIMIT = 16 * 1024
// RFC 2046 bchars; the last may not be a space.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/

/** The boundary of a multipart/form-data Content-Type; a string when there is none or it is invalid. */
export function formDataBoundary(contentType: string | undefined): { boundary: string } | string {
  if (contentType === undefined) return 'Content-Type must be multipart/form-data'
  const [type, ...params] = contentType.split(';')
  if (type?.trim().toLowerCase() !== 'multipart/form-data') return 'Content-Type must be multipart/form-data'
  for (const p of params) {
    const m = /^\s*boundary\s*=\s*(?:"([^"]*)"|([^\s"]+))\s*$/i.exec(p)
    if (!m) continue
    const boundary = m[1] ?? m[2] ?? ''
    if (!BOUNDARY.test(boundary)) return 'The multipart boundary is not valid (1 to 70 RFC 2046 characters)'
    return { boundary }
  }
  return 'The multipart/form-data Content-Type has no boundary parameter'
}

function headerParams(value: string): { type: string; params: Map<string, string> } | undefined {
  const re = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]+))\s*/y
  const first = /^\s*([^;\s]+)\s*/.exec(value)
  if (!first) return undefined
  const params = new Map<string, string>()
  let at = first[0].length
  while (at < value.length) {
    re.lastIndex = at
    const m = re.exec(value)
    if (!m) return undefined
    const key = (m[1] ?? '').toLowerCase()
    if (params.has(key)) return undefined
    params.set(key, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''))
    at = re.lastIndex
  }
  return { type: (first[1] ?? '').toLowerCase(), params }
}

function parseHeaders(block: string): PartHeaders | string {
  let disposition: string | undefined
  let contentType: string | undefined
  for (const line of block.split('\r\n')) {
    if (/[\r\n]/.test(line)) return 'Multipart line breaks must be CRLF'
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/.exec(line)
    if (!m) return `Malformed multipart part header: ${JSON.stringify(line.slice(0, 80))}`
    const name = (m[1] ?? '').toLowerCase()
    const value = m[2] ?? ''
    if (name === 'content-disposition') {
      if (disposition !== undefined) return 'A multipart part has two Content-Disposition headers'
      disposition = value
    } else if (name === 'content-type') {
      if (contentType !== undefined) return 'A multipart part has two Content-Type headers'
      contentType = value
    }
  }
  if (disposition === undefined) return 'A multipart part has no Content-Disposition header'
  const d = headerParams(disposition)
  if (!d || d.type !== 'form-data')
    return 'A multipart part must have Content-Disposition: form-data; name="..."'
  const name = d.params.get('name')
  if (!name) return 'A multipart part must have Content-Disposition: form-data; name="..."'
  const filename = d.params.get('filename')
  return { name, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) }
}

type State = 'open' | 'afterBoundary' | 'headers' | 'body' | 'closed'

export class MultipartParser {
  /** The first thing wrong; once set, the rest of the body is ignored. */
  error?: string
  private state: State = 'open'
  private held: Buffer = Buffer.alloc(0)
  private readonly opening: Buffer
  private readonly delimiter: Buffer

  constructor(
    boundary: string,
    private readonly sink: PartSink
  ) {
    this.opening = Buffer.from(`--${boundary}`)
    this.delimiter = Buffer.from(`\r\n--${boundary}`)
  }

  write(chunk: Buffer): void {
    if (this.error !== undefined) return
    this.held = this.held.length ? Buffer.concat([this.held, chunk]) : chunk
    this.error = this.run()
  }

  /** The body ended: it must have been closed by the final boundary. */
  end(): string | undefined {
    if (this.error !== undefined) return this.error
    if (this.state !== 'closed') this.error = 'The multipart body ends before its closing boundary'
    else if (this.held.length === 1) this.error = 'Nothing but CRLF may follow the closing multipart boundary'
    return this.error
  }

  private run(): string | undefined {
    for (;;) {
      const b = this.held
      switch (this.state) {
        case 'open': {
          const n = Math.min(b.length, this.opening.length)
          if (!b.subarray(0, n).equals(this.opening.subarray(0, n)))
            return 'The multipart body must begin with --boundary (no preamble)'
          if (b.length < this.opening.length) return undefined
          this.take(this.opening.length)
          this.state = 'afterBoundary'
          break
        }
        case 'afterBoundary': {
          if (b.length < 2) return undefined
          const two = b.subarray(0, 2).toString('latin1')
          this.take(2)
          if (two === '\r\n') this.state = 'headers'
          else if (two === '--') this.state = 'closed'
          else return 'A multipart boundary must be followed by CRLF or --'
          break
        }
        case 'headers': {
          const endAt = b.indexOf('\r\n\r\n')
          if (endAt < 0) return b.length > HEADER_LIMIT ? 'Multipart part headers are too long' : undefined
          if (endAt > HEADER_LIMIT) return 'Multipart part headers are too long'
          const h = parseHeaders(b.subarray(0, endAt).toString('utf8'))
          if (typeof h === 'string') return h
          this.take(endAt + 4)
          const refused = this.sink.start(h)
          if (refused !== undefined) return refused
          this.state = 'body'
          break
        }
        case 'body': {
          const at = b.indexOf(this.delimiter)
          // Without a delimiter, all but its length minus one may be handed on: a delimiter may straddle chunks.
          const safe = at >= 0 ? at : Math.max(0, b.length - this.delimiter.length + 1)
          if (safe > 0) {
            const refused = this.sink.data(b.subarray(0, safe))
            if (refused !== undefined) return refused
          }
          if (at < 0) {
            this.take(safe)
            return undefined
          }
          this.take(at + this.delimiter.length)
          const refused = this.sink.end()
          if (refused !== undefined) return refused
          this.state = 'afterBoundary'
          break
        }
        case 'closed': {
          // Only an optional CRLF may follow (RFC 2046 allows an epilogue; no client needs one).
          const n = Math.min(b.length, CRLF.length)
          if (b.length > CRLF.length || !b.subarray(0, n).equals(CRLF.subarray(0, n)))
            return 'Nothing but CRLF may follow the closing multipart boundary'
          return undefined
        }
      }
    }
  }

  private take(n: number): void {
    // A copy, so a small held tail never pins a large chunk in memory.
    this.held = Buffer.from(this.held.subarray(n))
  }
}
