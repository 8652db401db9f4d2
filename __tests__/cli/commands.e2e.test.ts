// status, list, cancel, download, `sandbox --port` in one process with `run` in another, and `demo`: the bundled
// CLI as child processes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import { createServer } from 'node:net'
import * as path from 'node:path'
import { expectedResults, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { assertBuilt, expectClean, jsonOf, makeDir, makeIds, runCli, startCli } from './cli-runner.js'
import { waitUntil } from '../helpers/wait.js'

const TOKEN = 'cli-jobs-token-8Hq2mZ'
let sandbox: Sandbox
let dir: string

beforeAll(async () => {
  assertBuilt()
  sandbox = await startSandbox({ processingMs: 3000 })
  dir = await makeDir()
})
afterAll(async () => {
  await sandbox?.close()
})

const env = () => ({ X_BEARER_TOKEN: TOKEN })
const api = () => ['--api-base-url', sandbox.apiBaseUrl]

async function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const run = await runCli(args, { cwd: dir, env: { ...env(), ...extraEnv } })
  expectClean(run, sandbox, TOKEN)
  return run
}

describe('status, list, cancel, download', () => {
  it('follows a job from upload to results, and cancels another', async () => {
    const ids = makeIds(1500, 11)
    await fs.writeFile(path.join(dir, 'a.txt'), `${ids.join('\n')}\n`)
    await fs.writeFile(path.join(dir, 'b.txt'), `${makeIds(100, 12).join('\n')}\n`)

    // A job uploaded without waiting: in_progress for 3 s.
    const first = await cli([
      'run',
      '--type',
      'tweets',
      '--ids-file',
      'a.txt',
      ...api(),
      '--no-wait',
      '--json'
    ])
    expect(first.code).toBe(0)
    const id = jsonOf(first)['job-id'] as string
    expect(jsonOf(first)).toMatchObject({ status: 'in_progress', 'results-file': null })

    const status = await cli(['status', id, ...api(), '--json'])
    expect(status.code).toBe(0)
    expect(jsonOf(status)).toMatchObject({ id, type: 'tweets', status: 'in_progress' })
    expect(jsonOf(status)).not.toHaveProperty('upload_url')
    const human = await cli(['status', id, ...api()])
    expect(human.stdout).toMatch(new RegExp(`^job-id\\s+${id}$[\\s\\S]*^status\\s+in_progress$`, 'm'))

    const early = await cli(['download', id, ...api()])
    expect({ code: early.code, stderr: early.stderr }).toMatchObject({
      code: 6,
      stderr: expect.stringMatching(/is in_progress: its results are not ready/)
    })

    await waitUntil(() => sandbox.job(id)!.status === 'complete', { what: 'the job to complete' })
    const dl = await cli(['download', id, ...api(), '--results-file', 'res/a.jsonl', '--json'])
    expect({ code: dl.code, stderr: dl.stderr }).toMatchObject({ code: 0 })
    const want = expectedResults(ids, 'tweets')
    expect(jsonOf(dl)).toMatchObject({
      'job-id': id,
      'results-file': path.join(dir, 'res/a.jsonl'),
      'results-count': want.length
    })
    expect(await fs.readFile(path.join(dir, 'res/a.jsonl'), 'utf8')).toBe(`${want.join('\n')}\n`)

    // A second job (the first is done, so this one may be created), cancelled while in progress.
    const second = await cli([
      'run',
      '--type',
      'tweets',
      '--ids-file',
      'b.txt',
      ...api(),
      '--no-wait',
      '--json'
    ])
    const id2 = jsonOf(second)['job-id'] as string
    const cancel = await cli(['cancel', id2, ...api()])
    expect({ code: cancel.code, stdout: cancel.stdout }).toMatchObject({
      code: 0,
      stdout: `Cancelled job ${id2}.\n`
    })
    expect(sandbox.job(id2)!.cancelled).toBe(true)
    const failed = await cli(['download', id2, ...api()])
    expect(failed.code).toBe(4)

    const list = await cli(['list', '--type', 'tweets', ...api(), '--json'])
    expect(list.code).toBe(0)
    const jobs = JSON.parse(list.stdout) as { id: string; status: string }[]
    expect(jobs.map(j => j.id).sort()).toEqual([id, id2].sort())
    const complete = await cli(['list', '--type', 'tweets', '--status', 'complete', ...api(), '--json'])
    expect((JSON.parse(complete.stdout) as { id: string }[]).map(j => j.id)).toEqual([id])
    const table = await cli(['list', '--type', 'tweets', ...api()])
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+CREATED\s+NAME$/m)
    const none = await cli(['list', '--type', 'users', ...api()])
    expect(none.stdout).toBe('No users jobs.\n')
  })

  it('validates the arguments and the token like run does (exit 2, no request)', async () => {
    const before = sandbox.stats().requests.length
    expect((await cli(['status', '12x', ...api()])).code).toBe(2)
    expect((await cli(['list', ...api()])).code).toBe(2) // --type is required
    expect((await cli(['list', '--type', 'tweets', '--status', 'done', ...api()])).code).toBe(2)
    expect((await cli(['cancel', '1', '--api-base-url', 'http://example.com'])).code).toBe(2)
    const noToken = await runCli(['status', '1', ...api()], { cwd: dir })
    expect({ code: noToken.code, stderr: noToken.stderr }).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/X_BEARER_TOKEN/)
    })
    const flag = await runCli(['status', '1', ...api(), '--bearer-token', TOKEN], { cwd: dir })
    expect(flag.code).toBe(2)
    expectClean(flag, undefined, TOKEN)
    expect(sandbox.stats().requests.length).toBe(before)
  })
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise(resolve => server.close(resolve))
  return port
}

