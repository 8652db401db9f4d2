// Properties over random datasets and results: for every format, the kept output is exactly the rows
// whose ID is not in the results (byte for byte, in order), the removed output exactly the others in
// their documented shape, so kept ∪ removed = the input rows in order; reads cut the input everywhere.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { csvCell } from '../../src/apply/csv.js'
import type { DatasetFormat } from '../../src/apply/index.js'
import { run, TempDir } from './helpers.js'

const dir = new TempDir()
beforeAll(() => dir.create('apply-prop-'))
afterAll(() => dir.remove())

const REASONS = ['deleted', 'protected', 'suspended', 'scrub_geo', 'bounced', 'deactivated', 'new, "odd" one']

const idValue = fc.oneof(
  fc.bigInt({ min: 0n, max: 9999999999999999999n }),
  fc.bigInt({ min: 9007199254740990n, max: 9007199254740995n }),
  fc.bigInt({ min: 1200000000000000000n, max: 1200000000000000005n })
)

interface Row {
  /** Index into the pool, or -1 for a blank line. */
  id: number
  /** How the ID is written: leading zeros, quoted (csv) / string (jsonl). */
  zeros: number
  quoted: boolean
  pad: string
  /** Other cells or fields. */
  extra: string[]
  keyOrder: number
  ending: string
}

const row = fc.record({
  id: fc.oneof({ weight: 1, arbitrary: fc.constant(-1) }, { weight: 6, arbitrary: fc.nat(11) }),
  zeros: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(2) }),
  quoted: fc.boolean(),
  pad: fc.constantFrom('', '', ' ', '\t'),
  extra: fc.array(
    fc.oneof(
      fc.string({
        unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r\n', '\r', ' ', '\t', 'é', '{', '}', '\\'),
        maxLength: 6
      }),
      fc.string({ unit: 'grapheme', maxLength: 4 })
    ),
    { minLength: 2, maxLength: 2 }
  ),
  keyOrder: fc.nat(2),
  ending: fc.constantFrom('\n', '\n', '\r\n')
})

const scenario = fc.record({
  pool: fc.uniqueArray(idValue, { minLength: 12, maxLength: 12, comparator: (a, b) => a === b }),
  rows: fc.array(row, { maxLength: 25 }),
  lastEnding: fc.boolean(),
  bom: fc.boolean(),
  results: fc.array(fc.tuple(fc.nat(15), fc.nat(REASONS.length - 1), fc.boolean()), { maxLength: 14 }),
  idCol: fc.nat(2),
  readSize: fc.constantFrom(1, 2, 3, 5, 16, 64, 1 << 16)
})
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

interface Rendered {
  text: string
  /** The removed-output form of the row (for a row with an ID). */
  removed: (reason: string) => string
}

function idText(s: Scenario, r: Row): string {
  const digits = s.pool[r.id].toString()
  return '0'.repeat(Math.min(r.zeros, 19 - digits.length)) + digits
}

function render(format: DatasetFormat, s: Scenario, r: Row): Rendered {
  const end = r.ending
  if (r.id < 0) {
    const text = r.pad + end
    return { text, removed: () => '' }
  }
  const id = idText(s, r)
  if (format === 'ids') {
    const text = `${r.pad}${id}${r.pad}${end}`
    return { text, removed: reason => `${id}\t${reason}${end || '\n'}` }
  }
  if (format === 'jsonl') {
    const idJson = r.quoted || r.zeros > 0 ? `"${id}"` : id
    const fields = [
      `"text":${JSON.stringify(r.extra[0])}`,
      `${r.pad}"user"${r.pad}:{"id":"${r.extra[1].length}","x":[{"id":1}]}`,
      `"id":${r.pad}${idJson}`
    ]
    const order = [fields.slice(r.keyOrder), fields.slice(0, r.keyOrder)].flat()
    const body = `{${r.pad}${order.join(',')}${r.pad}`
    return {
      text: `${body}}${r.pad}${end}`,
      removed: reason => `${body},"compliance_reason":${JSON.stringify(reason)}}${r.pad}${end || '\n'}`
    }
  }
  const cells = r.extra.map(c => (r.quoted ? `"${c.replace(/"/g, '""')}"` : csvCell(c)))
  cells.splice(s.idCol, 0, r.quoted ? `"${id}"` : id)
  const line = cells.join(',')
  return { text: `${line}${end}`, removed: reason => `${line},${csvCell(reason)}${end || '\n'}` }
}

async function check(format: DatasetFormat, s: Scenario): Promise<void> {
  const rows: Row[] = s.rows.map(r => ({ ...r }))
  if (rows.length > 0 && !s.lastEnding) rows[rows.length - 1].ending = ''
  // The results: pool indexes 12-15 are IDs that are not in the dataset.
  const extra = [1n, 2n, 9007199254740993n, 9999999999999999998n].filter(v => !s.pool.includes(v))
  const reasonOf = new Map<bigint, string>()
  let results = ''
  for (const [i, reason, asNumber] of s.results) {
    const v = i < 12 || extra.length === 0 ? s.pool[i % 12] : extra[(i - 12) % extra.length]
    if (!reasonOf.has(v)) reasonOf.set(v, REASONS[reason])
    const idJson = asNumber ? v.toString() : `"${v}"`
    results += `{"id":${idJson},"action":"delete","created_at":"2020-05-27T00:00:00.000Z","reason":${JSON.stringify(REASONS[reason])}}\n`
  }
  const bom = s.bom ? '\uFEFF' : ''
  const columns = ['a', 'b']
  columns.splice(s.idCol, 0, 'id')
  const header = format === 'csv' ? columns.join(',') + '\r\n' : ''
  let input = bom + header
  let kept = bom + header
  let removed = format === 'csv' ? header.replace('\r\n', ',compliance_reason\r\n') : ''
  const byReason: Record<string, number> = {}
  const matched = new Set<bigint>()
  let n = 0
  for (const r of rows) {
    const { text, removed: asRemoved } = render(format, s, r)
    input += text
    if (r.id < 0) {
      kept += text
      continue
    }
    n++
    const reason = reasonOf.get(s.pool[r.id])
    if (reason === undefined) kept += text
    else {
      removed += asRemoved(reason)
      byReason[reason] = (byReason[reason] ?? 0) + 1
      matched.add(s.pool[r.id])
    }
  }
  const ext = { ids: '.txt', jsonl: '.jsonl', csv: '.csv' }[format]
  const got = await run(
    dir,
    { results: await dir.write('.jsonl', results), dataset: await dir.write(ext, input) },
    { readSize: s.readSize }
  )
  expect(got.kept.toString('utf8')).toBe(kept)
  expect(got.removed.toString('utf8')).toBe(removed)
  const removedCount = Object.values(byReason).reduce((a, b) => a + b, 0)
  expect(got.result).toEqual({
    rows: n,
    kept: n - removedCount,
    removed: removedCount,
    removedByReason: byReason,
    removedByAction: removedCount > 0 ? { delete: removedCount } : {},
    resultsIds: reasonOf.size,
    unmatchedResults: reasonOf.size - matched.size
  })
}

test.each(['ids', 'jsonl', 'csv'] as const)(
  '%s: kept = rows not in the results, removed = the others',
  async format => {
    await fc.assert(
      fc.asyncProperty(scenario, s => check(format, s)),
      { numRuns: format === 'csv' ? 150 : 250 }
    )
  }
)
