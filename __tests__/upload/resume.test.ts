// store.resumeUri: continuing a session an earlier run (process) started.
import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { NetworkError } from '../../src/net/transport.js'
import { UploadError, uploadResumable } from '../../src/upload/gcs-resumable.js'
import { crc32c, FakeGcs, inTurn } from './fake-gcs.js'
import { CHUNK, expectIntact, options, setup, SIZE, useTempDir } from './harness.js'
import type { Run } from './harness.js'

useTempDir('upload-resume-')

/** An earlier run that stopped (was cancelled) once the server acknowledged `chunks` chunks. */
async function earlierRun(run: Run & { path: string }, chunks: number): Promise<string> {
  const controller = new AbortController()
  const err = await uploadResumable(
    options(run, {
      signal: controller.signal,
      store: { onAcknowledged: n => n >= chunks * CHUNK && controller.abort() }
    })
  ).catch(e => e)
  expect((err as NetworkError).code).toBe('ABORTED')
  const uri = run.uris[0]
  run.uris.length = 0
  run.files.length = 0
  return uri
}

const later = (run: Run) => run.fake.requests.slice(run.fake.requests.findIndex(r => r.kind === 'status'))

describe('uploadResumable with store.resumeUri', () => {
  it('asks the session first, then continues from its offset, hashing the kept prefix from the file', async () => {
    const run = await setup()
    const uri = await earlierRun(run, 1)
    const before = run.fake.requests.length
    const result = await uploadResumable(options(run, { store: { resumeUri: uri } }))
    expectIntact(run)
    const mine = run.fake.requests.slice(before)
    expect(mine.map(r => [r.kind, r.headers['content-range']])).toEqual([
      ['status', 'bytes */*'],
      ['chunk', `bytes ${CHUNK}-${2 * CHUNK - 1}/${SIZE}`],
      ['chunk', `bytes ${2 * CHUNK}-${SIZE - 1}/${SIZE}`]
    ])
    expect(result).toMatchObject({ bytes: SIZE, sessions: 1, crc32c: run.crc })
    expect(run.uris).toEqual([]) // store.onSession is for new sessions only
    expect(run.files[0].bytesRead).toBe(SIZE - CHUNK) // only what the server did not have
  })

  it('is done at once when the session is already finalized, after checking its CRC32C', async () => {
    const run = await setup()
    await uploadResumable(options(run))
    const before = run.fake.requests.length
    const result = await uploadResumable(options(run, { store: { resumeUri: run.uris[0] } }))
    expect(run.fake.requests.slice(before).map(r => r.kind)).toEqual(['status'])
    expect(result).toMatchObject({ status: 200, bytes: SIZE, crc32c: run.crc })
  })

  it('never accepts a finalized object that is not this file', async () => {
    const run = await setup()
    await uploadResumable(options(run))
    await writeFile(run.path, Buffer.alloc(SIZE, 1)) // another file of the same size
    const err = (await uploadResumable(options(run, { store: { resumeUri: run.uris[0] } })).catch(
      e => e
    )) as UploadError
    expect(err).toBeInstanceOf(UploadError)
    expect(err.message).toMatch(/differs from the file's/)
  })

  it('finalizes a session that holds every byte (F12)', async () => {
    const run = await setup(SIZE, [{ on: 'chunk', final: true, do: { holdFinal: true } }])
    const controller = new AbortController()
    await uploadResumable(
      options(run, {
        signal: controller.signal,
        store: { onAcknowledged: n => n === SIZE && controller.abort() }
      })
    ).catch(() => undefined)
    expect(run.fake.object).toBeUndefined()
    const before = run.fake.requests.length
    await uploadResumable(options(run, { store: { resumeUri: run.uris[0] } }))
    expect(run.fake.requests.slice(before).map(r => r.headers['content-range'])).toEqual([
      'bytes */*',
      `bytes */${SIZE}`
    ])
    expect(run.fake.requests.at(-1)?.headers['x-goog-hash']).toBe(`crc32c=${run.crc}`)
    expect(run.fake.object?.equals(run.data)).toBe(true)
  })

  it.each<[404 | 410 | 499]>([[404], [410], [499]])(
    'replaces a session that answers %i, through beforeNewSession',
    async status => {
      const run = await setup()
      const uri = await earlierRun(run, 1)
      run.fake.setFaults([{ on: 'status', do: { sessionGone: status } }])
      const reasons: string[] = []
      const result = await uploadResumable(
        options(run, { store: { resumeUri: uri }, beforeNewSession: r => void reasons.push(r) })
      )
      expect(reasons).toEqual([`the upload session is gone (HTTP ${status})`])
      expect(result.sessions).toBe(2)
      expect(run.uris).toHaveLength(1)
      expect(run.fake.object?.equals(run.data)).toBe(true)
      expect(
        later(run)
          .slice(0, 3)
          .map(r => r.kind)
      ).toEqual(['status', 'start', 'chunk'])
    }
  )

  it('retries a status query that fails, like any other', async () => {
    const run = await setup()
    const uri = await earlierRun(run, 1)
    run.fake.setFaults(inTurn('status', { status: 503 }, { reset: {} }))
    const result = await uploadResumable(options(run, { store: { resumeUri: uri } }))
    expect(run.retries.map(e => e.phase)).toEqual(['status', 'status'])
    expect(result.sessions).toBe(1)
    expect(run.fake.object?.equals(run.data)).toBe(true)
  })

  it('stops when the session claims more bytes than the file has (F16)', async () => {
    const run = await setup()
    const uri = await earlierRun(run, 1)
    run.fake.setFaults([{ on: 'status', do: { overReport: SIZE + 1 - CHUNK } }]) // CHUNK kept
    await expect(uploadResumable(options(run, { store: { resumeUri: uri } }))).rejects.toThrow(
      /server has more bytes than were sent: it reports 1311721 bytes, but the file has 1311720/
    )
  })

  it('fails clearly on a session URI the server refuses', async () => {
    const run = await setup()
    const uri = await earlierRun(run, 1)
    run.fake.setFaults([
      { on: 'status', do: { status: 403, body: '<Error><Code>AccessDenied</Code></Error>' } }
    ])
    const err = (await uploadResumable(options(run, { store: { resumeUri: uri } })).catch(e => e)) as Error
    expect(err.message).toMatch(
      /^asking the server for the upload status failed: the server answered HTTP 403/
    )
    expect(err.message).not.toContain(uri)
  })

  it('bytes an earlier run sent from a different file are caught by the CRC32C: one restart fixes it', async () => {
    const run = await setup()
    const uri = await earlierRun(run, 1)
    // The file now differs from what the earlier run sent (same size).
    const other = Buffer.from(run.data)
    other[10] ^= 1
    await writeFile(run.path, other)
    const result = await uploadResumable(options(run, { store: { resumeUri: uri } }))
    expect(result.sessions).toBe(2)
    expect(result.crc32c).toBe(await crc32c(other))
    expect(run.fake.object?.equals(other)).toBe(true)
  })

  it('treats a session the server does not know as lost: beforeNewSession decides', async () => {
    const run = await setup()
    const uri = await earlierRun(run, 2)
    const fresh = new FakeGcs(SIZE) // a different model: the session does not exist there
    const err = await uploadResumable(
      options(run, {
        transport: fresh.transport,
        store: { resumeUri: uri },
        beforeNewSession: () => {
          throw new Error('the start URL expired')
        }
      })
    ).catch(e => e)
    expect((err as Error).message).toBe('the start URL expired')
  })
})
