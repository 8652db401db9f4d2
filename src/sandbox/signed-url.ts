// The X-Goog-* query of a V4 signed URL, as GCS issues them (the sandbox checks them verbatim, never signs).
import { randomBytes } from 'node:crypto'

/** ISO 8601 with the milliseconds cut to 0 (X and GCS give whole seconds). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString()
}

/** 20210811T194255Z */
function googDate(ms: number): string {
  return isoSeconds(ms)
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

export function signedQuery(createdAt: number, expiresSeconds: number, signedHeaders: string): string {
  const date = googDate(createdAt)
  const credential = `sandbox@x-compliance-sandbox.iam.gserviceaccount.com/${date.slice(0, 8)}/auto/storage/goog4_request`
  const params = new URLSearchParams({
    'X-Goog-Algorithm': 'GOOG4-RSA-SHA256',
    'X-Goog-Credential': credential,
    'X-Goog-Date': date,
    'X-Goog-Expires': String(expiresSeconds),
    'X-Goog-SignedHeaders': signedHeaders,
    // 2048-bit RSA signature: 256 bytes, hex.
    'X-Goog-Signature': randomBytes(256).toString('hex')
  })
  return params.toString()
}
