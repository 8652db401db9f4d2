// The hardware CRC32C binaries (@node-rs/crc32) that dist/native/ ships, the same set whatever machine bundles:
// npm installs only the host's platform package, so the others are fetched once with `npm pack` (the project's
// registry and proxy settings), checked against package-lock.json's integrity, and cached in node_modules/.cache.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/** The runners the action supports; anything else hashes with WASM. */
export const NATIVE_TARGETS = [
  'linux-x64-gnu',
  'linux-x64-musl',
  'linux-arm64-gnu',
  'linux-arm64-musl',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64-msvc',
  'win32-arm64-msvc'
]

async function lockEntry(root, name) {
  const lock = JSON.parse(await fs.readFile(path.join(root, 'package-lock.json'), 'utf8'))
  const entry = lock.packages[`node_modules/${name}`]
  if (!entry?.version || !entry.integrity)
    throw new Error(`package-lock.json has no version or integrity for ${name}`)
  return entry
}

async function fetchBinary(root, target, cacheDir) {
  const name = `@node-rs/crc32-${target}`
  const { version, integrity } = await lockEntry(root, name)
  const file = path.join(cacheDir, version, `crc32.${target}.node`)
  if (existsSync(file)) return file
  const installed = path.join(root, 'node_modules', name, `crc32.${target}.node`)
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'xc-native-'))
  try {
    let source = installed
    if (!existsSync(installed)) {
      const tgz = execFileSync(
        'npm',
        ['pack', `${name}@${version}`, '--pack-destination', work, '--silent'],
        {
          cwd: work,
          encoding: 'utf8'
        }
      )
        .trim()
        .split('\n')
        .at(-1)
      const tarball = path.join(work, tgz)
      const [algo, expected] = integrity.split(/-(.*)/s)
      const actual = createHash(algo)
        .update(await fs.readFile(tarball))
        .digest('base64')
      if (actual !== expected)
        throw new Error(`${name}@${version}: the tarball does not match package-lock.json's integrity`)
      execFileSync('tar', ['-xzf', tarball, '-C', work])
      source = path.join(work, 'package', `crc32.${target}.node`)
    }
    await fs.mkdir(path.dirname(file), { recursive: true })
    await fs.copyFile(source, `${file}.tmp`)
    await fs.rename(`${file}.tmp`, file)
    return file
  } finally {
    await fs.rm(work, { recursive: true, force: true })
  }
}

/** Copies every native binary into `dir` (crc32.<target>.node). */
export async function copyNativeCrc32c(root, dir) {
  const cacheDir = path.join(root, 'node_modules', '.cache', 'x-compliance-native')
  await fs.mkdir(dir, { recursive: true })
  for (const target of NATIVE_TARGETS) {
    const file = await fetchBinary(root, target, cacheDir)
    await fs.copyFile(file, path.join(dir, path.basename(file)))
  }
}
