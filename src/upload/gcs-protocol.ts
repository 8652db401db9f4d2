// Small pure helpers for the GCS XML resumable protocol: header values in, header values out.
import { UploadError } from './errors.js'

/** Every chunk but the last must be a multiple of this. */
export const GCS_BLOCK = 256 * 1024

export function dataRange(offset: number, length: number, total: number): string {
  return `bytes ${offset}-${offset + length - 1}/${total}`
}

/**
 * The Content-Range of the empty PUT that finalizes an upload whose bytes are all kept (and of the only
 * PUT of an empty file). It can finalize, so it carries the hash.
 */
export function statusRange(total: number): string {
  return `bytes */${total}`
}

/** The Content-Range of a status query: with the size unknown the server cannot finalize (Google's clients send this). */
export const QUERY_RANGE = 'bytes */*'

/** The header that makes the server check the object against the file (GCS: 400 on a mismatch). */
export function hashHeader(crc32c: string): string {
  return `crc32c=${crc32c}`
}

/** Whether a 400 answer to a request carrying x-goog-hash is the server's integrity check failing. */
export function isHashMismatch(message: string | undefined): boolean {
  return message !== undefined && /crc32c|md5|digest|hash/i.test(message)
}

/**
 * The next offset from a 308's Range header: `bytes=0-N` -> N+1; no header -> 0 (nothing persisted).
 * Anything else is a protocol error: guessing an offset could corrupt the object.
 */
export function nextOffset(range: string | null): number {
  if (range === null || range.trim() === '') return 0
  const match = /^\s*bytes\s*=\s*0\s*-\s*(\d+)\s*$/i.exec(range)
  const end = match ? Number(match[1]) : NaN
  if (!Number.isSafeInteger(end)) {
    throw new UploadError(`the server sent an invalid Range header (${range.slice(0, 60)}) in its 308 answer`)
  }
  return end + 1
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name])
}

/**
 * The useful part of an error body: GCS XML `<Code>` and `<Message>` (never StringToSign or
 * CanonicalRequest, which echo the signed request), a JSON error message, or the start of plain text.
 */
export function serverMessage(body: string): string | undefined {
  const text = body.trim()
  if (text === '') return undefined
  if (text.startsWith('<')) {
    const code = /<Code>([\s\S]*?)<\/Code>/i.exec(text)?.[1]?.trim()
    const message = /<Message>([\s\S]*?)<\/Message>/i.exec(text)?.[1]?.trim()
    const parts = [code, message].filter((p): p is string => !!p).map(unescapeXml)
    if (parts.length > 0) return parts.join(': ')
    if (/^<(!doctype|html)/i.test(text)) return undefined // a proxy's HTML page says nothing useful
  }
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown }
      const message = typeof json.error === 'string' ? json.error : (json.error?.message ?? json.message)
      if (typeof message === 'string' && message) return message
    } catch {
      // not JSON after all: fall through to plain text
    }
  }
  return text.replace(/\s+/g, ' ').slice(0, 300)
}

/** Remove secrets (signed URLs, session URIs and their query strings) from text shown to users. */
export function redact(text: string, secrets: Array<string | undefined>): string {
  let out = text
  for (const secret of secrets) {
    if (!secret) continue
    out = out.split(secret).join('[redacted]')
    const query = secret.indexOf('?')
    if (query >= 0 && query < secret.length - 1) out = out.split(secret.slice(query + 1)).join('[redacted]')
  }
  return out.replace(/([?&](?:x-goog-signature|signature|upload_id)=)[^&\s"'<]+/gi, '$1[redacted]')
}
