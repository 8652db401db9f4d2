// End to end: `node dist/apply/index.js` exactly as the runner runs it, on files in its workspace.
import { describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { DIST_APPLY, makeRunDir, runAction, startAction } from '../helpers/action-runner.js'
import { waitUntil } from '../helpers/wait.js'

const results = (rows: [string, string, string][]) =>
  rows
    .map(([id, action, reason]) =>
      JSON.stringify({ id, action, created_at: '2026-12-01T00:00:00.000Z', reason })
    )
    .join('\n') + '\n'

const RESULTS = results([
  ['1001', 'delete', 'deleted'],
  ['1003', 'delete', 'suspended'],
  ['1004', 'scrub_geo', 'scrub_geo']
])

async function workspace(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await makeRunDir()
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await fs.writeFile(path.join(dir, name), content)
  }
  return dir
}

const apply = (dir: string, inputs: Record<string, string>) =>
  runAction({ 'results-file': 'results.jsonl', ...inputs }, { dir, entry: DIST_APPLY })

/** Files left in the workspace besides the given ones (no temporary file beside the dataset). */
async function extraFiles(dir: string, expected: string[]): Promise<string[]> {
  const all = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)))
  return all.filter(
    f =>
      !expected.includes(f) && !f.startsWith('runner_temp') && f !== 'github_output' && f !== 'step_summary'
  )
}

