// `x-compliance redivis upload` and `demo redivis` through the bundled CLI (dist/cli/index.js), against the sandbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { assertBuilt, expectClean, jsonOf, makeDir, runCli } from './cli-runner.js'

const TOKEN = 'rdv-cli-token-9Kq'
let sandbox: Sandbox
let dir: string

beforeAll(async () => {
  assertBuilt()
  sandbox = await startSandbox({ redivis: { token: TOKEN, processingMs: 100 } })
})
afterAll(async () => sandbox.close())
beforeEach(async () => {
  dir = await makeDir()
  sandbox.setFaults([])
})

const base = () => [
  'redivis',
  'upload',
  '--api-base-url',
  `${sandbox.apiBaseUrl}/api/v1`,
  '--retry-base-delay-ms',
  '20'
]
const env = { REDIVIS_API_TOKEN: TOKEN }

/** The token, every temp upload URL and its signature, and every session URI. */
function expectNoSecrets(run: Parameters<typeof expectClean>[0]): void {
  expectClean(run, undefined, TOKEN)
  for (const t of sandbox.redivis().tempUploads) {
    for (const s of [t.url, new URL(t.url).searchParams.get('X-Goog-Signature') ?? '', ...t.sessionIds]) {
      expect(run.stdout.includes(s) || run.stderr.includes(s) ? s : 'absent').toBe('absent')
    }
  }
}

describe('x-compliance redivis upload', () => {
  it('uploads files and prints the outputs as JSON', async () => {
    await fs.writeFile(path.join(dir, 'a.csv'), 'x,y\n1,2\n3,4\n')
    await fs.writeFile(path.join(dir, 'b.csv'), 'x,y\n5,6\n')
    const run = await runCli(
      [
        ...base(),
        '--table',
        'demo.sandbox_dataset.posts',
        '--file',
        'a.csv',
        '--file',
        'b.csv',
        '--if-exists',
        'replace',
        '--json'
      ],
      { cwd: dir, env }
    )
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    const out = jsonOf(run)
    expect(out).toMatchObject({ 'uploaded-count': 2, 'failed-count': 0, rows: 3, version: 'v1.1' })
    expect((out.uploads as { name: string; rows: number }[]).map(u => [u.name, u.rows])).toEqual([
      ['a.csv', 2],
      ['b.csv', 1]
    ])
    expectNoSecrets(run)
  })

  it('exits 2 on bad input with no request, naming the flag', async () => {
    const n = sandbox.stats().requests.length
    const run = await runCli([...base(), '--table', 'demo.sandbox_dataset.posts', '--file', 'missing.csv'], {
      cwd: dir,
      env
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--file: "missing\.csv" does not exist/)
    const noToken = await runCli([...base(), '--table', 'demo.sandbox_dataset.posts', '--file', 'x.csv'], {
      cwd: dir
    })
    expect(noToken.code).toBe(2)
    expect(noToken.stderr).toMatch(/no Redivis API token: set REDIVIS_API_TOKEN/)
    const flag = await runCli(
      [...base(), '--table', 'demo.sandbox_dataset.posts', '--file', 'x.csv', '--token', TOKEN],
      { cwd: dir, env }
    )
    expect(flag.code).toBe(2)
    expect(sandbox.stats().requests.length).toBe(n)
  })

  it('exits 3 when Redivis refuses the token, and 4 when an upload fails processing', async () => {
    await fs.writeFile(path.join(dir, 'jag.csv'), 'a,b\n1\n')
    const refused = await runCli([...base(), '--table', 'demo.sandbox_dataset.posts', '--file', 'jag.csv'], {
      cwd: dir,
      env: { REDIVIS_API_TOKEN: 'wrong-token' }
    })
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/HTTP 401/)
    const failed = await runCli(
      [
        ...base(),
        '--table',
        'demo.sandbox_dataset.posts',
        '--file',
        'jag.csv',
        '--if-exists',
        'replace',
        '--json'
      ],
      { cwd: dir, env }
    )
    expect(failed.code).toBe(4)
    expect(jsonOf(failed)).toMatchObject({ 'failed-count': 1, 'exit-code': 4 })
    expectNoSecrets(failed)
  })

  it('`demo redivis` runs the flow in-process with faults and checks the rows', async () => {
    const run = await runCli(['demo', 'redivis'], { cwd: dir, timeoutMs: 90_000 })
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    expect(run.stdout).toMatch(/Verified: each file is one upload in v1\.1/)
    expect(run.stderr).toMatch(/chunk failed \(network error ECONNRESET\)/)
    expectClean(run, undefined, 'demo-redivis-token-not-a-secret')
  })
})
