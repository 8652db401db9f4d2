// Moving a finished output from RUNNER_TEMP over its target. A rename is atomic on one filesystem; across two
// (RUNNER_TEMP elsewhere: EXDEV) the file is copied to a temporary name beside the target and that is renamed over
// it, so the target is still either as it was or complete, and the temporary never stays behind.
import { randomBytes } from 'node:crypto'
import { copyFile, mkdir, rename, rm } from 'node:fs/promises'
import * as path from 'node:path'

/** The file operations moveInto uses; tests inject failures. */
export interface MoveFs {
  rename(from: string, to: string): Promise<void>
  copyFile(from: string, to: string): Promise<void>
}

const REAL_FS: MoveFs = { rename, copyFile }

/** The temporary name beside `to` that the cross-filesystem copy goes to first. */
export function partialNameFor(to: string): string {
  return path.join(
    path.dirname(to),
    `.${path.basename(to)}.x-compliance-${randomBytes(6).toString('hex')}.partial`
  )
}

export async function moveInto(from: string, to: string, fs: MoveFs = REAL_FS): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true })
  try {
    await fs.rename(from, to)
    return
  } catch (err) {
    if ((err as NodeJS.ErrnoException | null)?.code !== 'EXDEV') throw err
  }
  const partial = partialNameFor(to)
  let placed = false
  try {
    await fs.copyFile(from, partial)
    await fs.rename(partial, to)
    placed = true
  } finally {
    if (!placed) await rm(partial, { force: true }).catch(() => undefined)
  }
}
