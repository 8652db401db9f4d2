// The Redivis emulator's pure parts: references and name escaping, line counting across commits and
// rollbacks, and what processing finds in delimited and ndjson files.
import { describe, expect, it } from '@jest/globals'
import {
  escapeName,
  parseDatasetReference,
  parseTableReference,
  sameName
} from '../../src/sandbox/redivis-reference.js'
import { LineCounter, processUpload } from '../../src/sandbox/redivis-rows.js'

describe('references', () => {
  it('parses owner.dataset[:refId][:version].table[:refId], vN.M keeping its dot', () => {
    expect(parseTableReference('demo.sandbox_dataset:next.posts')).toEqual({
      owner: 'demo',
      dataset: 'sandbox_dataset',
      version: { kind: 'next' },
      table: 'posts'
    })
    expect(parseTableReference('demo.ds:ab12:v1.0.t:cd34')).toEqual({
      owner: 'demo',
      dataset: 'ds',
      datasetRefId: 'ab12',
      version: { kind: 'tag', major: 1, minor: 0 },
      table: 't',
      tableRefId: 'cd34'
    })
    expect(parseTableReference('demo.A test dataset:v2_13.A table')).toMatchObject({
      dataset: 'A test dataset',
      version: { kind: 'tag', major: 2, minor: 13 },
      table: 'A table'
    })
    expect(parseDatasetReference('demo.ds:current')).toEqual({
      owner: 'demo',
      dataset: 'ds',
      version: { kind: 'current' }
    })
    expect(parseDatasetReference('demo.ds')).toEqual({ owner: 'demo', dataset: 'ds' })
  })

  it.each([
    'demo',
    'demo.ds',
    'demo.ds.t.x',
    'demo.ds:next:ab12.t',
    'demo.ds:next:current.t',
    'demo.ds:a:b.t',
    'demo..t',
    'demo.ds.t:',
    'demo.ds.t:a:b'
  ])('%s is not a table reference', ref => {
    expect(parseTableReference(ref)).toBeUndefined()
  })

  it('escapes every character outside [A-Za-z0-9_] to _ and collapses runs; compares case-insensitively', () => {
    expect(escapeName('my posts.v2.csv')).toBe('my_posts_v2_csv')
    expect(escapeName('a--b__c')).toBe('a_b_c')
    expect(escapeName('Données 2024')).toBe('Donn_es_2024')
    expect(sameName('Posts.CSV', 'posts_csv')).toBe(true)
    expect(sameName('posts.csv', 'posts_1.csv')).toBe(false)
  })
})

describe('LineCounter', () => {
  const text = Buffer.from('a,b\r\n1,2\n\n\r\n3,4\n  \nlast')

  it('counts non-blank lines (a last line without newline counts; lines of only CR do not)', () => {
    const c = new LineCounter()
    c.push(text)
    c.end()
    expect(c.lines).toBe(5)
  })

  it('gives the same count however the bytes are split', () => {
    for (let a = 0; a <= text.length; a++)
      for (let b = a; b <= text.length; b += 3) {
        const c = new LineCounter()
        c.push(text.subarray(0, a))
        c.push(text.subarray(a, b))
        c.push(text.subarray(b))
        c.end()
        expect(c.lines).toBe(5)
      }
  })

  it('follows rollbacks and resets', () => {
    const c = new LineCounter()
    c.push(Buffer.from('x\ny'))
    const m = c.mark()
    c.push(Buffer.from('\nz\nw\n'))
    c.rollback(m)
    c.push(Buffer.from('y\n'))
    c.end()
    expect(c.lines).toBe(2)
    c.reset()
    c.end()
    expect(c.lines).toBe(0)
  })
})

describe('processUpload', () => {
  const delimited = (s: string, o = {}, name = 'f.csv') =>
    processUpload('delimited', name, o, { object: Buffer.from(s), lines: 0 })

  it('rows are records less the header; quotes protect delimiters, and newlines with hasQuotedNewlines', () => {
    expect(delimited('a,b\n1,2\n')).toEqual({ status: 'completed', numRows: 1 })
    expect(delimited('a,b\n"1,5",2\n"x ""q"", y",3\n')).toEqual({ status: 'completed', numRows: 2 })
    expect(delimited('a,b\n"multi\nline",2\n', { hasQuotedNewlines: true })).toEqual({
      status: 'completed',
      numRows: 1
    })
    expect(delimited('')).toEqual({ status: 'completed', numRows: 0 })
    expect(delimited('a,b\n')).toEqual({ status: 'completed', numRows: 0 })
  })

  it('a jagged row fails, naming its line and the header count; without a header, the first row', () => {
    expect(delimited('a,b,c\n1,2,3\n1,2,3,4\n')).toEqual({
      status: 'failed',
      errorMessage: 'Row 3 has 4 fields but the header has 3 (allowJaggedRows is false).'
    })
    expect(delimited('1,2\n3\n', { hasHeaderRow: false })).toEqual({
      status: 'failed',
      errorMessage: 'Row 2 has 1 fields but row 1 has 2 (allowJaggedRows is false).'
    })
  })

  it('honours delimiter, quoteCharacter and escapeCharacter', () => {
    expect(delimited("a|b\n'x|y'|2\n", { delimiter: '|', quoteCharacter: "'" })).toEqual({
      status: 'completed',
      numRows: 1
    })
    expect(delimited('a,b\nx\\,y,2\n', { escapeCharacter: '\\' })).toEqual({
      status: 'completed',
      numRows: 1
    })
    expect(delimited('a,b\n"x,y",2\n', { quoteCharacter: null })).toMatchObject({ status: 'failed' })
    expect(delimited('a\tb\n1\t2\n', {}, 'f.tsv')).toEqual({ status: 'completed', numRows: 1 })
  })

  it('without the object (discarded), rows come from the counted lines', () => {
    expect(processUpload('delimited', 'f.csv', {}, { lines: 4 })).toEqual({ status: 'completed', numRows: 3 })
    expect(processUpload('delimited', 'f.csv', { hasHeaderRow: false }, { lines: 4 })).toEqual({
      status: 'completed',
      numRows: 4
    })
    expect(processUpload('ndjson', 'f.ndjson', {}, { lines: 4 })).toEqual({ status: 'completed', numRows: 4 })
    expect(processUpload('delimited', 'f.csv', {}, { lines: 0 })).toEqual({ status: 'completed', numRows: 0 })
  })

  it('ndjson: skipBadRecords skips bad lines instead of failing', () => {
    const o = { object: Buffer.from('{"a":1}\nnope\n{"b":2}\n'), lines: 0 }
    expect(processUpload('ndjson', 'f.ndjson', {}, o)).toMatchObject({ status: 'failed' })
    expect(processUpload('ndjson', 'f.ndjson', { skipBadRecords: true }, o)).toEqual({
      status: 'completed',
      numRows: 2
    })
  })
})
