// Runs prepareIdFile, countResultsFile or a CRC32C of the file once in a fresh process (a cold JIT, as in the action) and
// prints {ms, result}; the time is taken around the call, not node's startup.
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ENGINE } from './common.mjs'
import { performance } from 'node:perf_hooks'

const [what, file] = process.argv.slice(2)

/** CRC32C of the file as the upload engine computes it (hash-wasm, 8 MiB reads, one thread). */
async function crc32c(path) {
  const { createCRC32 } = await import('hash-wasm')
  const hasher = await createCRC32(0x82f63b78)
  hasher.init()
  const fh = await open(path, 'r')
  try {
    const buf = Buffer.allocUnsafeSlow(8 << 20)
    for (let pos = 0; ;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos)
      if (bytesRead === 0) break
      hasher.update(buf.subarray(0, bytesRead))
      pos += bytesRead
    }
  } finally {
    await fh.close()
  }
  return hasher.digest('hex')
}
const { prepareIdFile, countResultsFile } = await import(ENGINE)
const tempDir = await mkdtemp(path.join(tmpdir(), 'x-compliance-bench-scan-'))
try {
  const t0 = performance.now()
  const result =
    what === 'ids'
      ? await prepareIdFile(file, { tempDir })
      : what === 'crc'
        ? await crc32c(file)
        : await countResultsFile(file)
  const ms = performance.now() - t0
  process.stdout.write(JSON.stringify({ ms, result }) + '\n')
} finally {
  await rm(tempDir, { recursive: true, force: true })
}
