// Runs prepareIdFile, countResultsFile or a CRC32C of the file once in a fresh process (a cold JIT, as in the action) and
// prints {ms, result}; the time is taken around the call, not node's startup.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ENGINE } from './common.mjs'
import { performance } from 'node:perf_hooks'

const [what, file] = process.argv.slice(2)

// The CRC32C exactly as the upload engine computes it (the hardware one where dist/native has a binary).
const { prepareIdFile, countResultsFile, fileCrc32c } = await import(ENGINE)
const tempDir = await mkdtemp(path.join(tmpdir(), 'x-compliance-bench-scan-'))
try {
  const t0 = performance.now()
  const result =
    what === 'ids'
      ? await prepareIdFile(file, { tempDir })
      : what === 'crc'
        ? await fileCrc32c(file)
        : await countResultsFile(file)
  const ms = performance.now() - t0
  process.stdout.write(JSON.stringify({ ms, result }) + '\n')
} finally {
  await rm(tempDir, { recursive: true, force: true })
}
