#!/usr/bin/env node
// Builds every entry point into dist/ from one list. ncc's `-o DIR` deletes every .js below DIR, so each entry is
// built into a scratch folder of its own (in parallel, one per core) and dist/ is assembled from them at the end.
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { copyNativeCrc32c } from './native-crc32c.mjs'
import { writeLicenses } from './licenses.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** entry (under src/) -> folder under dist/ ('' = dist/ itself) */
export const ENTRIES = [
  {
    entry: 'src/compliance/index.ts',
    out: '',
    flags: ['--source-map', '--no-source-map-register'],
    // written from the bundle's webpack stats (scripts/licenses.mjs), the same on every build
    licenses: 'licenses.txt'
  },
  { entry: 'src/redivis/index.ts', out: 'redivis-upload' },
  { entry: 'src/media/index.ts', out: 'media-upload' },
  { entry: 'src/apply/entry.ts', out: 'apply' },
  { entry: 'src/sandbox/index.ts', out: 'sandbox' },
  { entry: 'src/cli/index.ts', out: 'cli', executable: true }
]

function ncc(entry, outDir, flags) {
  const bin = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build', entry, '-o', outDir, '-q', ...flags], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit']
    })
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve() : reject(new Error(`ncc failed for ${entry} (exit ${code})`))
    )
  })
}

async function pool(items, limit, work) {
  const queue = [...items]
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await work(item)
    })
  )
}

async function main() {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'xc-bundle-'))
  try {
    const started = Date.now()
    await pool(ENTRIES, Math.max(1, os.availableParallelism?.() ?? os.cpus().length), async e => {
      const out = path.join(scratch, e.out || 'root')
      const stats = path.join(scratch, `${e.out || 'root'}.stats.json`)
      await ncc(e.entry, out, [...(e.flags ?? []), ...(e.licenses ? ['--stats-out', stats] : [])])
      if (e.licenses) await writeLicenses(stats, root, path.join(out, e.licenses))
    })
    // The hardware CRC32C binaries every bundle loads from dist/native/ (the same set on any build machine).
    await copyNativeCrc32c(root, path.join(scratch, 'native'))
    const dist = path.join(root, 'dist')
    await fs.rm(dist, { recursive: true, force: true })
    await fs.mkdir(dist, { recursive: true })
    for (const e of ENTRIES) {
      const to = path.join(dist, e.out)
      await fs.cp(path.join(scratch, e.out || 'root'), to, { recursive: true })
      if (e.executable) await fs.chmod(path.join(to, 'index.js'), 0o755)
    }
    await fs.cp(path.join(scratch, 'native'), path.join(dist, 'native'), { recursive: true })
    console.log(
      `bundled ${ENTRIES.length} entries into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`
    )
  } finally {
    await fs.rm(scratch, { recursive: true, force: true })
  }
}

await main()
