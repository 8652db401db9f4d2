import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import {
  INPUT_DEFAULTS,
  InputError,
  artifactNameFor,
  defaultResultsFile,
  envInputSource,
  parseChunkSize,
  readInputs,
  type InputName
} from '../../src/compliance/inputs.js'

const base = { 'bearer-token': 'tok-123456', type: 'tweets', 'ids-file': 'ids.txt' }
const read = (given: Partial<Record<InputName, string>>) =>
  readInputs(name => given[name], { workspace: '/work/space' })

function inputError(given: Partial<Record<InputName, string>>): InputError {
  try {
    read(given)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return err as InputError
  }
  throw new Error('expected an InputError')
}

describe('readInputs', () => {
  it('applies the action.yml defaults when inputs are unset or empty', () => {
    const a = read(base)
    const b = read({ ...base, wait: '', 'chunk-size': '', 'api-base-url': '' })
    for (const i of [a, b]) {
      expect(i.apiBaseUrl).toBe('https://api.x.com')
      expect(i.wait).toBe(true)
      expect(i.download).toBe(true)
      expect(i.pollIntervalSeconds).toBe(30)
      expect(i.waitTimeoutMinutes).toBe(360)
      expect(i.chunkSize).toBe(64 * 1024 * 1024)
      expect(i.maxRetries).toBe(10)
      expect(i.retryBaseDelayMs).toBe(1000)
      expect(i.requestTimeoutSeconds).toBe(120)
      expect(i.artifactName).toBe('x-compliance-{type}-{job-id}')
      expect(i.resultsFile).toBe('')
    }
  })

  it('keeps the code defaults identical to action.yml', () => {
    const yml = readFileSync(path.resolve('action.yml'), 'utf8')
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) {
      const block = new RegExp(`\\n  ${name}:\\n(?:    .*\\n|      .*\\n)*?    default: (.*)\\n`).exec(yml)
      if (name === 'bearer-token' || name === 'type') {
        expect(block).toBeNull()
        continue
      }
      expect(block?.[1].replace(/^'(.*)'$/, '$1')).toBe(value)
    }
  })

  it('treats an empty artifact-name as "no artifact" but an unset one as the default', () => {
    expect(read({ ...base, 'artifact-name': '' }).artifactName).toBeNull()
    expect(read(base).artifactName).toBe('x-compliance-{type}-{job-id}')
    expect(artifactNameFor('r-{type}-{job-id}-{job-id}', 'users', '42')).toBe('r-users-42-42')
  })

  it('resolves relative paths against the workspace', () => {
    const i = read({ ...base, 'results-file': 'out/r.jsonl' })
    expect(i.idsFile).toBe('/work/space/ids.txt')
    expect(i.resultsFile).toBe('/work/space/out/r.jsonl')
    expect(read({ ...base, 'ids-file': '/abs/ids.txt' }).idsFile).toBe('/abs/ids.txt')
  })

  it('defaults the results file under RUNNER_TEMP, else the OS temp dir', () => {
    expect(defaultResultsFile('77', { RUNNER_TEMP: '/rt' })).toBe('/rt/x-compliance/77.jsonl')
    expect(defaultResultsFile('77', {})).toMatch(/x-compliance\/77\.jsonl$/)
  })

  it('strips a "Bearer " prefix from the token', () => {
    expect(read({ ...base, 'bearer-token': 'Bearer abc%3Ddef' }).bearerToken).toBe('abc%3Ddef')
  })

  it.each([
    [{ 'bearer-token': '' }, 'bearer-token', /required/],
    [{ 'bearer-token': 'a b' }, 'bearer-token', /spaces/],
    [{ type: 'posts' }, 'type', /"posts" is not allowed: use `tweets` or `users`/],
    [{ type: '' }, 'type', /required/],
    [{ 'ids-file': '' }, 'ids-file', /required/],
    [{ 'job-id': '12ab' }, 'job-id', /not a job ID/],
    [{ 'job-name': 'x'.repeat(65) }, 'job-name', /65 characters.*at most 64/],
    [{ 'api-base-url': 'http://example.com' }, 'api-base-url', /only for a loopback host/],
    [{ 'api-base-url': 'ftp://127.0.0.1' }, 'api-base-url', /https/],
    [{ 'api-base-url': 'not a url' }, 'api-base-url', /not a URL/],
    [{ 'api-base-url': 'https://u:p@api.x.com' }, 'api-base-url', /credentials/],
    [{ wait: 'yes' }, 'wait', /"yes" is not a boolean: use true or false/],
    [{ download: '1' }, 'download', /not a boolean/],
    [{ 'poll-interval-seconds': '0' }, 'poll-interval-seconds', /out of range: use an integer from 1/],
    [{ 'poll-interval-seconds': '1.5' }, 'poll-interval-seconds', /not a whole number/],
    [{ 'wait-timeout-minutes': '-1' }, 'wait-timeout-minutes', /not a whole number/],
    [{ 'max-retries': '101' }, 'max-retries', /from 0 to 100/],
    [{ 'retry-base-delay-ms': '0' }, 'retry-base-delay-ms', /out of range/],
    [{ 'request-timeout-seconds': 'abc' }, 'request-timeout-seconds', /not a whole number/],
    [{ 'chunk-size': '8MB' }, 'chunk-size', /"8MB" is not a size: use bytes, KiB or MiB/],
    [{ 'chunk-size': '8 MiB' }, 'chunk-size', /not a size/],
    [{ 'chunk-size': '100KiB' }, 'chunk-size', /multiple of 256 KiB/],
    [{ 'artifact-name': 'a/b' }, 'artifact-name', /not allow/]
  ])('rejects %p naming the input', (given, input, message) => {
    const err = inputError({ ...base, ...given })
    expect(err.input).toBe(input)
    expect(err.message).toContain(input)
    expect(err.message).toMatch(message)
  })

  it('never quotes the bearer token in an error', () => {
    const err = inputError({ ...base, 'bearer-token': 'secret\nvalue' })
    expect(err.message).not.toContain('secret')
  })

  it('allows job-id without ids-file, and loopback http', () => {
    const i = read({
      'bearer-token': 't',
      type: 'users',
      'job-id': '123',
      'api-base-url': 'http://127.0.0.1:8080/'
    })
    expect(i.idsFile).toBe('')
    expect(i.apiBaseUrl).toBe('http://127.0.0.1:8080')
    expect(read({ ...base, 'api-base-url': 'http://[::1]:9/' }).apiBaseUrl).toBe('http://[::1]:9')
  })
})

describe('parseChunkSize', () => {
  it.each([
    ['262144', 262144],
    ['256KiB', 262144],
    ['8MiB', 8388608],
    ['1024MiB', 1073741824]
  ])('%s = %d bytes', (raw, bytes) => expect(parseChunkSize(raw)).toBe(bytes))

  it.each(['0', '1025MiB', '262145', '8mib', '8MiB ', '1GiB'])('rejects %s', raw =>
    expect(() => parseChunkSize(raw)).toThrow(InputError)
  )
})

describe('envInputSource', () => {
  it('reads INPUT_ names with hyphens kept, trims, and tells unset from empty', () => {
    const src = envInputSource({ 'INPUT_BEARER-TOKEN': '  t  ', 'INPUT_ARTIFACT-NAME': '' })
    expect(src('bearer-token')).toBe('t')
    expect(src('artifact-name')).toBe('')
    expect(src('job-id')).toBeUndefined()
  })
})
