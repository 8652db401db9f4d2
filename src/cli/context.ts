// The light part of the CLI's shared code, imported by the entry: no engine, no @actions/core.
import { UsageError } from './exit-codes.js'

export interface CliStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

export interface CliContext {
  env: NodeJS.ProcessEnv
  cwd: string
  stdout: CliStream
  stderr: CliStream
}

export function processContext(): CliContext {
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr }
}

export const TOKEN_ENV = 'X_BEARER_TOKEN'

export const TOKEN_FLAG_REFUSED =
  'is not accepted: a token on the command line is visible to every user of this machine (ps, /proc) and ' +
  `is saved in your shell history. Set ${TOKEN_ENV} in the environment, or put the token in a file readable ` +
  'only by you and pass --token-file <path>.'

/** Refuses the flags that would put a token in argv. */
export function checkNoTokenFlag(opts: Record<string, unknown>): void {
  for (const [key, flag] of [
    ['token', '--token'],
    ['bearerToken', '--bearer-token']
  ] as const) {
    if (opts[key] !== undefined) throw new UsageError(`${flag} ${TOKEN_FLAG_REFUSED}`)
  }
}

/** Waits until stdout and stderr took everything written so far, then exits. */
export async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map(
      s => new Promise<void>(resolve => (s.writableLength === 0 ? resolve() : s.write('', () => resolve())))
    )
  )
  process.exit(code)
}
