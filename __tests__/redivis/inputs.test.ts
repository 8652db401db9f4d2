import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/action/inputs.js'
import { readRedivisInputs, REDIVIS_INPUT_DEFAULTS, type RedivisInputName } from '../../src/redivis/inputs.js'
import { escapeName, nextTableRef, parseTableReference, uploadNamePath } from '../../src/redivis/reference.js'

const BASE: Partial<Record<RedivisInputName, string>> = {
  'api-token': 'tok-123',
  table: 'demo.sandbox_dataset.posts',
  files: 'data/*.csv'
}

function read(over: Partial<Record<RedivisInputName, string>> = {}) {
  const all = { ...BASE, ...over }
  return readRedivisInputs(name => all[name as RedivisInputName])
}

function refused(over: Partial<Record<RedivisInputName, string>>): InputError {
  try {
    read(over)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return err as InputError
  }
  throw new Error('expected an InputError')
}

describe('redivis-upload inputs', () => {
  it('apply the action.yml defaults', () => {
    const i = read()
    expect(i).toMatchObject({
      kind: 'tabular',
      uploadType: '',
      uploadOptions: {},
      ifExists: 'fail',
      mergeStrategy: '',
      createNextVersion: true,
      wait: true,
      processingTimeoutMinutes: 60,
      concurrency: 4,
      resumableMinSize: 32 * 1024 * 1024,
      apiBaseUrl: 'https://redivis.com/api/v1',
      chunkSize: 64 * 1024 * 1024,
      maxRetries: 10
    })
    expect(REDIVIS_INPUT_DEFAULTS['chunk-size']).toBe('64MiB')
    expect(i.table).toEqual({
      owner: 'demo',
      dataset: 'sandbox_dataset',
      table: 'posts',
      datasetRefId: undefined,
      tableRefId: undefined
    })
  })

  it('split files into lines, dropping blanks and comments', () => {
    expect(read({ files: 'a.csv\n\n  b/*.csv  \n# not this\r\nc.csv' }).files).toEqual([
      'a.csv',
      'b/*.csv',
      'c.csv'
    ])
  })

  it.each([
    [{ 'api-token': '' }, 'api-token', /required.*data\.edit/],
    [{ 'api-token': 'two words' }, 'api-token', /spaces/],
    [{ table: '' }, 'table', /required/],
    [{ table: 'demo.posts' }, 'table', /not a table reference/],
    [{ table: 'demo.ds:current.posts' }, 'table', /version "current".*next version/],
    [{ table: 'demo.ds:v1_0.posts' }, 'table', /version "v1_0"/],
    [{ files: '\n\n' }, 'files', /required/],
    [{ kind: 'raw' }, 'kind', /tabular, files/],
    [{ kind: 'files', 'if-exists': 'skip' }, 'if-exists', /kind: files/],
    [{ 'if-exists': 'overwrite' }, 'if-exists', /fail, replace, skip/],
    [{ 'upload-type': 'csv' }, 'upload-type', /delimited/],
    [{ 'upload-options': '{"hasHeaderRow":true,"sheet":1}' }, 'upload-options', /unknown key "sheet"/],
    [{ 'upload-options': '{"delimiter":";;"}' }, 'upload-options', /one character/],
    [{ 'upload-options': '{"hasHeaderRow":"yes"}' }, 'upload-options', /true or false/],
    [{ 'upload-options': '[1]' }, 'upload-options', /JSON object/],
    [{ 'upload-options': '{' }, 'upload-options', /not JSON/],
    [{ 'merge-strategy': 'stack' }, 'merge-strategy', /append, replace/],
    [{ concurrency: '33' }, 'concurrency', /1 to 32/],
    [{ 'resumable-min-size': '32 MiB' }, 'resumable-min-size', /without a space/],
    [{ 'chunk-size': '100KiB' }, 'chunk-size', /multiple of 256 KiB/],
    [
      { 'api-base-url': 'http://redivis.example.com/api/v1' },
      'api-base-url',
      /API token must travel over https/
    ],
    [{ 'processing-timeout-minutes': '0' }, 'processing-timeout-minutes', /out of range/]
  ])('refuse %j naming %s', (over, input, message) => {
    const e = refused(over)
    expect(e.input).toBe(input)
    expect(e.message).toMatch(message)
  })

  it('accept every documented option with its type', () => {
    const opts = {
      hasHeaderRow: false,
      skipBadRecords: true,
      hasQuotedNewlines: true,
      allowJaggedRows: true,
      quoteCharacter: "'",
      escapeCharacter: null,
      delimiter: '\t',
      nullMarkers: ['NA', '']
    }
    expect(read({ 'upload-options': JSON.stringify(opts) }).uploadOptions).toEqual(opts)
  })
})

describe('Redivis references', () => {
  it('parse reference ids and an explicit next version', () => {
    const t = parseTableReference('demo.my_data:abc1:next.posts:x9')
    expect(t).toEqual({
      owner: 'demo',
      dataset: 'my_data',
      datasetRefId: 'abc1',
      table: 'posts',
      tableRefId: 'x9'
    })
    expect(nextTableRef(t)).toBe('demo.my_data:abc1:next.posts:x9')
  })

  it('escape names as Redivis does, and upload names with dots as underscores', () => {
    expect(escapeName('Posts 2024-01.CSV')).toBe('posts_2024_01_csv')
    expect(escapeName('a__b')).toBe('a_b')
    expect(uploadNamePath('posts.clean.csv')).toBe('posts_clean_csv')
  })
})
