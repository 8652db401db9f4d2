import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { ApplyError, applyResults, formatOf } from '../../src/apply/index.js'
import { resultLine, resultsText, run, TempDir } from './helpers.js'

const dir = new TempDir()
beforeAll(() => dir.create('apply-test-'))
afterAll(() => dir.remove())

const A = '1265324480517361664'
const B = '1265324480517361665'
const C = '20'
const TWO53 = '9007199254740992'
const TWO53_PLUS_1 = '9007199254740993'

/** Runs apply and returns the thrown ApplyError. */
async function failure(p: Promise<unknown>): Promise<ApplyError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ApplyError)
    return e as ApplyError
  }
  throw new Error('expected an ApplyError')
}

describe('ids format', () => {
  test('kept rows are byte-identical (CRLF, blank lines, spaces, no final newline); removed rows are ID<TAB>reason', async () => {
    const input = `\uFEFF${A}\r\n\r\n  ${B}\t\n${C}\n \n${A}\n007\n${B}`
    const results = await dir.write(
      '.jsonl',
      resultsText([
        [A, 'deleted'],
        [C, 'scrub_geo'],
        ['7', 'suspended'],
        ['5', 'protected']
      ])
    )
    const { result, kept, removed } = await run(dir, { results, dataset: await dir.write('.txt', input) })
    expect(kept.toString()).toBe(`\uFEFF\r\n  ${B}\t\n \n${B}`)
    expect(removed.toString()).toBe(`${A}\tdeleted\r\n${C}\tscrub_geo\n${A}\tdeleted\n007\tsuspended\n`)
    expect(result).toEqual({
      rows: 6,
      kept: 2,
      removed: 4,
      removedByReason: { deleted: 2, scrub_geo: 1, suspended: 1 },
      removedByAction: { delete: 4 },
      resultsIds: 4,
      unmatchedResults: 1
    })
  })

  test('a lone CR ends the last row; a row of spaces and a CR is blank', async () => {
    const results = await dir.write('.jsonl', resultLine('5'))
    const { kept, removed } = await run(dir, { results, dataset: await dir.write('.txt', ' \r \n6\n5\r') })
    expect(kept.toString()).toBe(' \r \n6\n')
    expect(removed.toString()).toBe('5\tdeleted\n')
  })

  test('IDs above 2^53 are compared exactly', async () => {
    const results = await dir.write('.jsonl', resultLine(TWO53_PLUS_1))
    const { kept, removed } = await run(dir, {
      results,
      dataset: await dir.write('.txt', `${TWO53}\n${TWO53_PLUS_1}\n`)
    })
    expect(kept.toString()).toBe(`${TWO53}\n`)
    expect(removed.toString()).toBe(`${TWO53_PLUS_1}\tdeleted\n`)
  })

  test('a bad ID is an error with file and line; no output is left behind', async () => {
    const keepOut = dir.file('.keep')
    const removedOut = dir.file('.removed')
    await writeFile(keepOut, 'old')
    const dataset = await dir.write('.txt', `${A}\n\n12a4\n`)
    const e = await failure(
      applyResults({ results: await dir.write('.jsonl', ''), dataset, keepOut, removedOut })
    )
    expect(e.message).toBe(
      `dataset ${JSON.stringify(dataset)} line 3 is not an ID ("12a4"): each row must hold one ID of 1 to 19 digits (0-9)`
    )
    expect([e.file, e.line]).toEqual([dataset, 3])
    expect(await readFile(keepOut, 'utf8')).toBe('old')
    expect((await dir.list()).filter(f => f.endsWith('.partial'))).toEqual([])
  })

  test.each(['-1', '1 2', '12345678901234567890', '1.5'])('%j is not an ID', async bad => {
    const e = await failure(
      run(dir, { results: await dir.write('.jsonl', ''), dataset: await dir.write('.txt', `1\n${bad}\n`) })
    )
    expect(e.line).toBe(2)
  })

  test('an empty dataset and empty results', async () => {
    const { result, kept } = await run(dir, {
      results: await dir.write('.jsonl', '\n'),
      dataset: await dir.write('.txt', '')
    })
    expect(kept.length).toBe(0)
    expect(result).toEqual({
      rows: 0,
      kept: 0,
      removed: 0,
      removedByReason: {},
      removedByAction: {},
      resultsIds: 0,
      unmatchedResults: 0
    })
  })

  test('without removedOut only the kept rows are written', async () => {
    const results = await dir.write('.jsonl', resultLine(A))
    const keepOut = dir.file('.keep')
    const r = await applyResults({ results, dataset: await dir.write('.txt', `${A}\n${B}\n`), keepOut })
    expect(await readFile(keepOut, 'utf8')).toBe(`${B}\n`)
    expect(r.removed).toBe(1)
  })
})

