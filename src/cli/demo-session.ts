// What the three demos share: a temporary directory, the embedded sandbox with its faults, the command run
// against it, then the check's lines printed (as log lines with --json, so stdout stays the command's JSON).
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Sandbox, SandboxOptions } from '../sandbox/index.js'
import type { CliContext, Ui } from './common.js'
import { EXIT, exitCodeFor } from './exit-codes.js'

export interface DemoOutcome {
  /** The command's exit code. */
  code: number
  /** After a successful command: what the sandbox holds checked against the files. */
  check?: { ok: boolean; lines: string[] }
}

export async function runDemo(
  ui: Ui,
  ctx: CliContext,
  opts: { keep?: boolean },
  setup: { dirPrefix: string; prepare?: (dir: string) => Promise<void>; sandbox: SandboxOptions },
  body: (sandbox: Sandbox, dir: string) => Promise<DemoOutcome>
): Promise<number> {
  const { log } = ui
  const { startSandbox } = await import('../sandbox/index.js')
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), setup.dirPrefix))
  let sandbox: Sandbox | undefined
  try {
    await setup.prepare?.(dir)
    sandbox = await startSandbox(setup.sandbox)
    const { code, check } = await body(sandbox, dir)
    if (code !== EXIT.OK || !check) return code
    const text = [
      '',
      ...check.lines,
      `Files are in ${opts.keep ? dir : `${dir} (removed now; --keep keeps them)`}`
    ].join('\n')
    if (ui.json) log.info(text)
    else ctx.stdout.write(`${text}\n`)
    return check.ok ? EXIT.OK : EXIT.ERROR
  } catch (err) {
    log.error((err as Error).message)
    return exitCodeFor(err)
  } finally {
    await sandbox?.close()
    if (!opts.keep) await fs.rm(dir, { recursive: true, force: true })
  }
}
