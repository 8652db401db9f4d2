// CRC32C end to end (F18), a file that changes under the upload (F24), and a long upload on a fake clock (F23).
import { describe, expect, it } from '@jest/globals'
import { open, stat, utimes, writeFile } from 'node:fs/promises'
import { crc32cImpl, crc32cOf, createCrc32c, fileCrc32c, nativeTargets } from '../../src/upload/crc32c.js'
import type { HttpRequest } from '../../src/net/transport.js'
import { UploadError, uploadResumable } from '../../src/upload/gcs-resumable.js'
import { BLOCK, crc32c, inTurn } from './fake-gcs.js'
import { CHUNK, expectIntact, makeFile, options, setup, SIZE, useTempDir } from './harness.js'
import type { Run } from './harness.js'

useTempDir('upload-integrity-')

describe('CRC32C', () => {
  it('native and WASM agree with each other and with an independent implementation, fed in any pieces', async () => {
    const { data } = await makeFile(300_001)
    const want = await crc32c(data)
    for (const impl of ['native', 'wasm'] as const) {
      if (impl === 'native' && crc32cImpl() !== 'native') continue // no binary for this platform: WASM only
      const hash = await createCrc32c(impl)
      for (const [a, b] of [
        [0, 1],
        [1, 70_000],
        [70_000, 70_000],
        [70_000, 300_001]
      ])
        hash.update(data.subarray(a, b))
      expect([impl, hash.digest()]).toEqual([impl, want])
    }
  })

  it('uses the hardware binary on this runner (Linux x64 glibc ships one), and WASM when told to', async () => {
    expect(nativeTargets('linux', 'x64')).toEqual(['linux-x64-gnu', 'linux-x64-musl'])
    expect(nativeTargets('linux', 'arm64')).toEqual(['linux-arm64-gnu', 'linux-arm64-musl'])
    expect(nativeTargets('darwin', 'arm64')).toEqual(['darwin-arm64'])
    expect(nativeTargets('win32', 'x64')).toEqual(['win32-x64-msvc'])
    expect(nativeTargets('linux', 'ia32')).toEqual([]) // WASM there
    if (process.platform === 'linux' && process.arch === 'x64') expect(crc32cImpl()).toBe('native')
  })

  it('gives GCS’s form for the check value of "123456789" and an empty file, both ways', async () => {
    for (const impl of ['native', 'wasm'] as const) {
      if (impl === 'native' && crc32cImpl() !== 'native') continue
      const hash = await createCrc32c(impl)
      hash.update(Buffer.from('123456789'))
      expect(Buffer.from(hash.digest(), 'base64').toString('hex')).toBe('e3069283')
      expect((await createCrc32c(impl)).digest()).toBe('AAAAAA==')
    }
  })

  it('hashes a whole file in one pass', async () => {
    const { path, data } = await makeFile(3 * 1024 * 1024 + 17)
    let read = 0
    expect(await fileCrc32c(path, n => void (read += n))).toBe(await crc32c(data))
    expect(read).toBe(data.length)
  })

  it('reads crc32c from x-goog-hash, among other hashes or repeated headers', () => {
    expect(crc32cOf('crc32c=n03x6A==,md5=Ojk9c3dhfxgoKVVHYwFbHQ==')).toBe('n03x6A==')
    expect(crc32cOf('md5=Ojk9c3dhfxgoKVVHYwFbHQ==, crc32c=n03x6A==')).toBe('n03x6A==')
    expect(crc32cOf('md5=abc')).toBeUndefined()
    expect(crc32cOf(null)).toBeUndefined()
  })
})

