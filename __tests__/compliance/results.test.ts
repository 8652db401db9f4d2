import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  countResultsFile,
  countsJson,
  ResultsCounter,
  ResultsFormatError,
  type ResultCounts
} from '../../src/compliance/results.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'results-test-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const enc = (s: string) => new TextEncoder().encode(s)
const line = (action: string, reason: string, id = '1265324480517361664') =>
  JSON.stringify({ id, action, created_at: '2019-10-29T17:02:47.000Z', reason })

function count(text: string | Uint8Array, cuts: number[] = []): ResultCounts {
  const bytes = typeof text === 'string' ? enc(text) : text
  const c = new ResultsCounter()
  // One reused Buffer, overwritten after each push, as a file reader would do.
  const scratch = Buffer.alloc(bytes.length)
  let prev = 0
  for (const cut of [...cuts, bytes.length].sort((a, b) => a - b)) {
    scratch.set(bytes.subarray(prev, cut))
    c.push(scratch.subarray(0, cut - prev))
    scratch.fill(0x7b)
    prev = cut
  }
  return c.end()
}

function failure(text: string): ResultsFormatError {
  try {
    count(text)
  } catch (e) {
    if (e instanceof ResultsFormatError) return e
    throw e
  }
  throw new Error('expected a ResultsFormatError')
}

