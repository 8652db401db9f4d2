// `x-compliance media upload` and `demo media` through the bundled CLI (dist/cli/index.js), against the sandbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { SANDBOX_OAUTH1, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { assertBuilt, expectClean, jsonOf, makeDir, runCli } from './cli-runner.js'

const TOKEN = 'media-cli-user-token'
let sandbox: Sandbox
let dir: string

beforeAll(async () => {
  assertBuilt()
  sandbox = await startSandbox({ media: { processingMs: 300 } })
})
afterAll(async () => sandbox.close())
beforeEach(async () => {
  dir = await makeDir()
  sandbox.setFaults([])
  const png = Buffer.alloc(50_000, 7)
  Buffer.from('89504e470d0a1a0a', 'hex').copy(png)
  await fs.writeFile(path.join(dir, 'pic.png'), png)
  const mp4 = Buffer.alloc(40_000, 3)
  Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42', 'latin1')]).copy(mp4)
  await fs.writeFile(path.join(dir, 'clip.mp4'), mp4)
})

const base = () => ['media', 'upload', '--api-base-url', sandbox.apiBaseUrl, '--retry-base-delay-ms', '20']

function expectNoSecrets(run: Parameters<typeof expectClean>[0]): void {
  expectClean(run, undefined, TOKEN)
  for (const s of Object.values(SANDBOX_OAUTH1)) expectClean(run, undefined, s)
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/oauth_signature|Bearer /)
}

describe('x-compliance media upload', () => {
  it('uploads with X_USER_TOKEN and posts, printing the outputs as JSON', async () => {
    const run = await runCli(
      [...base(), '--file', 'pic.png', '--alt-text', 'a test', '--post-text', 'hello', '--json'],
      { cwd: dir, env: { X_USER_TOKEN: TOKEN } }
    )
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    const out = jsonOf(run)
    expect(out).toMatchObject({ 'processing-state': 'succeeded', 'bytes-uploaded': 50_000 })
    expect(out['post-url']).toBe(`https://x.com/i/web/status/${out['post-id'] as string}`)
    expect(sandbox.media().find(m => m.id === out['media-id'])).toMatchObject({
      auth: 'oauth2',
      altText: 'a test'
    })
    expectNoSecrets(run)
  })

  it('reads OAuth 1.0a credentials from a mode-0600 --token-file, and refuses one others can read (exit 2)', async () => {
    const file = path.join(dir, 'x-creds.json')
    const creds = {
      api_key: SANDBOX_OAUTH1.apiKey,
      api_key_secret: SANDBOX_OAUTH1.apiKeySecret,
      access_token: SANDBOX_OAUTH1.accessToken,
      access_token_secret: SANDBOX_OAUTH1.accessTokenSecret
    }
    await fs.writeFile(file, JSON.stringify(creds), { mode: 0o644 })
    await fs.chmod(file, 0o644)
    const n = sandbox.stats().requests.length
    const open = await runCli([...base(), '--file', 'clip.mp4', '--token-file', file], { cwd: dir })
    expect(open.code).toBe(2)
    expect(open.stderr).toMatch(/can be read by other users .*chmod 600/)
    expect(sandbox.stats().requests.length).toBe(n)
    await fs.chmod(file, 0o600)
    const run = await runCli([...base(), '--file', 'clip.mp4', '--token-file', file, '--json'], { cwd: dir })
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    expect(sandbox.media().find(m => m.id === jsonOf(run)['media-id'])).toMatchObject({
      auth: 'oauth1',
      state: 'succeeded'
    })
    expectNoSecrets(run)
  })

  it('exits 2 on bad input naming the flag or variable, 3 when X refuses the auth, 4 when processing fails', async () => {
    const both = await runCli([...base(), '--file', 'pic.png'], {
      cwd: dir,
      env: { X_USER_TOKEN: TOKEN, X_API_KEY: 'k' }
    })
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/X_USER_TOKEN and X_API_KEY are both given/)
    const appOnly = await runCli([...base(), '--file', 'pic.png'], {
      cwd: dir,
      env: { X_USER_TOKEN: `${'A'.repeat(24)}b` }
    })
    expect(appOnly.code).toBe(2)
    const refused = await runCli([...base(), '--file', 'pic.png'], {
      cwd: dir,
      env: {
        X_API_KEY: SANDBOX_OAUTH1.apiKey,
        X_API_KEY_SECRET: 'wrong-secret',
        X_ACCESS_TOKEN: SANDBOX_OAUTH1.accessToken,
        X_ACCESS_TOKEN_SECRET: SANDBOX_OAUTH1.accessTokenSecret
      }
    })
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/HTTP 401: .*OAuth 1\.0a user credentials/)
    sandbox.setFaults([{ on: 'mediaFinalize', do: { mediaOutcome: 'failed' } }])
    const failed = await runCli([...base(), '--file', 'clip.mp4', '--json'], {
      cwd: dir,
      env: { X_USER_TOKEN: TOKEN }
    })
    expect(failed.code).toBe(4)
    expect(jsonOf(failed)).toMatchObject({ 'processing-state': 'failed', 'exit-code': 4 })
    expectNoSecrets(failed)
  })

  it('`demo media` runs the flow in-process with faults and checks what X holds', async () => {
    const run = await runCli(['demo', 'media'], { cwd: dir, timeoutMs: 90_000 })
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    expect(run.stdout).toMatch(/Verified: X holds the 3145728 bytes of the file/)
    expect(run.stderr).toMatch(/appending segment \d+ failed \(network error ECONNRESET\)/)
    expectNoSecrets(run)
  })
})
