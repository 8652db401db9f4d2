// Property tests of the sandbox's header parsers, and of the round trip sandbox answer -> client offset.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseByteRange, parseContentRangeValue, rangeReply } from '../../src/sandbox/gcs-wire.js'
import { dataRange, nextOffset, QUERY_RANGE, statusRange } from '../../src/upload/gcs-protocol.js'

const offset = fc.nat({ max: Number.MAX_SAFE_INTEGER - 1 })
const size = fc.integer({ min: 1, max: 2 ** 40 })
const digits = fc.stringMatching(/^[0-9]{1,25}$/)

describe('parseContentRangeValue', () => {
  it('reads back every data range the client writes', () => {
    fc.assert(
      fc.property(size, fc.nat(), fc.nat(), (total, a, b) => {
        const first = a % total
        const length = 1 + (b % (total - first))
        expect(parseContentRangeValue(dataRange(first, length, total))).toEqual({
          form: 'data',
          start: first,
          end: first + length - 1,
          total
        })
      })
    )
  })

  it('reads the finalizing bytes */N and the query bytes */*', () => {
    fc.assert(
      fc.property(offset, n =>
        expect(parseContentRangeValue(statusRange(n))).toEqual({ form: 'query', total: n })
      )
    )
    expect(parseContentRangeValue(QUERY_RANGE)).toEqual({ form: 'query', total: undefined })
  })

  it('reads the open forms Google’s client sends (a-b/*, a-*/N, a-*/*)', () => {
    fc.assert(
      fc.property(offset, offset, fc.boolean(), fc.boolean(), (a, b, openEnd, openTotal) => {
        const raw = `bytes ${a}-${openEnd ? '*' : b}/${openTotal ? '*' : b}`
        expect(parseContentRangeValue(raw)).toEqual({
          form: 'data',
          start: a,
          end: openEnd ? undefined : b,
          total: openTotal ? undefined : b
        })
      })
    )
  })

  it('never throws; whatever it accepts has safe integers and is a canonical form of the input', () => {
    const noisy = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.constantFrom('bytes ', 'bytes=', 'Bytes ', ' bytes ', 'bytes  '), digits, digits, digits)
        .map(([p, a, b, c]) => `${p}${a}-${b}/${c}`),
      fc.tuple(digits, fc.constantFrom('*', '-1', '', 'x')).map(([a, t]) => `bytes */${a}${t}`)
    )
    fc.assert(
      fc.property(noisy, raw => {
        const r = parseContentRangeValue(raw)
        if (r.form === 'bad') return
        const text = (n: number | undefined) => (n === undefined ? '*' : String(n))
        for (const n of r.form === 'data' ? [r.start, r.end, r.total] : [r.total])
          if (n !== undefined) expect(Number.isSafeInteger(n)).toBe(true)
        const canonical =
          r.form === 'query' ? `bytes */${text(r.total)}` : `bytes ${r.start}-${text(r.end)}/${text(r.total)}`
        expect(raw.trim().replace(/(\d+)/g, d => String(Number(d)))).toBe(canonical)
      }),
      { numRuns: 2000 }
    )
  })

  it('refuses numbers beyond 2^53 rather than rounding them', () => {
    expect(parseContentRangeValue('bytes 0-99999999999999999999/*')).toEqual({ form: 'bad' })
    expect(parseContentRangeValue('bytes */99999999999999999999')).toEqual({ form: 'bad' })
  })
})

describe('a 308 Range from the sandbox, as the client reads it', () => {
  it('gives back exactly the persisted count (no Range for 0)', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER - 1 }), n => {
        const range = rangeReply(n).headers?.range
        expect(range === undefined).toBe(n === 0)
        expect(nextOffset(range === undefined ? null : String(range))).toBe(n)
      })
    )
  })
})

describe('parseByteRange (downloads)', () => {
  it('answers a slice inside the object, or undefined when none can be served', () => {
    const header = fc.oneof(
      fc
        .tuple(fc.nat({ max: 5000 }), fc.option(fc.nat({ max: 5000 })))
        .map(([a, b]) => `bytes=${a}-${b ?? ''}`),
      fc.string()
    )
    fc.assert(
      fc.property(header, fc.integer({ min: 1, max: 4000 }), (h, n) => {
        const slice = parseByteRange(h, n)
        const m = /^bytes=(\d+)-(\d*)$/.exec(h.trim())
        if (!m) return void expect(slice).toBeUndefined()
        const [from, to] = [Number(m[1]), m[2] ? Number(m[2]) : Infinity]
        if (from >= n || to < from) return void expect(slice).toBeUndefined()
        expect(slice).toEqual({ from, to: Math.min(to, n - 1) })
      }),
      { numRuns: 1000 }
    )
  })
})