describe('jsonl format', () => {
  test('string or number IDs, nested look-alikes, escapes; removed rows get compliance_reason', async () => {
    const rows = [
      `{"id":"${A}","text":"a"}\r\n`,
      `{"user":{"id":"${B}"},"id":${TWO53_PLUS_1},"n":[1,{"id":2}]}\n`,
      `\n`,
      `  { "\\u0069d" : "${B}" }  \n`,
      `{"id":${TWO53},"text":"keep \\"id\\":\\"${A}\\""}\n`,
      `{"text":"}","id":"${A}"}`
    ]
    const results = await dir.write(
      '.jsonl',
      resultsText([
        [A, 'deleted'],
        [TWO53_PLUS_1, 'protected']
      ])
    )
    const { result, kept, removed } = await run(dir, {
      results,
      dataset: await dir.write('.jsonl', rows.join(''))
    })
    expect(kept.toString()).toBe(rows[2] + rows[3] + rows[4])
    expect(removed.toString()).toBe(
      `{"id":"${A}","text":"a","compliance_reason":"deleted"}\r\n` +
        `{"user":{"id":"${B}"},"id":${TWO53_PLUS_1},"n":[1,{"id":2}],"compliance_reason":"protected"}\n` +
        `{"text":"}","id":"${A}","compliance_reason":"deleted"}\n`
    )
    expect(result).toMatchObject({
      rows: 5,
      kept: 2,
      removed: 3,
      removedByReason: { deleted: 2, protected: 1 }
    })
  })

  test('bytes that are not UTF-8 pass through kept rows untouched', async () => {
    const results = await dir.write('.jsonl', resultLine('5'))
    const rows = [Buffer.from('{"text":"\xff\xfe\u00e9","id":"6"}\n', 'latin1'), Buffer.from('{"id":5}\n')]
    const { kept } = await run(dir, { results, dataset: await dir.write('.jsonl', Buffer.concat(rows)) })
    expect(kept.equals(rows[0])).toBe(true)
    const csv = [Buffer.from('id,text\n'), Buffer.from('6,"\xff,\xfe"\r\n', 'latin1'), Buffer.from('5,x\n')]
    const r2 = await run(dir, { results, dataset: await dir.write('.csv', Buffer.concat(csv)) })
    expect(r2.kept.equals(Buffer.concat(csv.slice(0, 2)))).toBe(true)
  })

  test('idField names another top-level key', async () => {
    const results = await dir.write('.jsonl', resultLine(TWO53_PLUS_1))
    const rows = `{"id":${TWO53_PLUS_1},"id_str":"${TWO53}"}\n{"id":${TWO53},"id_str":"${TWO53_PLUS_1}"}\n`
    const { kept } = await run(dir, { results, dataset: await dir.write('.ndjson', rows), idField: 'id_str' })
    expect(kept.toString()).toBe(`{"id":${TWO53_PLUS_1},"id_str":"${TWO53}"}\n`)
  })

  test.each([
    ['{"text":"x"}', 'line 2 has no field "id": every row needs an ID'],
    ['{"id":null}', 'line 2 has an empty field "id": every row needs an ID'],
    ['{"id":""}', 'line 2 has an empty field "id"'],
    ['{"id":"12a"}', 'line 2 has "12a" in field "id", which is not an ID of 1 to 19 digits'],
    ['{"id":1.5}', 'line 2 has "1.5" in field "id", which is not an ID'],
    ['{"id":-1}', 'line 2 has "-1" in field "id"'],
    ['{"id":true}', 'line 2 has an object, array or literal in field "id"'],
    ['{"id":[1]}', 'line 2 has an object, array or literal in field "id", which is not an ID'],
    ['{"id":"1","id":"2"}', 'line 2 has the key "id" twice, which is ambiguous'],
    ['{"id":"1"', 'line 2 is not valid JSON'],
    ['[1]', 'line 2 is not a JSON object']
  ])('%s: %s', async (row, message) => {
    const dataset = await dir.write('.jsonl', `{"id":"1"}\n${row}\n{"id":"3"}\n`)
    const e = await failure(run(dir, { results: await dir.write('.jsonl', ''), dataset }))
    expect(e.message).toContain(`dataset ${JSON.stringify(dataset)} ${message}`)
    expect(e.line).toBe(2)
  })
})