describe('uploadResumable: the CRC32C', () => {
  it('is sent on the finalizing request and returned, also when chunks are re-read and sessions replaced', async () => {
    const run = await setup(
      SIZE,
      inTurn('chunk', { keepLess: 1000 }, undefined, { dropAll: true }, undefined, { sessionGone: 410 })
    )
    const result = await uploadResumable(options(run))
    expectIntact(run)
    expect(result.crc32c).toBe(run.crc)
    expect(result.sessions).toBe(2)
  })

  it('is the caller’s when it has one (from a validation pass): the file is then read once, for the bodies', async () => {
    const run = await setup(SIZE)
    const result = await uploadResumable(options(run, { crc32c: run.crc }))
    expectIntact(run)
    expect(result.crc32c).toBe(run.crc)
    expect(run.files[0].bytesRead).toBe(SIZE)
  })

  it('a wrong caller CRC32C is refused by the server, rehashed, and the upload starts over once', async () => {
    const run = await setup(SIZE)
    const result = await uploadResumable(options(run, { crc32c: 'AAAAAA==' }))
    expect(run.fake.object?.equals(run.data)).toBe(true)
    expect(result).toMatchObject({ crc32c: run.crc, sessions: 2 })
    const finals = run.fake.chunkRequests().filter(r => r.headers['x-goog-hash'])
    expect(finals.map(r => r.headers['x-goog-hash'])).toEqual(['crc32c=AAAAAA==', `crc32c=${run.crc}`])
    expect(run.retries.at(-1)?.reason).toMatch(/the file's content changed, so starting once more/)
  })

  it('F18: the server refuses the CRC32C once: the file is unchanged, so it starts over once in a new session', async () => {
    const reasons: string[] = []
    const run = await setup(SIZE, [{ on: 'chunk', nth: 2, do: { corrupt: true } }])
    const result = await uploadResumable(options(run, { beforeNewSession: r => void reasons.push(r) }))
    expectIntact(run)
    expect(result.sessions).toBe(2)
    expect(reasons).toEqual([
      "the server's CRC32C check of the upload failed (HTTP 400 (InvalidArgument: Provided CRC32C " +
        `"${run.crc}" doesn't match calculated CRC32C "${await crc32c(run.fake.sessions[0].data)}".))`
    ])
    expect(run.retries.at(-1)).toMatchObject({
      phase: 'start',
      reason: expect.stringMatching(/starting once more/)
    })
    expect(result.faultsRecovered).toBe(1)
    // The first session is left as it is (never deleted): only starts and PUTs were sent.
    expect(new Set(run.fake.requests.map(r => r.method))).toEqual(new Set(['POST', 'PUT']))
  })

  it('F18: a second refusal is fatal, and nothing is finalized', async () => {
    const run = await setup(SIZE, inTurn('chunk', { corrupt: true }, undefined, undefined, { corrupt: true }))
    const err = (await uploadResumable(options(run)).catch(e => e)) as UploadError
    expect(err).toBeInstanceOf(UploadError)
    expect(err.status).toBe(400)
    expect(err.message).toMatch(
      /^the server's CRC32C check failed again after starting over in a new session/
    )
    expect(err.message).toMatch(/InvalidArgument: Provided CRC32C/)
    expect(run.fake.object).toBeUndefined()
    expect(run.fake.sessions).toHaveLength(2)
  })

  it('F18 on the empty finalizing PUT (bytes */total) works the same way', async () => {
    const run = await setup(SIZE, inTurn('chunk', { corrupt: true }, undefined, { holdFinal: true }))
    const result = await uploadResumable(options(run))
    expectIntact(run)
    expect(result.sessions).toBe(2)
    expect(run.fake.requests.filter(r => r.headers['content-range'] === `bytes */${SIZE}`)).toHaveLength(1)
  })

  it('storage-testbench’s 412 "crc32c validation failed" counts as a CRC32C refusal too', async () => {
    const body = '{"error":{"code":412,"message":"crc32c validation failed"}}'
    const run = await setup(SIZE, [{ on: 'chunk', final: true, do: { status: 412, body } }])
    const result = await uploadResumable(options(run))
    expect(result.sessions).toBe(2)
    expect(run.fake.object?.equals(run.data)).toBe(true)
  })

  it('a 412 precondition failure on the final chunk is fatal (F19)', async () => {
    const body =
      '<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold.</Message></Error>'
    const run = await setup(SIZE, [{ on: 'chunk', final: true, do: { status: 412, body } }])
    const err = (await uploadResumable(options(run)).catch(e => e)) as UploadError
    expect(err.status).toBe(412)
    expect(err.message).toMatch(/HTTP 412 \(PreconditionFailed: At least one/)
    expect(run.fake.sessions).toHaveLength(1)
  })

  it('a 400 on the final chunk that is not about the hash is fatal at once (F20)', async () => {
    const body = '<Error><Code>InvalidArgument</Code><Message>Invalid request.</Message></Error>'
    const run = await setup(SIZE, [{ on: 'chunk', final: true, do: { status: 400, body } }])
    const err = (await uploadResumable(options(run)).catch(e => e)) as UploadError
    expect(err.message).toMatch(/HTTP 400 \(InvalidArgument: Invalid request.\)/)
    expect(run.fake.sessions).toHaveLength(1)
  })

  it('a final answer whose crc32c differs from the file is never a success', async () => {
    const run = await setup(SIZE, [
      { on: 'chunk', final: true, do: { status: 200, headers: { 'x-goog-hash': 'crc32c=AAAAAA==' } } }
    ])
    const err = (await uploadResumable(options(run)).catch(e => e)) as UploadError
    expect(err).toBeInstanceOf(UploadError)
    expect(err.message).toBe(
      `the server finalized an object whose CRC32C (AAAAAA==) differs from the file's (${run.crc}); ` +
        'the stored object is not the file: run the upload again'
    )
  })

  it('the same check applies to a status query answering 200 after a lost final answer', async () => {
    const run = await setup(SIZE, [
      { on: 'chunk', final: true, do: { reset: {} } },
      { on: 'status', do: { status: 200, headers: { 'x-goog-hash': 'crc32c=AAAAAA==' } } }
    ])
    await expect(uploadResumable(options(run))).rejects.toThrow(/differs from the file's/)
  })
})

describe('uploadResumable: the file changes during the upload (F24)', () => {
  /** A transport that runs `change` (awaited) while the first data request is on its way. */
  const changingAtFirstChunk = (run: Run, change: () => Promise<void>) => {
    let changed = false
    return async (req: HttpRequest) => {
      if (!changed && req.body?.length) {
        changed = true
        await change()
      }
      return run.fake.transport(req)
    }
  }
  const overwrite = async (path: string, at: number, text: string) => {
    const fh = await open(path, 'r+')
    await fh.write(Buffer.from(text), 0, text.length, at)
    await fh.close()
  }

  it('fails with "file changed during upload" when it is rewritten in place (same size)', async () => {
    const run = await setup(SIZE)
    const transport = changingAtFirstChunk(run, async () => {
      await overwrite(run.path, CHUNK + 10, 'changed')
      await utimes(run.path, new Date(), new Date(Date.now() + 5000))
    })
    const err = (await uploadResumable(options(run, { transport })).catch(e => e)) as Error
    expect(err.message).toMatch(/^file changed during upload: .* \(it was modified\)/)
    expect(run.fake.object).toBeUndefined() // the final chunk was never sent
  })

  it('fails when it grows', async () => {
    const run = await setup(SIZE)
    const transport = changingAtFirstChunk(run, () =>
      writeFile(run.path, Buffer.concat([run.data, Buffer.from('more')]))
    )
    const err = (await uploadResumable(options(run, { transport })).catch(e => e)) as Error
    expect(err.message).toMatch(
      /^file changed during upload: .* \((it is now 1311724 bytes|it ends at byte \d+)/
    )
    expect(run.fake.object).toBeUndefined()
  })

  it('a change hidden from size and mtime is caught by the CRC32C: the object is the file as it is now', async () => {
    // Bytes already hashed change, then get re-sent (the server kept less): the server's check fails,
    // size and mtime look unchanged, so the upload starts over once and sends the file as it now is.
    const run = await setup(SIZE, [{ on: 'chunk', do: { keepLess: BLOCK } }])
    await utimes(run.path, 1e9, 1e9) // whole seconds, so they can be put back exactly
    const transport = changingAtFirstChunk(run, async () => {
      await overwrite(run.path, BLOCK + 5, 'XYZ')
      await utimes(run.path, 1e9, 1e9)
      expect((await stat(run.path)).mtimeMs).toBe(1e12)
    })
    const result = await uploadResumable(options(run, { transport }))
    const oldCrc = run.crc
    run.data.write('XYZ', BLOCK + 5)
    expect(run.fake.object?.equals(run.data)).toBe(true)
    expect(result.crc32c).toBe(await crc32c(run.data))
    expect(result.sessions).toBe(2)
    const finals = run.fake.chunkRequests().filter(r => r.headers['x-goog-hash'])
    expect(finals.map(r => [r.session, r.headers['x-goog-hash']])).toEqual([
      [0, `crc32c=${oldCrc}`], // hashed as first read, refused: the server got the changed bytes
      [1, `crc32c=${result.crc32c}`]
    ])
  })
})

describe('uploadResumable: a long upload (F23)', () => {
  it('keeps retrying hours into an upload: there is no total deadline, only the budget without progress', async () => {
    const run = await setup(
      SIZE,
      inTurn('chunk', { status: 503 }, undefined, { reset: {} }, undefined, { status: 500 })
    )
    // Every request takes 40 minutes of (fake) time.
    const transport = (req: HttpRequest) => {
      run.clock.time += 40 * 60_000
      return run.fake.transport(req)
    }
    const result = await uploadResumable(
      options(run, { transport, retry: { maxRetries: 1, baseDelayMs: 100 } })
    )
    expectIntact(run)
    expect(result.elapsedMs).toBeGreaterThan(4 * 3600_000)
    expect(result.faultsRecovered).toBe(3)
  })
})

describe('uploadResumable: store.onAcknowledged', () => {
  it('reports every change of the server’s offset, including a drop and a new session', async () => {
    const run = await setup(
      SIZE,
      inTurn('chunk', { keepLess: BLOCK }, undefined, { dropAll: true }, { sessionGone: 404 })
    )
    const acks: number[] = []
    await uploadResumable(options(run, { store: { onAcknowledged: n => void acks.push(n) } }))
    expectIntact(run)
    // keep 256K; then 256K + a 512K chunk; forgotten (0); lost at 0 (still 0); the new session's chunks
    expect(acks).toEqual([BLOCK, 3 * BLOCK, 0, CHUNK, 2 * CHUNK, SIZE])
  })
})
