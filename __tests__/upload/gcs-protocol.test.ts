import { describe, expect, it } from '@jest/globals'
import { dataRange, nextOffset, redact, serverMessage, statusRange } from '../../src/upload/gcs-protocol.js'
import { UploadError } from '../../src/upload/errors.js'

describe('GCS protocol helpers', () => {
  it('formats Content-Range for data and status requests', () => {
    expect(dataRange(0, 262144, 1000000)).toBe('bytes 0-262143/1000000')
    expect(statusRange(1000000)).toBe('bytes */1000000')
    expect(statusRange(0)).toBe('bytes */0')
  })

  it('reads the next offset from a 308 Range', () => {
    expect(nextOffset('bytes=0-262143')).toBe(262144)
    expect(nextOffset('BYTES = 0 - 0')).toBe(1)
    expect(nextOffset(null)).toBe(0)
    expect(nextOffset('')).toBe(0)
    expect(() => nextOffset('bytes=10-20')).toThrow(UploadError)
    expect(() => nextOffset('bytes=0-')).toThrow(/invalid Range header/)
  })

  it('extracts Code and Message from a GCS XML error, never the signed request it echoes', () => {
    const xml =
      "<?xml version='1.0' encoding='UTF-8'?><Error><Code>SignatureDoesNotMatch</Code>" +
      '<Message>The request signature we calculated does not match &lt;yours&gt;.</Message>' +
      '<StringToSign>GOOG4-RSA-SHA256 secret</StringToSign><CanonicalRequest>PUT /b?X-Goog-Signature=s</CanonicalRequest></Error>'
    expect(serverMessage(xml)).toBe(
      'SignatureDoesNotMatch: The request signature we calculated does not match <yours>.'
    )
  })

  it('reads JSON errors and plain text, and ignores HTML pages and empty bodies', () => {
    expect(serverMessage('{"error":{"code":400,"message":"Bad thing"}}')).toBe('Bad thing')
    expect(serverMessage('{"message":"Other thing"}')).toBe('Other thing')
    expect(serverMessage('  too\n many   spaces ')).toBe('too many spaces')
    expect(serverMessage('<html><body>502 Bad Gateway</body></html>')).toBeUndefined()
    expect(serverMessage('')).toBeUndefined()
    expect(serverMessage('x'.repeat(1000))?.length).toBe(300)
  })

  it('redacts secret URLs, their query strings and signature parameters', () => {
    const url = 'https://storage.googleapis.com/b/o?X-Goog-Signature=abc&X-Goog-Date=1'
    expect(redact(`see ${url} now`, [url])).toBe('see [redacted] now')
    expect(redact('query X-Goog-Signature=abc&X-Goog-Date=1 here', [url])).toBe('query [redacted] here')
    expect(redact('other https://x/?upload_id=zzz&a=1', [undefined])).toBe(
      'other https://x/?upload_id=[redacted]&a=1'
    )
  })
})