describe('csv format', () => {
  test('quoted commas, quotes and line breaks, CRLF, BOM, ID column anywhere; removed rows get a reason cell', async () => {
    const header = 'text,"created_at",tweet_id,n\r\n'
    const rows = [
      `"hello, ""world""",2020,${A},1\r\n`,
      `"multi\r\nline, text",2021,"${B}",2\r\n`,
      `\r\n`,
      `plain,2022,${TWO53},3\n`,
      `"a\nb",2023,${TWO53_PLUS_1},4`
    ]
    const input = `\uFEFF${header}${rows.join('')}`
    const results = await dir.write(
      '.jsonl',
      resultsText([
        [A, 'deleted'],
        [TWO53_PLUS_1, 'a, "new" reason']
      ])
    )
    const { result, kept, removed } = await run(dir, {
      results,
      dataset: await dir.write('.csv', input),
      idField: 'tweet_id'
    })
    expect(kept.toString()).toBe(`\uFEFF${header}${rows[1]}${rows[2]}${rows[3]}`)
    expect(removed.toString()).toBe(
      `text,"created_at",tweet_id,n,compliance_reason\r\n` +
        `"hello, ""world""",2020,${A},1,deleted\r\n` +
        `"a\nb",2023,${TWO53_PLUS_1},4,"a, ""new"" reason"\n`
    )
    expect(result).toEqual({
      rows: 4,
      kept: 2,
      removed: 2,
      removedByReason: { deleted: 1, 'a, "new" reason': 1 },
      removedByAction: { delete: 2 },
      resultsIds: 2,
      unmatchedResults: 0
    })
  })

  test('the ID column first or last, and a one-column file', async () => {
    const results = await dir.write('.jsonl', resultLine(C))
    for (const [input, want] of [
      [`id,x\n${C},a\n1,b\n`, `id,x\n1,b\n`],
      [`x,id\na,1\nb,${C}\n`, `x,id\na,1\n`],
      [`id\n${C}\n1\n`, `id\n1\n`]
    ]) {
      const { kept } = await run(dir, { results, dataset: await dir.write('.csv', input) })
      expect(kept.toString()).toBe(want)
    }
  })

  test('a missing ID column names the columns found', async () => {
    const dataset = await dir.write('.csv', 'a,b\n1,2\n')
    const e = await failure(
      run(dir, { results: await dir.write('.jsonl', ''), dataset, idField: 'tweet_id' })
    )
    expect(e.message).toBe(
      `dataset ${JSON.stringify(dataset)} line 1 has no column "tweet_id" in its header (columns: "a", "b"); name the ID column with idField.`
    )
    expect(e.line).toBe(1)
  })

  test('a bad or empty ID is an error with the line the record starts on', async () => {
    const results = await dir.write('.jsonl', '')
    const dataset = await dir.write('.csv', 'text,id\n"two\nlines",1\n"x",12a\n')
    const e = await failure(run(dir, { results, dataset }))
    expect(e.message).toBe(
      `dataset ${JSON.stringify(dataset)} line 4 has "12a" in column "id", which is not an ID of 1 to 19 digits`
    )
    const e2 = await failure(run(dir, { results, dataset: await dir.write('.csv', 'id,x\n1,a\n,b\n') }))
    expect(e2.message).toContain('line 3 has no ID in column "id"')
    const e3 = await failure(run(dir, { results, dataset: await dir.write('.csv', 'x,id\n1\n') }))
    expect(e3.message).toContain('line 2 has no ID in column "id"')
    const e4 = await failure(run(dir, { results, dataset: await dir.write('.csv', 'id\n""\n') }))
    expect(e4.message).toContain('line 2 has no ID')
  })

  test('invalid CSV, an empty file, a duplicated column are errors', async () => {
    const results = await dir.write('.jsonl', '')
    const e = await failure(run(dir, { results, dataset: await dir.write('.csv', 'id,x\n1,"a\n2,b"c\n') }))
    expect(e.message).toMatch(/line 2 is not valid CSV: /)
    const e2 = await failure(run(dir, { results, dataset: await dir.write('.csv', '') }))
    expect(e2.message).toContain('is empty: a CSV dataset needs a header row')
    const e3 = await failure(run(dir, { results, dataset: await dir.write('.csv', 'id,x,id\n1,2,3\n') }))
    expect(e3.message).toContain('line 1 has the column "id" twice')
  })
})