describe('ResultsCounter', () => {
  test('counts by action and reason, blank lines ignored, last line without LF', () => {
    const text = [
      line('delete', 'deleted'),
      '',
      line('delete', 'protected'),
      '  \r',
      line('delete', 'deleted'),
      line('delete', 'scrub_geo')
    ].join('\n')
    const c = count(text)
    expect(c).toEqual({
      total: 4,
      byAction: { delete: 4 },
      byReason: { deleted: 2, protected: 1, scrub_geo: 1 }
    })
    expect(countsJson(c)).toBe(
      '{"total":4,"by_action":{"delete":4},"by_reason":{"deleted":2,"protected":1,"scrub_geo":1}}'
    )
  })

  test('CRLF lines are fine', () => {
    expect(count(line('delete', 'deleted') + '\r\n' + line('delete', 'bounced') + '\r\n').total).toBe(2)
  })

  test('unknown actions and reasons are counted, in first-seen order', () => {
    const c = count(
      [line('delete', 'bounced'), line('update', 'label'), line('delete', 'deleted')].join('\n')
    )
    expect(countsJson(c)).toBe(
      '{"total":3,"by_action":{"delete":2,"update":1},"by_reason":{"bounced":1,"label":1,"deleted":1}}'
    )
  })

  test('keys such as __proto__ and constructor are ordinary keys', () => {
    const c = count([line('delete', '__proto__'), line('constructor', '__proto__')].join('\n'))
    expect(c.byReason['__proto__']).toBe(2)
    expect(c.byAction['constructor']).toBe(1)
    expect(countsJson(c)).toBe(
      '{"total":2,"by_action":{"delete":1,"constructor":1},"by_reason":{"__proto__":2}}'
    )
  })

  test('a split inside a multi-byte character and inside a CRLF', () => {
    const text = line('delete', 'gelöscht') + '\r\n' + line('delete', '削除') + '\n'
    const bytes = enc(text)
    const o = bytes.indexOf(0xc3) // first byte of ö
    const cr = bytes.indexOf(0x0d)
    const c = count(bytes, [o + 1, cr + 1, bytes.length - 5, bytes.length - 4])
    expect(c.byReason).toEqual({ gelöscht: 1, 削除: 1 })
  })

  test('an empty input', () => {
    const c = count('')
    expect(c).toEqual({ total: 0, byAction: {}, byReason: {} })
    expect(countsJson(c)).toBe('{"total":0,"by_action":{},"by_reason":{}}')
  })

  test.each([
    ['not JSON', 'oops', 'is not valid JSON'],
    ['truncated JSON', '{"action":"delete","reason":"del', 'is not valid JSON'],
    ['an array', '["delete","deleted"]', 'is not a JSON object'],
    ['null', 'null', 'is not a JSON object'],
    ['a string', '"delete"', 'is not a JSON object'],
    ['no action', '{"reason":"deleted"}', 'has no string "action"'],
    ['a numeric reason', '{"action":"delete","reason":3}', 'has no string "reason"']
  ])('%s is rejected with its line number', (_name, bad, what) => {
    // Blank lines count toward the line number.
    const err = failure([line('delete', 'deleted'), '', bad, line('delete', 'deleted')].join('\n'))
    expect(err.line).toBe(3)
    expect(err.message).toBe(
      `results file line 3 ${what}: each line of X's compliance results must be a JSON object with string "action" and "reason". The file may be truncated or not a compliance results file; download the results again.`
    )
  })

  test('the error never quotes the line (it holds IDs)', () => {
    expect(failure('{"id":"1234567890123","action":1}').message).not.toContain('1234567890123')
  })

  test("a line in X's shape and the same line with spaces or escapes count the same", () => {
    // The first is counted by the byte scan, the others go through JSON.parse.
    const c = count(
      [
        '{"id":"1","action":"delete","created_at":"2019-10-29T17:02:47.000Z","reason":"deleted"}',
        '{ "id": "1", "action": "delete", "reason": "deleted" }',
        '{"id":"1","action":"del\\u0065te","reason":"deleted"}',
        '{"id":1,"action":"delete","reason":"deleted"}',
        '\t{"action":"delete","reason":"deleted"}'
      ].join('\n')
    )
    expect(c).toEqual({ total: 5, byAction: { delete: 5 }, byReason: { deleted: 5 } })
  })

  test('duplicate keys: the last one counts, as with JSON.parse', () => {
    const c = count('{"action":"a","reason":"r","action":"delete","reason":"deleted"}\n')
    expect(c).toEqual({ total: 1, byAction: { delete: 1 }, byReason: { deleted: 1 } })
  })

  test('a BOM at the start of a value is part of the value', () => {
    const c = count(line('delete', '\ufeffdeleted') + '\n' + line('delete', 'deleted'))
    expect(c.byReason).toEqual({ '\ufeffdeleted': 1, deleted: 1 })
  })

  test('more distinct values than the byte cache holds, in first-seen order', () => {
    const reasons = Array.from({ length: 100 }, (_, i) => `r${i}`)
    const lines = [...reasons, ...reasons.slice().reverse(), 'r0'].map(r => line('delete', r))
    const c = count(lines.join('\n'))
    expect(Object.keys(c.byReason)).toEqual(reasons)
    expect(c.byReason['r0']).toBe(3)
    expect(c.byReason['r99']).toBe(2)
    expect(c.total).toBe(201)
  })

  test.each([
    ['a missing closing brace', '{"action":"delete","reason":"deleted"'],
    ['text after the object', '{"action":"delete","reason":"deleted"}x'],
    ['a missing comma', '{"action":"delete" "reason":"deleted"}'],
    ['a raw tab inside a string', '{"action":"de\tlete","reason":"deleted"}'],
    ['a raw control character inside a key', '{"act\u0001ion":"delete","reason":"deleted"}'],
    ['an unterminated string', '{"action":"delete,"reason":"deleted"}'],
    ['a stray backslash', '{"action":"delete\\","reason":"deleted"}'],
    ['a second object', '{"action":"delete","reason":"deleted"}{}']
  ])("a line that looks like X's but is not JSON (%s) is still rejected", (_name, bad) => {
    const err = failure([line('delete', 'deleted'), bad].join('\n'))
    expect(err.line).toBe(2)
    expect(err.message).toContain('line 2 is not valid JSON')
  })

  test('push after end is a programming error', () => {
    const c = new ResultsCounter()
    c.end()
    expect(() => c.push(enc('x'))).toThrow(/after end/)
  })
})

