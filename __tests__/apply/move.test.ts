// moveInto: a rename, or across filesystems (EXDEV) a copy beside the target renamed over it, never a copy
// straight over the target, and no temporary left behind when that fails.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { copyFile, readFile, rename } from 'node:fs/promises'
import * as path from 'node:path'
import { moveInto, type MoveFs } from '../../src/apply/move.js'
import { TempDir } from './helpers.js'

const dir = new TempDir()
beforeAll(() => dir.create('move-test-'))
afterAll(() => dir.remove())

const fsError = (code: string) => Object.assign(new Error(`${code}: fake`), { code })

/** The real operations, recording each call; `failRename(n)` makes the n-th rename (1-based) throw. */
function recording(failRename: (n: number) => Error | undefined) {
  const calls: string[][] = []
  let renames = 0
  const fs: MoveFs = {
    async rename(from, to) {
      calls.push(['rename', from, to])
      const err = failRename(++renames)
      if (err) throw err
      await rename(from, to)
    },
    async copyFile(from, to) {
      calls.push(['copyFile', from, to])
      await copyFile(from, to)
    }
  }
  return { fs, calls }
}

describe('moveInto', () => {
  test('across filesystems it copies to a temporary beside the target and renames that over it', async () => {
    const from = await dir.write('.kept', 'new\n')
    const to = await dir.write('.txt', 'old\n')
    const { fs, calls } = recording(n => (n === 1 ? fsError('EXDEV') : undefined))
    const before = await dir.list()
    await moveInto(from, to, fs)
    expect(await readFile(to, 'utf8')).toBe('new\n')
    expect(calls).toHaveLength(3)
    const [, [, copiedFrom, partial], [, renamedFrom, renamedTo]] = calls
    expect(copiedFrom).toBe(from)
    expect(path.dirname(partial)).toBe(path.dirname(to))
    expect(path.basename(partial)).toMatch(
      new RegExp(`^\\.${path.basename(to).replace('.', '\\.')}\\.x-compliance-[0-9a-f]{12}\\.partial$`)
    )
    expect([renamedFrom, renamedTo]).toEqual([partial, to])
    expect(await dir.list()).toEqual(before) // nothing left beside the target
  })

  test('when the final rename fails too, the target is as it was and the temporary is gone', async () => {
    const from = await dir.write('.kept', 'new\n')
    const to = await dir.write('.txt', 'old\n')
    const { fs } = recording(n => (n === 1 ? fsError('EXDEV') : fsError('EACCES')))
    const before = await dir.list()
    await expect(moveInto(from, to, fs)).rejects.toThrow('EACCES')
    expect(await readFile(to, 'utf8')).toBe('old\n')
    expect(await dir.list()).toEqual(before)
  })

  test('other rename errors are thrown as they are, without a copy', async () => {
    const from = await dir.write('.kept', 'new\n')
    const to = await dir.write('.txt', 'old\n')
    const { fs, calls } = recording(() => fsError('EISDIR'))
    await expect(moveInto(from, to, fs)).rejects.toThrow('EISDIR')
    expect(calls.map(c => c[0])).toEqual(['rename'])
    expect(await readFile(to, 'utf8')).toBe('old\n')
  })

  test('on one filesystem it is a plain rename', async () => {
    const from = await dir.write('.kept', 'new\n')
    const to = path.join(dir.path, 'sub', 'out.txt')
    await moveInto(from, to)
    expect(await readFile(to, 'utf8')).toBe('new\n')
  })
})