describe('apply end to end', () => {
  it('cleans an IDs file in place, with an ID in several rows and CRLF lines kept byte for byte', async () => {
    const dir = await workspace({
      'results.jsonl': RESULTS,
      'ids.txt': '1000\r\n1001\r\n1002\r\n1001\r\n1003\r\n'
    })
    const run = await apply(dir, { 'dataset-file': 'ids.txt' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(await fs.readFile(path.join(dir, 'ids.txt'), 'utf8')).toBe('1000\r\n1002\r\n')
    expect(run.outputs).toMatchObject({ 'kept-count': '2', 'removed-count': '3' })
    expect(JSON.parse(run.outputs.counts)).toEqual({
      total: 3,
      by_action: { delete: 3 },
      by_reason: { deleted: 2, suspended: 1 }
    })
    expect(await extraFiles(dir, ['results.jsonl', 'ids.txt'])).toEqual([])
    expect(await fs.readdir(path.join(dir, 'runner_temp'))).toEqual([])
  })

  it('cleans JSON lines by id-field into output-file, with the removed rows and their reasons', async () => {
    const rows =
      ['{"tweet_id":"1000","t":"a"}', '{"tweet_id":"1001","t":"b"}', '{"tweet_id":1004,"t":"c"}'].join('\n') +
      '\n'
    const dir = await workspace({ 'results.jsonl': RESULTS, 'data/posts.jsonl': rows })
    const run = await apply(dir, {
      'dataset-file': 'data/posts.jsonl',
      'id-field': 'tweet_id',
      'output-file': 'clean/posts.jsonl',
      'removed-file': 'removed.jsonl'
    })
    expect(run.code).toBe(0)
    expect(await fs.readFile(path.join(dir, 'clean/posts.jsonl'), 'utf8')).toBe(
      '{"tweet_id":"1000","t":"a"}\n'
    )
    expect(await fs.readFile(path.join(dir, 'data/posts.jsonl'), 'utf8')).toBe(rows)
    expect(await fs.readFile(path.join(dir, 'removed.jsonl'), 'utf8')).toBe(
      '{"tweet_id":"1001","t":"b","compliance_reason":"deleted"}\n{"tweet_id":1004,"t":"c","compliance_reason":"scrub_geo"}\n'
    )
    expect(JSON.parse(run.outputs.counts)).toEqual({
      total: 2,
      by_action: { delete: 1, scrub_geo: 1 },
      by_reason: { deleted: 1, scrub_geo: 1 }
    })
  })

  it('cleans JSON lines with CRLF line ends and an ID in several rows, kept rows byte for byte', async () => {
    const rows = [
      '{"id":"1000","t":"a"}',
      '{"id":"1001","t":"b"}',
      '{"id":"1002","t":"c"}',
      '{"id":"1001","t":"d"}',
      '{"id":"1000","t":"e"}',
      '{"id":1001,"t":"f"}'
    ]
    const dir = await workspace({ 'results.jsonl': RESULTS, 'posts.jsonl': rows.join('\r\n') + '\r\n' })
    const run = await apply(dir, { 'dataset-file': 'posts.jsonl', 'removed-file': 'removed.jsonl' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(await fs.readFile(path.join(dir, 'posts.jsonl'), 'utf8')).toBe(
      '{"id":"1000","t":"a"}\r\n{"id":"1002","t":"c"}\r\n{"id":"1000","t":"e"}\r\n'
    )
    const removed = (await fs.readFile(path.join(dir, 'removed.jsonl'), 'utf8')).split('\n').filter(Boolean)
    expect(removed.map(l => (JSON.parse(l) as { t: string }).t)).toEqual(['b', 'd', 'f'])
    expect(run.outputs).toMatchObject({ 'kept-count': '3', 'removed-count': '3' })
    expect(JSON.parse(run.outputs.counts)).toEqual({
      total: 3,
      by_action: { delete: 3 },
      by_reason: { deleted: 3 }
    })
    expect(await extraFiles(dir, ['results.jsonl', 'posts.jsonl', 'removed.jsonl'])).toEqual([])
    expect(await fs.readdir(path.join(dir, 'runner_temp'))).toEqual([])
  })

  it('cleans CSV with an ID in several rows, removing every one of them', async () => {
    const csv = 'tweet_id,text\n1003,"x"\n1000,y\n1003,"multi\nline"\n1002,z\n1003,w\n'
    const dir = await workspace({ 'results.jsonl': RESULTS, 'posts.csv': csv })
    const run = await apply(dir, { 'dataset-file': 'posts.csv', 'id-field': 'tweet_id' })
    expect(run.code).toBe(0)
    expect(await fs.readFile(path.join(dir, 'posts.csv'), 'utf8')).toBe('tweet_id,text\n1000,y\n1002,z\n')
    expect(run.outputs).toMatchObject({ 'kept-count': '2', 'removed-count': '3' })
    expect(JSON.parse(run.outputs.counts)).toEqual({
      total: 3,
      by_action: { delete: 3 },
      by_reason: { suspended: 3 }
    })
    expect(await extraFiles(dir, ['results.jsonl', 'posts.csv'])).toEqual([])
  })

  it('cleans CSV (quoted fields, a header-only file) and shows the reasons as a table and a Mermaid pie', async () => {
    const csv = 'name,tweet_id\r\n"Smith, J",1001\r\n"say ""hi""",1002\r\n'
    const dir = await workspace({
      'results.jsonl': results([['1001', 'delete', 'deleted "by" user']]),
      'posts.csv': csv,
      'empty.csv': 'name,tweet_id\n'
    })
    const run = await apply(dir, { 'dataset-file': 'posts.csv', 'id-field': 'tweet_id' })
    expect(run.code).toBe(0)
    expect(await fs.readFile(path.join(dir, 'posts.csv'), 'utf8')).toBe(
      'name,tweet_id\r\n"say ""hi""",1002\r\n'
    )
    expect(run.summary).toContain('<td>deleted &quot;by&quot; user</td><td>1</td>')
    expect(run.summary).toMatch(
      /```mermaid\npie title Removed rows by reason\n {4}"deleted #quot;by#quot; user" : 1\n```/
    )
    const header = await apply(dir, { 'dataset-file': 'empty.csv', 'id-field': 'tweet_id' })
    expect(header.code).toBe(0)
    expect(header.outputs).toMatchObject({ 'kept-count': '0', 'removed-count': '0' })
    expect(await fs.readFile(path.join(dir, 'empty.csv'), 'utf8')).toBe('name,tweet_id\n')
    expect(header.summary).not.toContain('```mermaid')
  })

  it.each([
    ['a missing dataset', { 'dataset-file': 'nope.csv' }, /nope\.csv/],
    [
      'an unknown format',
      { 'dataset-file': 'ids.txt', format: 'xml' },
      /format "xml" is not allowed: use one of ids, jsonl, csv/
    ],
    [
      'an id-field absent from the header',
      { 'dataset-file': 'posts.csv', 'id-field': 'post' },
      /posts\.csv" line 1 has no column "post" in its header/
    ],
    [
      'a results file that is not compliance JSON lines',
      { 'dataset-file': 'ids.txt', 'results-file': 'bad.jsonl' },
      /bad\.jsonl.*line 2/
    ],
    [
      'removed-file being the dataset-file',
      { 'dataset-file': 'ids.txt', 'removed-file': 'ids.txt' },
      /removed-file and dataset-file are the same file \(".*\/ids\.txt"\).*removed-file must be a path of its own/
    ],
    [
      'removed-file being the results-file',
      { 'dataset-file': 'ids.txt', 'output-file': 'out.txt', 'removed-file': './results.jsonl' },
      /removed-file and results-file are the same file \(".*\/results\.jsonl"\)/
    ],
    [
      'output-file being the results-file',
      { 'dataset-file': 'ids.txt', 'output-file': 'sub/../results.jsonl' },
      /output-file and results-file are the same file \(".*\/results\.jsonl"\).*never the results-file/
    ],
    [
      'output-file and removed-file being one file',
      { 'dataset-file': 'ids.txt', 'output-file': 'out.txt', 'removed-file': './out.txt' },
      /removed-file and output-file are the same file \(".*\/out\.txt"\)/
    ],
    [
      'removed-file being the dataset it replaces (output-file empty)',
      { 'dataset-file': 'posts.csv', 'id-field': 'tweet_id', 'removed-file': 'posts.csv' },
      /removed-file and dataset-file are the same file \(".*\/posts\.csv"\)/
    ]
  ])('refuses %s with a clear error and leaves the dataset untouched', async (_what, inputs, message) => {
    const files = {
      'results.jsonl': RESULTS,
      'bad.jsonl': `${JSON.stringify({ id: '1', reason: 'deleted' })}\nnot json\n`,
      'ids.txt': '1001\n1002\n',
      'posts.csv': 'a,tweet_id\nx,1001\n'
    }
    const dir = await workspace(files)
    const run = await apply(dir, inputs as Record<string, string>)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(new RegExp(`::error::.*${message.source}`))
    expect(run.summary).toMatch(/: failed<\/h2>[^]*<h3>Error<\/h3>[^]*The dataset was left as it was\./)
    expect(await fs.readFile(path.join(dir, 'ids.txt'), 'utf8')).toBe(files['ids.txt'])
    expect(await fs.readFile(path.join(dir, 'posts.csv'), 'utf8')).toBe(files['posts.csv'])
    expect(await fs.readFile(path.join(dir, 'results.jsonl'), 'utf8')).toBe(files['results.jsonl'])
    expect(await extraFiles(dir, Object.keys(files))).toEqual([])
  })

  it('a removed-file it cannot write (an existing directory) fails naming it and leaves the dataset as it was', async () => {
    const ids = '1000\n1001\n1002\n'
    const dir = await workspace({ 'results.jsonl': RESULTS, 'ids.txt': ids })
    await fs.mkdir(path.join(dir, 'removed'))
    const run = await apply(dir, { 'dataset-file': 'ids.txt', 'removed-file': 'removed' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::cannot write removed-file ".*\/removed": EISDIR.*Give removed-file a file path/
    )
    expect(await fs.readFile(path.join(dir, 'ids.txt'), 'utf8')).toBe(ids)
    expect((await fs.stat(path.join(dir, 'removed'))).isDirectory()).toBe(true)
    expect(run.summary).toContain('The dataset was left as it was.')
    expect(await extraFiles(dir, ['results.jsonl', 'ids.txt'])).toEqual([])
    expect(await fs.readdir(path.join(dir, 'runner_temp'))).toEqual([])
  })

  it('an interrupt while writing leaves the dataset as it was and no temporary file', async () => {
    const ids = Array.from({ length: 8_000_000 }, (_, i) => String(1_000_000 + i)).join('\n') + '\n'
    const dir = await workspace({ 'results.jsonl': RESULTS, 'big.txt': ids })
    const started = await startAction(
      { 'results-file': 'results.jsonl', 'dataset-file': 'big.txt' },
      { dir, entry: DIST_APPLY }
    )
    // Interrupt once the output is being written (its .partial exists under RUNNER_TEMP), not after a guess.
    const temp = path.join(dir, 'runner_temp')
    await waitUntil(
      async () => {
        if (started.child.exitCode !== null)
          throw new Error(`the action ended (${started.child.exitCode}) first`)
        const entries = await fs.readdir(temp, { recursive: true })
        return entries.some(e => e.endsWith('.partial'))
      },
      { what: 'a .partial output under RUNNER_TEMP', timeoutMs: 20_000, intervalMs: 5 }
    )
    started.child.kill('SIGINT')
    const run = await started.done
    const text = await fs.readFile(path.join(dir, 'big.txt'), 'utf8')
    expect(text.length).toBe(ids.length)
    expect(text === ids).toBe(true)
    expect(await extraFiles(dir, ['results.jsonl', 'big.txt'])).toEqual([])
    expect(await fs.readdir(path.join(dir, 'runner_temp'))).toEqual([])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::cancelled by SIGINT/)
  })
})