describe('countsJson', () => {
  test('drops zero-valued keys', () => {
    expect(
      countsJson({ total: 1, byAction: { delete: 1, other: 0 }, byReason: { deleted: 1, protected: 0 } })
    ).toBe('{"total":1,"by_action":{"delete":1},"by_reason":{"deleted":1}}')
  })

  test('escapes keys', () => {
    expect(countsJson({ total: 1, byAction: { 'a"b': 1 }, byReason: { 'x\ny': 1 } })).toBe(
      '{"total":1,"by_action":{"a\\"b":1},"by_reason":{"x\\ny":1}}'
    )
  })
})

describe('countResultsFile', () => {
  test('counts a file larger than one read', async () => {
    const reasons = ['deleted', 'protected', 'suspended', 'deactivated']
    const lines = Array.from({ length: 30_000 }, (_, i) => line('delete', reasons[i % 4], String(1e15 + i)))
    const p = join(root, 'big.jsonl')
    await writeFile(p, lines.join('\n') + '\n')
    expect(await countResultsFile(p)).toEqual({
      total: 30_000,
      byAction: { delete: 30_000 },
      byReason: { deleted: 7500, protected: 7500, suspended: 7500, deactivated: 7500 }
    })
  })

  test('a bad line names the file and the line', async () => {
    const p = join(root, 'bad.jsonl')
    await writeFile(p, line('delete', 'deleted') + '\n{}\n')
    await expect(countResultsFile(p)).rejects.toThrow(
      `results file ${JSON.stringify(p)} line 2 has no string "action"`
    )
  })

  test('a missing file', async () => {
    const p = join(root, 'missing.jsonl')
    await expect(countResultsFile(p)).rejects.toThrow(
      `results file ${JSON.stringify(p)} cannot be read: ENOENT`
    )
  })
})

describe('properties', () => {
  const word = fc.oneof(
    fc.constantFrom('delete', 'deleted', 'protected', 'suspended', 'scrub_geo', 'bounced', 'deactivated'),
    fc.constantFrom('__proto__', 'constructor', 'toString', ''),
    fc.string({ unit: 'binary', maxLength: 8 })
  )
  const record = fc.record({
    action: word,
    reason: word,
    id: fc.string({ unit: 'binary-ascii', maxLength: 20 })
  })
  const entry = fc.oneof(
    { weight: 5, arbitrary: record.map(r => JSON.stringify(r)) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\r') }
  )

  test('(c) counting is independent of chunking and equals a naive reference', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 30 }),
        (entries, eol, finalEol, rawCuts) => {
          const text = entries.join(eol) + (finalEol ? eol : '')
          const bytes = enc(text)
          const cuts = rawCuts.map(n => n % (bytes.length + 1))
          const got = count(bytes, cuts)

          // Naive reference: whole text, split, parse.
          const actions = new Map<string, number>()
          const reasons = new Map<string, number>()
          let total = 0
          for (const l of text.split('\n')) {
            if (l.trim() === '') continue
            const r = JSON.parse(l) as { action: string; reason: string }
            total++
            actions.set(r.action, (actions.get(r.action) ?? 0) + 1)
            reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1)
          }
          const sorted = (r: Record<string, number>) => Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1))
          const sortedMap = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1))
          expect(got.total).toBe(total)
          expect(sorted(got.byAction)).toEqual(sortedMap(actions))
          expect(sorted(got.byReason)).toEqual(sortedMap(reasons))
          expect(got).toEqual(count(bytes)) // one chunk
          const parsed = JSON.parse(countsJson(got)) as {
            total: number
            by_action: object
            by_reason: object
          }
          expect(parsed.total).toBe(total)
          expect(Object.entries(parsed.by_action).sort(([a], [b]) => (a < b ? -1 : 1))).toEqual(
            sortedMap(actions)
          )
          expect(Object.entries(parsed.by_reason).sort(([a], [b]) => (a < b ? -1 : 1))).toEqual(
            sortedMap(reasons)
          )
        }
      ),
      { numRuns: 300 }
    )
  })
})
