// The leak scan guards every end-to-end test, so it gets tests of its own: it must catch what it is for.
import { describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { makeRunDir, parseOutputs, scanForLeaks, type ActionRun } from './action-runner.js'

async function fakeRun(over: Partial<ActionRun> = {}): Promise<ActionRun> {
  const dir = await makeRunDir()
  return {
    code: 0,
    signal: null,
    stdout: '',
    stderr: '',
    outputs: {},
    outputsRaw: '',
    summary: '',
    dir,
    artifactDir: path.join(dir, 'a'),
    ...over
  }
}

describe('scanForLeaks', () => {
  it('allows a secret only on ::add-mask:: lines', async () => {
    await expect(
      scanForLeaks(await fakeRun({ stdout: '::add-mask::s3cret\nok\n' }), ['s3cret'])
    ).resolves.toBeUndefined()
    await expect(
      scanForLeaks(await fakeRun({ stdout: '::add-mask::s3cret\nuploading to s3cret\n' }), ['s3cret'])
    ).rejects.toThrow(/stdout line 2/)
    await expect(scanForLeaks(await fakeRun({ stderr: 'x s3cret' }), ['s3cret'])).rejects.toThrow(
      /stderr line 1/
    )
  })

  it('checks outputs (with per-output exceptions), the summary and artifact files', async () => {
    await expect(scanForLeaks(await fakeRun({ outputs: { a: 'u=s3cret' } }), ['s3cret'])).rejects.toThrow(
      /output a/
    )
    await expect(
      scanForLeaks(await fakeRun({ outputs: { a: 'u=s3cret' } }), ['s3cret'], { allowed: { a: ['s3cret'] } })
    ).resolves.toBeUndefined()
    await expect(scanForLeaks(await fakeRun({ summary: '<p>s3cret</p>' }), ['s3cret'])).rejects.toThrow(
      /summary/
    )
    const run = await fakeRun()
    await fs.mkdir(path.join(run.artifactDir, 'n'), { recursive: true })
    await fs.writeFile(path.join(run.artifactDir, 'n', 'summary.json'), '{"x":"s3cret"}')
    await expect(scanForLeaks(run, ['s3cret'])).rejects.toThrow(/artifact file .*summary.json/)
  })
})

describe('parseOutputs', () => {
  it('reads heredoc records, the last one of a name winning', () => {
    expect(parseOutputs('a<<d1\nx\ny\nd1\nb<<d2\n\nd2\na<<d3\nz\nd3\n')).toEqual({ a: 'z', b: '' })
  })
})
