import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import {
  ID_BAD,
  ID_EMPTY,
  ID_OK,
  IdSetBuilder,
  parseIdBytes,
  parseIdString,
  type IdKey
} from '../../src/apply/id.js'

const key = (): IdKey => ({ hi: 0, lo: 0 })
const asBig = (k: IdKey): bigint => (BigInt(k.hi) << 32n) | BigInt(k.lo)

function parseBoth(s: string): [number, bigint, number, bigint] {
  const a = key()
  const b = key()
  const bytes = Buffer.from(`xx${s}yy`)
  const sa = parseIdBytes(bytes, 2, bytes.length - 2, a)
  const sb = parseIdString(s, b)
  return [sa, asBig(a), sb, asBig(b)]
}

describe('parseIdBytes / parseIdString', () => {
  test('reads every 1-19 digit ID exactly, far above 2^53', () => {
    for (const s of [
      '0',
      '1',
      '9007199254740992',
      '9007199254740993',
      '1265324480517361664',
      '9999999999999999999',
      '18446744073',
      '000000000000000001'
    ]) {
      const [sa, a, sb, b] = parseBoth(s)
      expect([sa, sb]).toEqual([ID_OK, ID_OK])
      expect(a).toBe(BigInt(s))
      expect(b).toBe(BigInt(s))
    }
  })

  test('property: equals BigInt(digits) for any 1-19 digits, with spaces and tabs around', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,19}$/),
        fc.stringMatching(/^[ \t]{0,2}$/),
        fc.stringMatching(/^[ \t]{0,2}$/),
        (digits, pre, post) => {
          const [sa, a, sb, b] = parseBoth(pre + digits + post)
          expect([sa, sb]).toEqual([ID_OK, ID_OK])
          expect(a).toBe(BigInt(digits))
          expect(b).toBe(BigInt(digits))
        }
      ),
      { numRuns: 2000 }
    )
  })

  test('blank is EMPTY; signs, letters, inner spaces, decimals, 20 digits are BAD', () => {
    expect(parseBoth('')[0]).toBe(ID_EMPTY)
    expect(parseBoth(' \t ')[2]).toBe(ID_EMPTY)
    for (const s of ['-1', '+1', '1a', '1 2', '1.0', '1e5', '12345678901234567890', '１', '\u00001']) {
      const [sa, , sb] = parseBoth(s)
      expect([s, sa, sb]).toEqual([s, ID_BAD, ID_BAD])
    }
  })
})

describe('IdSet', () => {
  test('property: finds exactly the added IDs; duplicates keep their first reason', () => {
    const id = fc.oneof(
      fc.bigInt({ min: 0n, max: 9999999999999999999n }),
      fc.bigInt({ min: 9007199254740990n, max: 9007199254740995n }),
      fc.bigInt({ min: 0n, max: 20n })
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(id, fc.nat(5))), fc.array(id), (added, probes) => {
        const b = new IdSetBuilder()
        const first = new Map<bigint, number>()
        for (const [v, r] of added) {
          b.add(Number(v >> 32n), Number(v & 0xffffffffn), r)
          if (!first.has(v)) first.set(v, r)
        }
        const set = b.build()
        expect(set.size).toBe(first.size)
        expect([...set.keys]).toEqual([...first.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)))
        for (const v of [...probes, ...first.keys()]) {
          const at = set.indexOf(Number(v >> 32n), Number(v & 0xffffffffn))
          if (first.has(v)) {
            expect(set.keys[at]).toBe(v)
            expect(set.reasons[at]).toBe(first.get(v))
          } else expect(at).toBe(-1)
        }
      }),
      { numRuns: 300 }
    )
  })

  test('an empty set finds nothing', () => {
    const set = new IdSetBuilder().build()
    expect(set.size).toBe(0)
    expect(set.indexOf(0, 0)).toBe(-1)
    expect(set.unmatched()).toBe(0)
  })
})
