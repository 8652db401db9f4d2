// 10 million rows in the ids format against 1 million results: counts are right, memory stays far below
// the dataset's size (it scales with the results), and it runs at ~1M+ rows/s.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { open, readFile, stat } from 'node:fs/promises'
import { applyResults } from '../../src/apply/index.js'
import { TempDir } from './helpers.js'

const ROWS = 10_000_000
const EVERY = 10 // each 10th row is in the results
const dir = new TempDir()
beforeAll(() => dir.create('apply-big-'))
afterAll(() => dir.remove())

const PREFIX = Buffer.from('1200000')

/** The i-th ID: "1200000" + 12 digits of a scrambled counter (unique for i < 2^31 - 1), 19 digits. */
function writeId(buf: Buffer, at: number, i: number, prefix = true): void {
  if (prefix) PREFIX.copy(buf, at)
  let v = (i * 48271) % 2147483647 // < 2^31: int32 arithmetic below
  for (let d = at + 18; d >= at + 7; d--) {
    const q = (v / 10) | 0
    buf[d] = 0x30 + v - q * 10
    v = q
  }
}

const RESULT_HEAD = Buffer.from('{"id":"')
const RESULT_TAIL = [
  Buffer.from('","action":"delete","created_at":"2020-05-27T00:00:00.000Z","reason":"deleted"}\n'),
  Buffer.from('","action":"delete","created_at":"2020-05-27T00:00:00.000Z","reason":"protected"}\n')
]

/** Writes the dataset (20 bytes a row) and the results in 8 MiB blocks. */
async function generate(dataset: string, results: string): Promise<void> {
  const ds = await open(dataset, 'w')
  const rs = await open(results, 'w')
  const perBlock = Math.floor((8 << 20) / 20)
  const block = Buffer.alloc(perBlock * 20)
  for (let k = 0; k < perBlock; k++) {
    PREFIX.copy(block, k * 20)
    block[k * 20 + 19] = 0x0a
  }
  const rblock = Buffer.alloc(8 << 20)
  try {
    for (let first = 0; first < ROWS; first += perBlock) {
      const n = Math.min(perBlock, ROWS - first)
      let r = 0
      for (let k = 0; k < n; k++) {
        const i = first + k
        const at = k * 20
        writeId(block, at, i, false)
        if (i % EVERY === 0) {
          r += RESULT_HEAD.copy(rblock, r)
          r += block.copy(rblock, r, at, at + 19)
          r += RESULT_TAIL[(i / EVERY) % 2].copy(rblock, r)
        }
      }
      await ds.write(block, 0, n * 20)
      await rs.write(rblock, 0, r)
    }
  } finally {
    await ds.close()
    await rs.close()
  }
}

test('10M ids rows: counts, output, and memory scaling with the results, not the dataset', async () => {
  const dataset = dir.file('.txt')
  const results = dir.file('.jsonl')
  const keepOut = dir.file('.keep')
  const t0 = performance.now()
  await generate(dataset, results)
  const t1 = performance.now()
  const datasetBytes = (await stat(dataset)).size
  expect(datasetBytes).toBe(ROWS * 20)

  const before = process.memoryUsage.rss()
  let peak = before
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 10)
  let r
  try {
    r = await applyResults({ results, dataset, keepOut })
  } finally {
    clearInterval(sampler)
  }
  peak = Math.max(peak, process.memoryUsage.rss())
  const t2 = performance.now()
  const growth = peak - before
  console.log(
    `apply big: generate ${(t1 - t0).toFixed(0)} ms, apply ${(t2 - t1).toFixed(0)} ms ` +
      `(${((ROWS / (t2 - t1)) * 1000).toFixed(0)} rows/s), rss growth ${(growth / 2 ** 20).toFixed(0)} MiB ` +
      `for a ${(datasetBytes / 2 ** 20).toFixed(0)} MiB dataset`
  )
  expect(r).toEqual({
    rows: ROWS,
    kept: ROWS - ROWS / EVERY,
    removed: ROWS / EVERY,
    removedByReason: { deleted: ROWS / EVERY / 2, protected: ROWS / EVERY / 2 },
    removedByAction: { delete: ROWS / EVERY },
    resultsIds: ROWS / EVERY,
    unmatchedResults: 0
  })
  expect((await stat(keepOut)).size).toBe((ROWS - ROWS / EVERY) * 20)
  // Spot check the output: the first kept rows are rows 1..9.
  const head = (await readFile(keepOut)).subarray(0, 9 * 20)
  const want = Buffer.alloc(9 * 20)
  for (let k = 0; k < 9; k++) {
    writeId(want, k * 20, k + 1)
    want[k * 20 + 19] = 0x0a
  }
  expect(head.equals(want)).toBe(true)
  // Expected ~45 MiB: ~25 bytes per results ID while loading and sorting, 4 MiB read and 9 MiB write
  // buffers, the rest V8; the dataset itself is never held.
  expect(growth).toBeLessThan(datasetBytes / 3)
}, 120_000)
