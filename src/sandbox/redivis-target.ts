// A Redivis temp upload's url as an upload target: the bearer token on every transfer, a start POST with
// exactly x-goog-resumable, x-upload-content-length and Content-Length: 0 (else 400 naming what is wrong),
// an object of exactly the declared size, its lines and MD5 found as the bytes arrive.
import { createHash, type Hash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { TargetLookup, UploadTarget } from './gcs-target.js'
import { contentLength, invalidArgument } from './gcs-wire.js'
import { xmlError, type Reply } from './http.js'
import { LineCounter } from './redivis-rows.js'
import type { RedivisStore, TempUploadRecord } from './redivis-store.js'
import type { SessionOptions, UploadSession } from './session.js'

export const REDIVIS_BUCKET = 'redivis-temp-uploads'

interface ScanMark {
  lines: ReturnType<LineCounter['mark']>
  md5: Hash
}

/** Lines (for the row count) and MD5 (for raw files) of the committed bytes, in constant memory. */
class TempUploadScanner {
  readonly lines = new LineCounter()
  private md5 = createHash('md5')
  md5Hash = ''

  push(buf: Buffer): void {
    this.lines.push(buf)
    this.md5.update(buf)
  }

  mark(): ScanMark {
    return { lines: this.lines.mark(), md5: this.md5.copy() }
  }

  rollback(m: ScanMark): void {
    this.lines.rollback(m.lines)
    // A copy, so the same mark can be rolled back to again.
    this.md5 = m.md5.copy()
  }

  reset(): void {
    this.lines.reset()
    this.md5 = createHash('md5')
  }

  end(): void {
    this.lines.end()
    this.md5Hash = this.md5.copy().digest('base64')
  }
}

/** The bearer token of a request, if any. */
export function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  return m?.[1]
}

class TempUploadTarget implements UploadTarget {
  readonly bucket = REDIVIS_BUCKET
  readonly contentType = 'application/octet-stream'

  constructor(
    private readonly store: RedivisStore,
    private readonly t: TempUploadRecord,
    private readonly discardObjects: boolean
  ) {}

  get id(): string {
    return this.t.id
  }
  get resumable(): boolean {
    return this.t.resumable
  }
  get signedQuery(): string {
    return this.t.signedQuery
  }
  get expiresAt(): number {
    return this.t.expiresAt
  }
  get finalizedAt(): number | undefined {
    return this.t.finalizedAt
  }

  authorize(req: IncomingMessage): Reply | undefined {
    if (bearer(req) === this.t.token) return undefined
    return xmlError(
      401,
      'AuthenticationRequired',
      'The request needs the bearer token that created this temp upload (Authorization: Bearer <token>).'
    )
  }

  checkStart(req: IncomingMessage): Reply | undefined {
    const { size } = this.t
    const h = req.headers
    if (!this.t.resumable)
      return invalidArgument(`Temp upload ${this.t.id} is not resumable: PUT the whole file to its url.`)
    if (h['x-goog-resumable'] !== 'start')
      return invalidArgument(
        `The start request needs x-goog-resumable: start, not ${h['x-goog-resumable'] ?? 'none'}.`
      )
    const declared = h['x-upload-content-length']
    if (declared === undefined)
      return invalidArgument(`The start request needs x-upload-content-length: ${size} (the declared size).`)
    if (declared !== String(size))
      return invalidArgument(`x-upload-content-length ${declared} differs from the declared size ${size}.`)
    if (contentLength(req) !== 0)
      return invalidArgument('The start request needs Content-Length: 0 and an empty body.')
    if (h['content-type'] !== undefined)
      return invalidArgument(`The start request must not have a Content-Type (it has ${h['content-type']}).`)
    return undefined
  }

  checkSimplePut(req: IncomingMessage, received: number): Reply | undefined {
    const { size } = this.t
    if (this.t.resumable)
      return invalidArgument(
        `Temp upload ${this.t.id} is resumable: start a session with x-goog-resumable: start.`
      )
    const cl = contentLength(req)
    if (cl !== size || received !== size)
      return invalidArgument(
        `The body has ${cl ?? received} bytes (Content-Length ${cl ?? 'none'}) but the declared size is ${size}.`
      )
    return undefined
  }

  checkFinal(session: UploadSession): Reply | undefined {
    if (session.persisted === this.t.size) return undefined
    return invalidArgument(
      `The object has ${session.persisted} bytes but the declared size is ${this.t.size}.`
    )
  }

  sessionOptions(): SessionOptions {
    return {
      discard: this.discardObjects,
      scanner: new TempUploadScanner(),
      ...(this.t.resumable ? { total: this.t.size } : {})
    }
  }

  sessionStarted(uploadId: string): void {
    this.t.sessionsStarted++
    this.t.sessionIds.push(uploadId)
  }

  finalized(session: UploadSession): void {
    const s = session.scanner
    if (!(s instanceof TempUploadScanner)) return
    this.store.finalizeTempUpload(this.t, session.object, s.lines.lines, s.md5Hash)
  }

  uploadUrl(base: string): string {
    return tempUploadUrl(this.t, base)
  }
}

export function tempUploadUrl(t: TempUploadRecord, base: string): string {
  return `${base}/gcs/${REDIVIS_BUCKET}/${t.id}/submission?${t.signedQuery}`
}

/** The temp upload a /gcs/redivis-temp-uploads/{id} path names, as an upload target. */
export function tempUploadTargets(store: RedivisStore, discardObjects: boolean): TargetLookup {
  return (bucket, id) => {
    const t = bucket === REDIVIS_BUCKET ? store.tempUpload(id) : undefined
    return t && new TempUploadTarget(store, t, discardObjects)
  }
}
