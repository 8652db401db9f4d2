// The shared action wrapper, in-process: secrets masked first, one failure line, outputs and summary in the
// `finally` (success, failure, cancel), the exit code.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createLogger } from '../../src/action/log.js'
import { runAction, type ActionDefinition } from '../../src/action/run-action.js'

const SECRET = 'tok-Very-Secret-1234'
let dir: string
let lines: string[]

const savedOutput = process.env.GITHUB_OUTPUT
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xc-wrapper-'))
  lines = []
  process.env.GITHUB_OUTPUT = path.join(dir, 'out') // @actions/core writes outputs to the process's own file
  await fs.writeFile(process.env.GITHUB_OUTPUT, '') // the runner creates it
})
afterEach(async () => {
  process.exitCode = 0
  if (savedOutput === undefined) delete process.env.GITHUB_OUTPUT
  else process.env.GITHUB_OUTPUT = savedOutput
  await fs.rm(dir, { recursive: true, force: true })
})

function envWithFiles(): NodeJS.ProcessEnv {
  return {
    GITHUB_OUTPUT: path.join(dir, 'out'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    INPUT_TOKEN: SECRET
  }
}

function define(over: Partial<ActionDefinition>): ActionDefinition & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    secrets: env => [env.INPUT_TOKEN ?? ''],
    run: async () => undefined,
    outputs: (set, error) => {
      calls.push(`outputs:${error ?? 'ok'}`)
      set('result', error ? 'failed' : 'done')
    },
    summary: error => `<p>${error ?? 'all good'}</p>\n`,
    ...over
  }
}

const run = (def: ActionDefinition, env = envWithFiles()) =>
  runAction(def, { env, log: createLogger({ inActions: false, write: l => lines.push(l) }) })

describe('runAction', () => {
  it('masks the secrets before the work runs, and writes outputs and summary on success', async () => {
    const def = define({
      run: async ({ log }) => {
        log.info(`the token is ${SECRET}`)
      }
    })
    const outcome = await run(def)
    expect(outcome).toEqual({ signal: undefined, error: undefined })
    expect(lines).toEqual(['the token is ***'])
    expect(def.calls).toEqual(['outputs:ok'])
    expect(await fs.readFile(path.join(dir, 'out'), 'utf8')).toMatch(/^result<<.*\ndone\n/)
    expect(await fs.readFile(path.join(dir, 'summary'), 'utf8')).toBe('<p>all good</p>\n')
    expect(process.exitCode ?? 0).toBe(0)
  })

  it('a failure is one redacted error line, exit code 1, and still outputs and a summary', async () => {
    const def = define({
      run: async () => {
        throw new Error(`X refused ${SECRET}`)
      }
    })
    const outcome = await run(def)
    expect(outcome.error).toBe('X refused ***')
    expect(lines).toEqual(['error: X refused ***'])
    expect(process.exitCode).toBe(1)
    expect(def.calls).toEqual(['outputs:X refused ***'])
    const summary = await fs.readFile(path.join(dir, 'summary'), 'utf8')
    expect(summary).toBe('<p>X refused ***</p>\n')
    expect(summary).not.toContain(SECRET)
  })

  it('outputs or a summary that cannot be written are warnings, not failures', async () => {
    const env = { ...envWithFiles(), GITHUB_STEP_SUMMARY: path.join(dir, 'missing', 'summary') }
    await fs.rm(path.join(dir, 'out'))
    const outcome = await run(define({}), env)
    expect(outcome.error).toBeUndefined()
    expect(lines.filter(l => l.startsWith('warning: '))).toEqual([
      expect.stringMatching(/^warning: The outputs could not be written: Missing file/),
      expect.stringMatching(/^warning: The job summary could not be written/)
    ])
  })

  it('SIGINT aborts the work; the run fails with the cancel message, outputs and summary written', async () => {
    const def = define({
      onSignal: sig => `got ${sig}, stopping job 7`,
      cancelled: sig => `cancelled by ${sig} (job 7)`,
      run: ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted')))
          setImmediate(() => process.emit('SIGINT', 'SIGINT'))
        })
    })
    const outcome = await run(def)
    expect(outcome).toEqual({ signal: 'SIGINT', error: 'cancelled by SIGINT (job 7)' })
    expect(lines).toEqual(['got SIGINT, stopping job 7', 'error: cancelled by SIGINT (job 7)'])
    expect(def.calls).toEqual(['outputs:cancelled by SIGINT (job 7)'])
    expect(process.listenerCount('SIGINT')).toBe(0) // the handlers are gone with the run
  })
})
