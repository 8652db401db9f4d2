// The upload scanner and the line generator against the whole-object rules: same lines for any split of the
// bytes and any rollback, and lines byte-identical to the sandbox's before results were streamed.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { IdScanner } from '../../src/sandbox/id-scanner.js'
import { resultsSource } from '../../src/sandbox/results-source.js'
import { flagHash, lineLength, resultLine, whenHash } from '../../src/sandbox/result-line.js'
import { resultsForObject } from '../../src/sandbox/results.js'
import type { FlaggedIds } from '../../src/sandbox/flagged-ids.js'
import type { JobType } from '../../src/sandbox/types.js'

/** resultLine as it was when the text was built in one string (JSON.stringify, toISOString): the reference. */
function todayLine(id: string, type: JobType, percent = 30): string | undefined {
  const fnv = (text: string): number => {
    let h = 0x811c9dc5
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i)
      h = Math.imul(h, 0x01000193)
    }
    return h >>> 0
  }
  const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString()
  const reasons = {
    tweets: ['deleted', 'protected', 'suspended', 'scrub_geo', 'bounced'],
    users: ['deleted', 'protected', 'suspended', 'deactivated']
  }[type]
  const h = fnv(`${type}:${id}`)
  if (h % 100 >= percent) return undefined
  const h2 = fnv(`${id}:${type}:when`)
  const DAY = 86_400_000
  const created = Date.UTC(2010, 0, 1) + (h2 % (12 * 365)) * DAY + (h2 % 86_400) * 1000
  const redacted = (h2 >>> 20) % 4 === 0 ? undefined : created + (((h2 >>> 8) % 900) + 1) * DAY
  const line: Record<string, string> = { id, action: 'delete', created_at: iso(created) }
  if (redacted !== undefined) line.redacted_at = iso(redacted)
  line.reason = reasons[(h >>> 8) % reasons.length]
  return JSON.stringify(line)
}

function text(flagged: FlaggedIds, type: JobType): string {
  const parts: Buffer[] = []
  const it = resultsSource(flagged, type).chunks(0, flagged.bytes)
  for (let r = it.next(); !r.done; r = it.next()) parts.push(r.value)
  return Buffer.concat(parts).toString('latin1')
}

const type = fc.constantFrom<JobType>('tweets', 'users')
const id = fc.oneof(
  fc.stringMatching(/^[0-9]{1,19}$/),
  fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }).map(String)
)
/** Lines today's rules must tell apart: IDs with blanks and CR around them, near-IDs, long lines, bytes. */
const line = fc.oneof(
  id,
  fc
    .tuple(
      fc.constantFrom('', ' ', '\t', '\xa0', '\x0b', '\x85'),
      id,
      fc.constantFrom('', '\r', ' \r', '\x0c')
    )
    .map(([a, b, c]) => a + b + c),
  fc.stringMatching(/^[0-9]{20,22}$/),
  fc.constantFrom('', '\r', 'abc', '12x', '-1', ' '.repeat(250) + '7', ' '.repeat(260) + '7'),
  fc.uint8Array({ maxLength: 40 }).map(b => Buffer.from(b).toString('latin1'))
)
const object = fc
  .tuple(fc.array(line, { maxLength: 60 }), fc.boolean())
  .map(([lines, lastNl]) => Buffer.from(lines.join('\n') + (lastNl ? '\n' : ''), 'latin1'))
const percent = fc.constantFrom(0, 10, 30, 77, 100)

describe('IdScanner', () => {
  it('finds the lines resultsForObject finds, however the bytes are split', () => {
    fc.assert(
      fc.property(object, type, percent, fc.array(fc.nat(), { maxLength: 12 }), (obj, t, p, cuts) => {
        const scanner = new IdScanner(t, p)
        const at = [...new Set(cuts.map(c => c % (obj.length + 1)))].sort((a, b) => a - b)
        let from = 0
        for (const c of [...at, obj.length]) {
          scanner.push(obj.subarray(from, c))
          from = c
        }
        const flagged = scanner.end()
        const want = resultsForObject(obj, t, p)
        expect(text(flagged, t)).toBe(want)
        expect(flagged.bytes).toBe(Buffer.byteLength(want))
        expect(flagged.count).toBe(want ? want.split('\n').length - 1 : 0)
      }),
      { numRuns: 300 }
    )
  })

  it('a rollback forgets exactly the bytes pushed since the mark, a line started before it included', () => {
    fc.assert(
      fc.property(object, object, object, type, fc.nat(), (a, junk, b, t, cut) => {
        const scanner = new IdScanner(t, 100)
        const split = cut % (a.length + 1)
        scanner.push(a.subarray(0, split))
        const mark = scanner.mark()
        scanner.push(junk)
        scanner.rollback(mark)
        scanner.push(a.subarray(split))
        scanner.push(b)
        const whole = Buffer.concat([a, b])
        expect(text(scanner.end(), t)).toBe(resultsForObject(whole, t, 100))
      }),
      { numRuns: 200 }
    )
  })

  it('reset forgets everything', () => {
    const scanner = new IdScanner('tweets', 100)
    scanner.push(Buffer.from('123\n45'))
    scanner.reset()
    scanner.push(Buffer.from('6\n'))
    expect(text(scanner.end(), 'tweets')).toBe(resultsForObject(Buffer.from('6\n'), 'tweets', 100))
  })

  it('keeps leading zeros and the upload order, duplicates included', () => {
    const scanner = new IdScanner('users', 100)
    scanner.push(Buffer.from('007\n0\n18446744073709551615\n007\n9999999999999999999\n'))
    const ids = text(scanner.end(), 'users')
      .trim()
      .split('\n')
      .map(l => (JSON.parse(l) as { id: string }).id)
    // 2^64 - 1 has 20 digits: not an ID.
    expect(ids).toEqual(['007', '0', '007', '9999999999999999999'])
  })
})

describe('result lines', () => {
  it('are byte-identical to the lines made with JSON.stringify and toISOString', () => {
    fc.assert(
      fc.property(id, type, percent, (i, t, p) => {
        const line = resultLine(i, t, p)
        expect(line).toBe(todayLine(i, t, p))
        if (line !== undefined)
          expect(lineLength(i.length, t, flagHash(i, t), whenHash(i, t))).toBe(Buffer.byteLength(line))
      }),
      { numRuns: 5000 }
    )
  })
})