describe('results file', () => {
  test('number IDs, unknown reasons pass through, a duplicated ID keeps its first reason, blank lines skipped', async () => {
    const results = await dir.write(
      '.jsonl',
      `{"id":${A},"action":"delete","reason":"new_reason"}\n\n{"id":"${A}","action":"delete","reason":"deleted"}\r\n{"reason":"d\\u0065leted","id":"${B}"}`
    )
    const { result, removed } = await run(dir, { results, dataset: await dir.write('.txt', `${B}\n${A}\n`) })
    expect(removed.toString()).toBe(`${B}\tdeleted\n${A}\tnew_reason\n`)
    expect(result).toMatchObject({ resultsIds: 2, removedByReason: { deleted: 1, new_reason: 1 } })
  })

  test('removed rows by action: each reason takes the action of its first line that names one', async () => {
    const results = await dir.write(
      '.jsonl',
      [
        '{"id":"1","reason":"deleted"}', // no action yet: the next "deleted" line names it
        '{"id":"2","action":"delete","reason":"deleted"}',
        '{"id":"3","action":"d\\u0065lete","reason":"suspended"}',
        '{"id":"4","action":"scrub_geo","reason":"scrub_geo"}',
        '{"id":"5","reason":"protected"}',
        '{"id":"6","action":"other","reason":"deleted"}'
      ].join('\n')
    )
    const { result } = await run(dir, { results, dataset: await dir.write('.txt', '1\n2\n3\n4\n5\n6\n7\n') })
    expect(result.removedByReason).toEqual({ deleted: 3, suspended: 1, scrub_geo: 1, protected: 1 })
    expect(result.removedByAction).toEqual({ delete: 4, scrub_geo: 1, unknown: 1 })
    expect(Object.getPrototypeOf(result.removedByAction)).toBeNull()
  })

  test.each([
    ['{"id":"1","action":"delete"}', 'line 2 has no string "reason"'],
    ['{"action":"delete","reason":"deleted"}', 'line 2 has no "id"'],
    ['{"id":"x1","reason":"deleted"}', 'line 2 has an "id" ("x1") that is not 1 to 19 digits'],
    ['{"id":"1","reason":"deleted"', 'line 2 is not valid JSON'],
    ['not json', 'line 2 is not a JSON object']
  ])('%s: %s', async (line, message) => {
    const results = await dir.write('.jsonl', `${resultLine('1')}${line}\n`)
    const e = await failure(run(dir, { results, dataset: await dir.write('.txt', '1\n') }))
    expect(e.message).toContain(`results file ${JSON.stringify(results)} ${message}`)
    expect([e.file, e.line]).toEqual([results, 2])
  })
})

