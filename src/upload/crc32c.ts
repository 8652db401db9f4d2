// CRC32C (Castagnoli), as GCS checks it: hardware-accelerated through @node-rs/crc32's native binary where dist/
// ships one for this platform (about 3x the WASM speed here), else hash-wasm's WASM. The binaries are loaded with
// process.dlopen from dist/native/ (or, in a checkout, from node_modules) so the bundler leaves them alone.
import { createCRC32 } from 'hash-wasm'
import { existsSync } from 'node:fs'
import { open } from 'node:fs/promises'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const CASTAGNOLI = 0x82f63b78

/** Set to `wasm` to never load a native binary (the fallback's own tests; a platform whose binary misbehaves). */
export const CRC32C_ENV = 'X_COMPLIANCE_CRC32C'

export interface Crc32c {
  update(data: Uint8Array): void
  /** GCS's form: base64 of the big-endian value. */
  digest(): string
}

export type Crc32cImpl = 'native' | 'wasm'

type NativeCrc32c = (input: Uint8Array, initialState?: number) => number

/** The native binaries that may fit this platform, most likely first (glibc before musl). */
export function nativeTargets(platform: string = process.platform, arch: string = process.arch): string[] {
  if (platform === 'linux' && (arch === 'x64' || arch === 'arm64'))
    return [`linux-${arch}-gnu`, `linux-${arch}-musl`]
  if (platform === 'darwin' && (arch === 'x64' || arch === 'arm64')) return [`darwin-${arch}`]
  if (platform === 'win32' && (arch === 'x64' || arch === 'arm64')) return [`win32-${arch}-msvc`]
  return []
}

let native: NativeCrc32c | null | undefined

function loadNative(): NativeCrc32c | null {
  if (native !== undefined) return native
  native = null
  if (process.env[CRC32C_ENV] === 'wasm') return native
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const target of nativeTargets()) {
    const name = `crc32.${target}.node`
    const candidates = [
      path.join(here, 'native', name), // dist/index.js
      path.join(here, '..', 'native', name), // dist/<action>/index.js
      path.join(here, '..', '..', 'node_modules', '@node-rs', `crc32-${target}`, name) // src/upload in a checkout
    ]
    for (const file of candidates) {
      if (!existsSync(file)) continue
      try {
        const mod = { exports: {} as { crc32c?: NativeCrc32c } }
        process.dlopen(mod, file)
        const fn = mod.exports.crc32c
        // a binary that loads but computes wrong is worse than none: check it on the standard test vector
        if (typeof fn === 'function' && fn(Buffer.from('123456789')) >>> 0 === 0xe3069283)
          return (native = fn)
      } catch {
        // another libc's build, or a broken file: try the next one
      }
    }
  }
  return native
}

/** Which implementation hashes here. */
export function crc32cImpl(): Crc32cImpl {
  return loadNative() ? 'native' : 'wasm'
}

/** A new hash: by default the fastest here; tests name the implementation to compare them. */
export async function createCrc32c(impl: Crc32cImpl = crc32cImpl()): Promise<Crc32c> {
  const fn = impl === 'native' ? loadNative() : null
  if (impl === 'native' && !fn) throw new Error('no native CRC32C binary for this platform')
  if (fn) {
    let state = 0
    return {
      update: data => void (state = fn(data, state)),
      digest: () => toBase64(state >>> 0)
    }
  }
  const hasher = await createCRC32(CASTAGNOLI)
  hasher.init()
  return {
    update: data => void hasher.update(data),
    digest: () => Buffer.from(hasher.digest('binary')).toString('base64')
  }
}

function toBase64(value: number): string {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(value)
  return b.toString('base64')
}

/** CRC32C of a whole file, read in 1 MiB pieces into one buffer; `onRead` sees each piece (for a progress line). */
export async function fileCrc32c(file: string, onRead?: (bytes: number) => void): Promise<string> {
  const crc = await createCrc32c()
  const fh = await open(file, 'r')
  try {
    const buf = Buffer.allocUnsafe(1 << 20)
    for (let pos = 0; ;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos)
      if (bytesRead === 0) break
      crc.update(buf.subarray(0, bytesRead))
      pos += bytesRead
      onRead?.(bytesRead)
    }
  } finally {
    await fh.close()
  }
  return crc.digest()
}

/** The crc32c value of an `x-goog-hash` header (`crc32c=...,md5=...`, possibly repeated); undefined if none. */
export function crc32cOf(xGoogHash: string | null): string | undefined {
  if (!xGoogHash) return undefined
  return /(?:^|[,\s])crc32c=([A-Za-z0-9+/]+={0,2})/.exec(xGoogHash)?.[1]
}
