// CRC32C of a file, fed with the chunks as they are read for sending (hash-wasm's WASM, ~1.5 GiB/s here).
// Chunks are read again after faults and new sessions, so only the bytes beyond the hashed frontier are
// hashed: every byte of the file goes in once, in order, whatever the server kept.
import { createCRC32, type IHasher } from 'hash-wasm'

const CASTAGNOLI = 0x82f63b78

export class FileCrc32c {
  private hashed = 0
  private digestB64: string | undefined

  private constructor(
    private readonly hasher: IHasher,
    readonly size: number
  ) {
    hasher.init()
  }

  static async create(size: number): Promise<FileCrc32c> {
    return new FileCrc32c(await createCRC32(CASTAGNOLI), size)
  }

  /** Bytes [0, frontier) of the file are in the hash. */
  get frontier(): number {
    return this.hashed
  }

  get complete(): boolean {
    return this.hashed === this.size
  }

  /**
   * Add the file bytes `chunk` found at `offset`. Bytes before the frontier are already in; a chunk that
   * starts beyond it is ignored (the caller fills the gap in order first).
   */
  cover(offset: number, chunk: Uint8Array): void {
    const end = offset + chunk.length
    if (offset > this.hashed || end <= this.hashed) return
    this.hasher.update(chunk.subarray(this.hashed - offset))
    this.hashed = end
  }

  /** Forget everything (the file is hashed again from byte 0). */
  reset(): void {
    this.hasher.init()
    this.hashed = 0
    this.digestB64 = undefined
  }

  /** GCS's form: base64 of the big-endian CRC32C. Only once the whole file is in. */
  digest(): string {
    if (!this.complete)
      throw new Error(`internal error: only ${this.hashed} of ${this.size} bytes are hashed`)
    this.digestB64 ??= Buffer.from(this.hasher.digest('binary')).toString('base64')
    return this.digestB64
  }
}

/** The crc32c value of an `x-goog-hash` header (`crc32c=...,md5=...`, possibly repeated); undefined if none. */
export function crc32cOf(xGoogHash: string | null): string | undefined {
  if (!xGoogHash) return undefined
  return /(?:^|[,\s])crc32c=([A-Za-z0-9+/]+={0,2})/.exec(xGoogHash)?.[1]
}