describe('sandbox and demo', () => {
  it('`sandbox --port P` in one process serves `run --api-base-url http://127.0.0.1:P` in another', async () => {
    const port = await freePort()
    const server = startCli(
      ['sandbox', '--port', String(port), '--processing-ms', '200', '--flagged-percent', '60'],
      { cwd: dir }
    )
    try {
      await waitUntil(() => server.output().stdout.includes('\n'), { what: 'the sandbox URL' })
      const url = server.output().stdout.trim()
      expect(url).toBe(`http://127.0.0.1:${port}`)
      const ids = makeIds(2000, 13)
      await fs.writeFile(path.join(dir, 'c.txt'), `${ids.join('\n')}\n`)
      const run = await runCli(
        [
          'run',
          '--type',
          'users',
          '--ids-file',
          'c.txt',
          '--api-base-url',
          url,
          '--poll-interval-seconds',
          '1',
          '--json'
        ],
        { cwd: dir, env: env() }
      )
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
      expectClean(run, undefined, TOKEN)
      const out = jsonOf(run)
      expect(out.status).toBe('complete')
      const want = expectedResults(ids, 'users', 60)
      expect(await fs.readFile(out['results-file'] as string, 'utf8')).toBe(`${want.join('\n')}\n`)
    } finally {
      server.child.kill('SIGINT')
    }
    const stopped = await server.done
    expect(stopped.code).toBe(0)
    expect(stopped.stderr).toMatch(/Received SIGINT: stopping the sandbox/)
    expectClean(stopped, undefined, TOKEN)
  })

  it('`sandbox` takes the tokens and OAuth 1.0a credentials it alone accepts, per service', async () => {
    const oauth1 = { api_key: 'k1', api_key_secret: 'ks1', access_token: 't1', access_token_secret: 'ts1' }
    await fs.writeFile(path.join(dir, 'oauth1.json'), JSON.stringify(oauth1))
    const server = startCli(
      ['sandbox', '--x-token', 'only-x', '--media-user-token', 'only-media', '--oauth1-file', 'oauth1.json'],
      { cwd: dir }
    )
    try {
      await waitUntil(() => server.output().stderr.includes('X media upload at'), {
        what: 'the sandbox banner'
      })
      const url = server.output().stdout.trim()
      const jobs = (token: string) =>
        fetch(`${url}/2/compliance/jobs?type=tweets`, { headers: { authorization: `Bearer ${token}` } })
      expect((await jobs('another')).status).toBe(401)
      expect((await jobs('only-x')).status).toBe(200)
      const init = (token: string) =>
        fetch(`${url}/2/media/upload/initialize`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ media_type: 'image/png', total_bytes: 10, media_category: 'tweet_image' })
        })
      expect((await init('another')).status).toBe(401)
      expect((await init('only-media')).status).toBeLessThan(300)
      const banner = server.output().stderr
      expect(banner).toMatch(/only the --x-token is accepted/)
      expect(banner).toMatch(
        /only the --media-user-token; OAuth 1\.0a credentials of --oauth1-file: api-key k1,/
      )
    } finally {
      server.child.kill('SIGINT')
    }
    expect((await server.done).code).toBe(0)
    await fs.writeFile(path.join(dir, 'bad-oauth1.json'), JSON.stringify({ api_key: 'k' }))
    const bad = await runCli(['sandbox', '--oauth1-file', 'bad-oauth1.json'], { cwd: dir })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--oauth1-file .*bad-oauth1\.json must hold exactly \{"api_key"/)
  })

  it('`demo` runs the flow in-process with faults and checks the results', async () => {
    const run = await runCli(['demo', '--ids', '40000'], { cwd: dir, timeoutMs: 90_000 })
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    expect(run.stdout).toMatch(/^status\s+complete$/m)
    expect(run.stdout).toMatch(/Verified: the results file is identical/)
    expect(run.stderr).toMatch(/Retrying the upload/)
    expectClean(run, undefined, 'demo-token-not-a-secret')
  })
})