describe('options', () => {
  test('format by extension', () => {
    expect([
      formatOf('a.CSV'),
      formatOf('a.jsonl'),
      formatOf('a.ndjson'),
      formatOf('a.txt'),
      formatOf('ids')
    ]).toEqual(['csv', 'jsonl', 'jsonl', 'ids', 'ids'])
  })

  test('an explicit format overrides the extension', async () => {
    const results = await dir.write('.jsonl', resultLine('5'))
    const { kept } = await run(dir, {
      results,
      dataset: await dir.write('.txt', 'id\n5\n6\n'),
      format: 'csv'
    })
    expect(kept.toString()).toBe('id\n6\n')
  })

  test('outputs may not overwrite the inputs or each other', async () => {
    const results = await dir.write('.jsonl', '')
    const dataset = await dir.write('.txt', '1\n')
    const e = await failure(applyResults({ results, dataset, keepOut: dataset }))
    expect(e.message).toContain('dataset and keepOut are the same file')
    const e1 = await failure(applyResults({ results, dataset, keepOut: dir.file('.k'), removedOut: results }))
    expect(e1.message).toContain('results and removedOut are the same file')
    const out = dir.file('.out')
    await failure(applyResults({ results, dataset, keepOut: out, removedOut: out }))
  })

  test.each(['ids', 'csv'] as const)(
    '%s: aborting mid-stream stops and removes the partial outputs',
    async format => {
      const results = await dir.write('.jsonl', resultLine('5'))
      const rows = Array.from({ length: 400_000 }, (_, i) => `${i}\n`).join('')
      const dataset = await dir.write(
        format === 'csv' ? '.csv' : '.txt',
        format === 'csv' ? `id\n${rows}` : rows
      )
      const keepOut = dir.file('.keep')
      const ac = new AbortController()
      const p = applyResults({ results, dataset, keepOut, removedOut: `${keepOut}.rm`, signal: ac.signal })
      // Abort once the outputs exist, i.e. while the dataset streams.
      for (let i = 0; i < 2000; i++) {
        if (
          await stat(`${keepOut}.partial`).then(
            () => true,
            () => false
          )
        )
          break
        await new Promise(r => setTimeout(r, 1))
      }
      ac.abort(new Error('stop'))
      await expect(p).rejects.toThrow('stop')
      expect((await dir.list()).filter(f => f.endsWith('.partial'))).toEqual([])
      await expect(stat(keepOut)).rejects.toThrow()
    }
  )

  test("the outputs' directory is created", async () => {
    const results = await dir.write('.jsonl', '')
    const keepOut = `${dir.path}/new/sub/keep.txt`
    await applyResults({ results, dataset: await dir.write('.txt', '1\n'), keepOut })
    expect(await readFile(keepOut, 'utf8')).toBe('1\n')
  })

  test('missing files are ApplyErrors naming them', async () => {
    const results = await dir.write('.jsonl', '')
    const missing = dir.file('.txt')
    const e = await failure(applyResults({ results, dataset: missing, keepOut: dir.file('.keep') }))
    expect(e.message).toContain(`dataset ${JSON.stringify(missing)} cannot be read`)
    const e2 = await failure(applyResults({ results: missing, dataset: results, keepOut: dir.file('.keep') }))
    expect(e2.message).toContain(`results file ${JSON.stringify(missing)} cannot be read`)
  })

  test('an aborted signal stops the run and leaves nothing behind', async () => {
    const results = await dir.write('.jsonl', '')
    const dataset = await dir.write('.txt', '1\n')
    const keepOut = dir.file('.keep')
    const ac = new AbortController()
    ac.abort(new Error('stop'))
    await expect(applyResults({ results, dataset, keepOut, signal: ac.signal })).rejects.toThrow('stop')
    const csv = await dir.write('.csv', 'id\n1\n')
    const ac2 = new AbortController()
    const p = applyResults({ results, dataset: csv, keepOut, signal: ac2.signal })
    ac2.abort(new Error('stop'))
    await expect(p).rejects.toThrow('stop')
    expect((await dir.list()).filter(f => f.endsWith('.partial'))).toEqual([])
    await expect(readFile(keepOut)).rejects.toThrow()
  })
})
