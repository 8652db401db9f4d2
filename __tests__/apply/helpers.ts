// Shared by the apply tests: a temp dir, file helpers and a results-line builder.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyWith, type Tuning } from '../../src/apply/engine.js'
import type { ApplyOptions, ApplyResult } from '../../src/apply/index.js'

export class TempDir {
  path = ''
  private n = 0
  async create(prefix: string): Promise<void> {
    this.path = await mkdtemp(join(tmpdir(), prefix))
  }
  async remove(): Promise<void> {
    if (this.path !== '') await rm(this.path, { recursive: true, force: true })
  }
  /** A fresh file name in the dir. */
  file(ext: string): string {
    return join(this.path, `f${++this.n}${ext}`)
  }
  async write(ext: string, content: string | Uint8Array): Promise<string> {
    const f = this.file(ext)
    await writeFile(f, content)
    return f
  }
  async list(): Promise<string[]> {
    return (await readdir(this.path)).sort()
  }
}

export const resultLine = (id: string, reason = 'deleted'): string =>
  `{"id":"${id}","action":"delete","created_at":"2020-05-27T00:00:00.000Z","reason":${JSON.stringify(reason)}}\n`

export const resultsText = (entries: [string, string][]): string =>
  entries.map(([id, r]) => resultLine(id, r)).join('')

export interface Run {
  result: ApplyResult
  kept: Buffer
  removed: Buffer
}

/** Runs apply with both outputs in `dir` and reads them back. */
export async function run(
  dir: TempDir,
  opts: Omit<ApplyOptions, 'keepOut' | 'removedOut'> & { removed?: boolean },
  tuning: Tuning = {}
): Promise<Run> {
  const keepOut = dir.file('.keep')
  const removedOut = dir.file('.removed')
  const { removed = true, ...rest } = opts
  const result = await applyWith({ ...rest, keepOut, removedOut: removed ? removedOut : undefined }, tuning)
  return {
    result,
    kept: await readFile(keepOut),
    removed: removed ? await readFile(removedOut) : Buffer.alloc(0)
  }
}
