import { describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  StateFileError,
  StateRecorder,
  checkState,
  readState,
  writeState,
  type UploadState
} from '../../src/compliance/state-file.js'
import { fileCrc32c } from '../../src/upload/crc32c.js'

const tmp = () => fs.mkdtemp(path.join(os.tmpdir(), 'xc-state-'))

const state = (over: Partial<UploadState> = {}): UploadState => ({
  version: 1,
  job: { id: '42', type: 'tweets', upload_url: 'https://u/?X-Goog-Signature=s', upload_expires_at: 'T' },
  file: { path: '/ids.txt', size: 10, crc32c: 'abc=' },
  updated_at: '',
  ...over
})

describe('state file', () => {
  it('round-trips, written atomically with mode 0600', async () => {
    const dir = await tmp()
    const file = path.join(dir, 'deep', 'state.json')
    await writeState(file, state({ session: { uri: 'https://u/?upload_id=x', acknowledged: 262144 } }))
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600)
    expect(await fs.readdir(path.dirname(file))).toEqual(['state.json']) // no temporary file left
    const back = await readState(file)
    expect(back?.session).toEqual({ uri: 'https://u/?upload_id=x', acknowledged: 262144 })
    expect(back?.updated_at).toMatch(/^\d{4}-/)
  })

  it('reads a missing file as no state, and refuses junk', async () => {
    const dir = await tmp()
    expect(await readState(path.join(dir, 'none.json'))).toBeUndefined()
    await fs.writeFile(path.join(dir, 'junk.json'), 'not json')
    await expect(readState(path.join(dir, 'junk.json'))).rejects.toThrow(/not valid JSON: delete it/)
    await fs.writeFile(path.join(dir, 'other.json'), '{"version":2}')
    await expect(readState(path.join(dir, 'other.json'))).rejects.toThrow(StateFileError)
  })

  it('refuses another type, another job-id, or changed upload bytes', () => {
    const s = state()
    expect(() => checkState(s, 'f', { type: 'users', jobId: '' })).toThrow(
      /belongs to tweets job 42, but type is users/
    )
    expect(() => checkState(s, 'f', { type: 'tweets', jobId: '7' })).toThrow(
      /belongs to job 42, but job-id is 7/
    )
    expect(() =>
      checkState(s, 'f', { type: 'tweets', jobId: '', upload: { size: 11, crc32c: 'abc=' } })
    ).toThrow(/ids-file changed since state-file f was written for job 42/)
    expect(() =>
      checkState(s, 'f', { type: 'tweets', jobId: '', upload: { size: 10, crc32c: 'zzz=' } })
    ).toThrow(/changed/)
    expect(() =>
      checkState(s, 'f', { type: 'tweets', jobId: '42', upload: { size: 10, crc32c: 'abc=' } })
    ).not.toThrow()
  })

  it('computes CRC32C as GCS reports it', async () => {
    const dir = await tmp()
    const file = path.join(dir, 'f')
    await fs.writeFile(file, '123456789')
    expect(await fileCrc32c(file)).toBe(Buffer.from([0xe3, 0x06, 0x92, 0x83]).toString('base64')) // the CRC-32C check value
  })

  it('the recorder writes urgent changes at once and others at most every gap', async () => {
    const dir = await tmp()
    const file = path.join(dir, 's.json')
    let now = 0
    const rec = new StateRecorder(file, state(), { now: () => now, minGapMs: 250 })
    await rec.flush() // the initial state is written before any change
    expect((await readState(file))?.job.id).toBe('42')
    await rec.update({ session: { uri: 'u1', acknowledged: 0 } }, true)
    expect((await readState(file))?.session?.uri).toBe('u1')
    now = 100
    await rec.update({ session: { uri: 'u1', acknowledged: 5 } })
    expect((await readState(file))?.session?.acknowledged).toBe(0) // too soon
    await rec.flush()
    expect((await readState(file))?.session?.acknowledged).toBe(5)
  })

  it('a failed write never rejects update(): it is kept, reported once, and flush() throws it naming the path', async () => {
    const dir = await tmp()
    await fs.writeFile(path.join(dir, 'not-a-dir'), '')
    const file = path.join(dir, 'not-a-dir', 's.json')
    const rec = new StateRecorder(file, state())
    const seen: Error[] = []
    rec.onFailure(e => seen.push(e))
    await expect(rec.update({ session: { uri: 'u1', acknowledged: 0 } }, true)).resolves.toBeUndefined()
    await rec.update({ session: { uri: 'u1', acknowledged: 9 } }, true)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toBeInstanceOf(StateFileError)
    expect(seen[0].message).toContain(`state-file ${file} cannot be written`)
    await expect(rec.flush()).rejects.toBe(seen[0])
  })

  it('finish() keeps only what a rerun needs to wait: no upload URL, no session URI', async () => {
    const dir = await tmp()
    const file = path.join(dir, 's.json')
    const rec = new StateRecorder(
      file,
      state({ session: { uri: 'https://u/?upload_id=x', acknowledged: 10 } })
    )
    await rec.flush()
    await rec.finish()
    const text = await fs.readFile(file, 'utf8')
    expect(text).not.toContain('https://u/')
    const back = await readState(file)
    expect(back).toMatchObject({ job: { id: '42', type: 'tweets' }, uploaded: true })
    expect(back?.job.upload_url).toBeUndefined()
    expect(back?.session).toBeUndefined()
    expect(back?.file).toEqual({ path: '/ids.txt', size: 10, crc32c: 'abc=' })
  })
})
