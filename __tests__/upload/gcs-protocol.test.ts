import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  dataRange,
  hashHeader,
  isHashMismatch,
  nextOffset,
  QUERY_RANGE,
  redact,
  serverMessage,
  statusRange
} from '../../src/upload/gcs-protocol.js'
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

  it('asks with bytes */* and sends the hash in GCS form', () => {
    expect(QUERY_RANGE).toBe('bytes */*')
    expect(hashHeader('n03x6A==')).toBe('crc32c=n03x6A==')
  })

  it('tells a CRC32C refusal from other 400s', () => {
    expect(isHashMismatch('BadRequest: Provided CRC32C "a" doesn\'t match calculated CRC32C "b".')).toBe(true)
    expect(isHashMismatch('BadDigest: The CRC32C you specified did not match what we received.')).toBe(true)
    expect(isHashMismatch('InvalidArgument: Invalid request.')).toBe(false)
    expect(isHashMismatch(undefined)).toBe(false)
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

describe('nextOffset (property)', () => {
  const end = fc.nat({ max: Number.MAX_SAFE_INTEGER - 1 })
  const space = fc.constantFrom('', ' ', '  ', '\t')

  it('reads N+1 from bytes=0-N, however it is spaced or cased', () => {
    fc.assert(
      fc.property(
        end,
        space,
        space,
        space,
        fc.constantFrom('bytes', 'BYTES', 'Bytes'),
        (n, a, b, c, unit) => {
          expect(nextOffset(`${a}${unit}${b}=${c}0${b}-${a}${n}${c}`)).toBe(n + 1)
        }
      )
    )
  })

  it('is the inverse of the Range a server writes for N kept bytes', () => {
    fc.assert(fc.property(end, n => expect(nextOffset(`bytes=0-${n}`)).toBe(n + 1)))
  })

  it('never guesses: anything that is not bytes=0-N (or absent) is an UploadError', () => {
    const grammar = /^\s*bytes\s*=\s*0\s*-\s*(\d+)\s*$/i
    const junk = fc.oneof(
      fc.string(),
      fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `bytes=${a}-${b}`),
      fc.nat().map(n => `bytes=0-${n},5-6`),
      fc.stringMatching(/^[0-9]{16,30}$/).map(d => `bytes=0-${d}`)
    )
    fc.assert(
      fc.property(junk, raw => {
        const m = grammar.exec(raw)
        if (raw.trim() === '') return void expect(nextOffset(raw)).toBe(0)
        if (m && Number.isSafeInteger(Number(m[1])))
          return void expect(nextOffset(raw)).toBe(Number(m[1]) + 1)
        expect(() => nextOffset(raw)).toThrow(UploadError)
      }),
      { numRuns: 2000 }
    )
  })

  it('formats Content-Range for any chunk: the last byte is offset + length - 1', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 30 }), (offset, length) => {
        const total = offset + length
        expect(dataRange(offset, length, total)).toBe(`bytes ${offset}-${total - 1}/${total}`)
      })
    )
  })
})
