import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, truncate, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { ChunkReader } from '../../src/upload/chunk-reader.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chunk-reader-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

let count = 0
async function file(size: number): Promise<{ path: string; data: Buffer }> {
  const data = randomBytes(size)
  const path = join(dir, `f${count++}`)
  await writeFile(path, data)
  return { path, data }
}

describe('ChunkReader', () => {
  it('reads chunks, serving the next one from the read-ahead', async () => {
    const { path, data } = await file(2500)
    const reader = await ChunkReader.open(path, data.length, 1000)
    try {
      const first = await reader.read(0)
      expect(first.equals(data.subarray(0, 1000))).toBe(true)
      reader.prefetch(1000)
      expect(first.equals(data.subarray(0, 1000))).toBe(true) // the read-ahead goes to the other buffer
      expect((await reader.read(1000)).equals(data.subarray(1000, 2000))).toBe(true)
      reader.prefetch(2000)
      const last = await reader.read(2000)
      expect(last.equals(data.subarray(2000))).toBe(true)
      expect(last.length).toBe(500)
      expect(reader.prefetchHits).toBe(2)
      expect(reader.buffersAllocated).toBe(2)
    } finally {
      await reader.close()
    }
  })

  it('reads again from the file when the next offset is not the read-ahead one', async () => {
    const { path, data } = await file(4096)
    const reader = await ChunkReader.open(path, data.length, 1024)
    await reader.read(0)
    reader.prefetch(1024)
    expect((await reader.read(700)).equals(data.subarray(700, 1724))).toBe(true)
    expect(reader.prefetchHits).toBe(0)
    expect(reader.buffersAllocated).toBeLessThanOrEqual(2)
    await reader.close()
  })

  it('keeps at most two buffers and returns the right bytes for any sequence (property)', async () => {
    const { path, data } = await file(10_000)
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.boolean()), { minLength: 1, maxLength: 30 }),
        async (chunkSize, steps) => {
          const reader = await ChunkReader.open(path, data.length, chunkSize)
          try {
            for (const [offset, ahead] of steps) {
              const chunk = await reader.read(offset)
              expect(chunk.equals(data.subarray(offset, offset + chunkSize))).toBe(true)
              if (ahead) reader.prefetch(offset + chunk.length)
            }
            expect(reader.buffersAllocated).toBeLessThanOrEqual(2)
          } finally {
            await reader.close()
          }
        }
      ),
      { numRuns: 50 }
    )
  })

  it('sizes its buffers to a file smaller than a chunk, and allocates none for an empty file', async () => {
    const small = await file(10)
    const reader = await ChunkReader.open(small.path, 10, 1 << 20)
    expect((await reader.read(0)).equals(small.data)).toBe(true)
    expect(reader.buffersAllocated).toBe(1)
    await reader.close()
    const empty = await file(0)
    const none = await ChunkReader.open(empty.path, 0, 1 << 20)
    expect(none.buffersAllocated).toBe(0)
    await none.close()
  })

  it('fails clearly when the file shrank during the upload', async () => {
    const { path, data } = await file(3000)
    const reader = await ChunkReader.open(path, data.length, 1000)
    await reader.read(0)
    await truncate(path, 1500)
    await expect(reader.read(1000)).rejects.toThrow(
      /^file changed during upload: .* \(it ends at byte 1500, expected 3000/
    )
    await reader.close()
  })

  it('fails at open when the file is not the size the caller expects', async () => {
    const { path } = await file(100)
    await expect(ChunkReader.open(path, 99, 1000)).rejects.toThrow(/it is now 100 bytes, expected 99/)
  })

  it('notices a file modified in place', async () => {
    const { path, data } = await file(100)
    const reader = await ChunkReader.open(path, data.length, 1000)
    await reader.checkUnchanged()
    await utimes(path, new Date(), new Date(Date.now() + 60_000))
    await expect(reader.checkUnchanged()).rejects.toThrow(/it was modified/)
    await reader.close()
  })

  it('refuses offsets outside the file and reads after close', async () => {
    const { path } = await file(100)
    const reader = await ChunkReader.open(path, 100, 1000)
    await expect(reader.read(100)).rejects.toThrow(RangeError)
    await expect(reader.read(-1)).rejects.toThrow(RangeError)
    await reader.close()
    await reader.close()
    await expect(reader.read(0)).rejects.toThrow(/closed/)
  })
})