describe('apply', () => {
  it('removes the IDs of a results file from a dataset', async () => {
    const ids = makeIds(50, 31)
    const flagged = [ids[3], ids[10], ids[42]]
    await fs.writeFile(path.join(dir, 'dataset.txt'), `${ids.join('\n')}\n`)
    await fs.writeFile(
      path.join(dir, 'results.jsonl'),
      flagged
        .map((id, i) =>
          JSON.stringify({
            id,
            action: 'delete',
            created_at: '2020-01-01T00:00:00.000Z',
            reason: i ? 'protected' : 'deleted'
          })
        )
        .join('\n') + '\n'
    )
    const args = ['apply', '--results', 'results.jsonl', '--dataset', 'dataset.txt', '--keep-out', 'kept.txt']
    const run = await runCli([...args, '--removed-out', 'removed.txt', '--json'], { cwd: dir })
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    expect(jsonOf(run)).toMatchObject({
      rows: 50,
      kept: 47,
      removed: 3,
      removedByReason: { deleted: 1, protected: 2 },
      keepOut: path.join(dir, 'kept.txt')
    })
    const kept = ids.filter(id => !flagged.includes(id))
    expect(await fs.readFile(path.join(dir, 'kept.txt'), 'utf8')).toBe(`${kept.join('\n')}\n`)
    const human = await runCli(args, { cwd: dir })
    expect(human.stdout).toMatch(/^removed\s+3 \(deleted 1, protected 2\)$/m)
    // the apply action's input names work as the same flags
    const named = await runCli(
      [
        'apply',
        '--results-file',
        'results.jsonl',
        '--dataset-file',
        'dataset.txt',
        '--output-file',
        'kept2.txt',
        '--removed-file',
        'removed2.txt'
      ],
      { cwd: dir }
    )
    expect({ code: named.code, stderr: named.stderr }).toMatchObject({ code: 0 })
    expect(await fs.readFile(path.join(dir, 'kept2.txt'), 'utf8')).toBe(`${kept.join('\n')}\n`)
    expect(
      (await fs.readFile(path.join(dir, 'removed2.txt'), 'utf8')).split('\n').filter(Boolean)
    ).toHaveLength(3)

    const badFormat = await runCli([...args, '--format', 'xml'], { cwd: dir })
    expect({ code: badFormat.code, stderr: badFormat.stderr }).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--format "xml" is not allowed/)
    })
    await fs.writeFile(path.join(dir, 'bad.txt'), '123\nnot-an-id\n')
    const badData = await runCli(
      ['apply', '--results', 'results.jsonl', '--dataset', 'bad.txt', '--keep-out', 'k2.txt'],
      { cwd: dir }
    )
    expect(badData.code).toBe(2)
    const missing = await runCli(['apply', '--results', 'results.jsonl', '--keep-out', 'k3.txt'], {
      cwd: dir
    })
    expect({ code: missing.code, stderr: missing.stderr }).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--dataset/)
    })
  })
})
