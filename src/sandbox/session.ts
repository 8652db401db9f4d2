// One resumable upload session: the persisted bytes, their running CRC32C, what a scanner found in them
// so far (a compliance job's flagged IDs, a Redivis file's lines), and rollback points.
import { createCRC32, type IHasher } from 'hash-wasm'
import { GCS_BLOCK } from '../upload/gcs-protocol.js'

/** GCS keeps whole blocks of this size of a broken request. */
export const BLOCK = GCS_BLOCK
const CASTAGNOLI = 0x82f63b78
const WEEK_MS = 7 * 86_400_000

/**
 * Sees every committed byte once, in order, and follows the session's rollbacks: what the target needs from
 * the object is found as it arrives, so it exists without keeping the object (discardObjects).
 */
export interface Scanner {
  push(buf: Buffer): void
  mark(): unknown
  rollback(mark: unknown): void
  reset(): void
  /** The object is complete. */
  end(): void
}

export interface Checkpoint {
  persisted: number
  chunks: number
  hash: Uint8Array
  scan: unknown
}

export interface SessionOptions {
  /** Keep no bytes, only their hash, size and what the scanner found (discardObjects). */
  discard: boolean
  scanner?: Scanner
  /** The object size declared when the session started (x-upload-content-length), if any. */
  total?: number
}

export class UploadSession {
  persisted = 0
  finalized = false
  /** Declared object size, once a request named it. */
  total?: number
  /** Status the session answers once it stopped existing (DELETE, fault). */
  gone?: 404 | 410 | 499
  crc32c?: string
  object?: Buffer
  /** The request currently allowed to write (a newer one supersedes a stalled one). */
  writer?: object
  private chunks: Buffer[] = []

  private constructor(
    readonly uploadId: string,
    /** `bucket/id` of the upload target the session belongs to. */
    readonly targetKey: string,
    readonly createdAt: number,
    private readonly hasher: IHasher,
    private readonly discard: boolean,
    /** What scans the committed bytes for the target (read by it once finalized). */
    readonly scanner: Scanner | undefined
  ) {}

  static async create(
    uploadId: string,
    targetKey: string,
    now: number,
    o: SessionOptions
  ): Promise<UploadSession> {
    const hasher = await createCRC32(CASTAGNOLI)
    hasher.init()
    const session = new UploadSession(uploadId, targetKey, now, hasher, o.discard, o.scanner)
    session.total = o.total
    return session
  }

  /** GCS sessions live about a week. */
  expired(now: number): boolean {
    return now - this.createdAt > WEEK_MS
  }

  /** Persists bytes (in order, at the persisted end): the only way bytes enter the object and its results. */
  commit(buf: Buffer): void {
    if (!buf.length) return
    this.hasher.update(buf)
    this.scanner?.push(buf)
    if (!this.discard) this.chunks.push(buf)
    this.persisted += buf.length
  }

  checkpoint(): Checkpoint {
    return {
      persisted: this.persisted,
      chunks: this.chunks.length,
      hash: this.hasher.save(),
      scan: this.scanner?.mark()
    }
  }

  rollback(cp: Checkpoint): void {
    this.persisted = cp.persisted
    this.chunks.length = Math.min(this.chunks.length, cp.chunks)
    this.hasher.load(cp.hash)
    this.scanner?.rollback(cp.scan)
  }

  /** Fault: everything persisted is lost. */
  reset(): void {
    this.persisted = 0
    this.chunks = []
    this.hasher.init()
    this.scanner?.reset()
  }

  /** CRC32C of the persisted bytes, base64 of the big-endian value (GCS's form). */
  currentCrc32c(): string {
    const state = this.hasher.save()
    const hex = this.hasher.digest('hex')
    this.hasher.load(state)
    return Buffer.from(hex, 'hex').toString('base64')
  }

  finalize(): void {
    this.crc32c = this.currentCrc32c()
    this.object = this.discard ? undefined : Buffer.concat(this.chunks, this.persisted)
    this.scanner?.end()
    this.chunks = []
    this.finalized = true
    this.total = this.persisted
  }
}
