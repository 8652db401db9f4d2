// The run command in-process with a fake terminal: a progress bar on a TTY (and no duplicate plain progress
// lines), plain lines and no escape codes otherwise.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import type { CliContext } from '../../src/cli/common.js'
import { runCommand } from '../../src/cli/run.js'
import { makeDir, makeIds } from './cli-runner.js'

const TOKEN = 'ui-test-token-7Yt3'
let sandbox: Sandbox
let dir: string

beforeAll(async () => {
  sandbox = await startSandbox({ processingMs: 1200 })
  dir = await makeDir()
  await fs.writeFile(path.join(dir, 'ids.txt'), `${makeIds(75_000, 21).join('\n')}\n`)
})
afterAll(async () => {
  await sandbox?.close()
})

function fakeContext(tty: boolean) {
  const out: string[] = []
  const err: string[] = []
  const ctx: CliContext = {
    env: { X_BEARER_TOKEN: TOKEN, TMPDIR: dir },
    cwd: dir,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s), isTTY: tty, columns: 100 }
  }
  return { ctx, stdout: () => out.join(''), stderr: () => err.join('') }
}

const flags = () => ({
  type: 'tweets',
  idsFile: 'ids.txt',
  apiBaseUrl: sandbox.apiBaseUrl,
  pollIntervalSeconds: '1',
  chunkSize: '256KiB',
  stateFile: false as const
})

/** Lines as the terminal ends up showing them (a line clear keeps what follows it). */
const screenLines = (text: string) => text.split('\n').map(l => l.split('\r\x1b[K').at(-1) ?? '')

describe('terminal output of run', () => {
  it('draws a progress bar on a TTY instead of the plain 5 s progress lines, then the job status', async () => {
    // chunk 2 stalls 5.5 s: long enough for the workflow's plain "Upload: ..." line to come due
    sandbox.setFaults([{ on: 'chunk', nth: 2, do: { stall: { ms: 5500 } } }])
    const t = fakeContext(true)
    try {
      expect(await runCommand(flags(), t.ctx)).toBe(0)
    } finally {
      sandbox.setFaults([])
    }
    const err = t.stderr()
    expect(err).toMatch(/\r\x1b\[KUpload \[[#=-]*\] +\d+% {2}[0-9.]+\/1\.4 MiB {2}([0-9.]+|--) MB\/s {2}ETA /)
    expect(err).toMatch(/\r\x1b\[KJob \d+: (in_progress|created|uploaded)/)
    expect(err).not.toMatch(/(^|\n|\x1b\[K)Upload: /)
    expect(screenLines(err)).toContain('Uploading 1500000 bytes (75000 IDs) in chunks of up to 262144 bytes')
    expect(t.stdout()).toMatch(/^status\s+complete$/m)
    expect(t.stdout()).not.toContain('\x1b')
  }, 60_000)

  it('prints plain lines without escape codes when stderr is not a terminal', async () => {
    const t = fakeContext(false)
    expect(await runCommand({ ...flags(), json: true }, t.ctx)).toBe(0)
    expect(t.stderr()).not.toContain('\x1b')
    expect(t.stderr()).toMatch(/^Upload complete: /m)
    expect(JSON.parse(t.stdout())).toMatchObject({ status: 'complete' })
  })
})
