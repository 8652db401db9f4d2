// What every action does around its own work, once: mask the secrets before anything can print them, turn
// SIGINT/SIGTERM into an abort within the runner's grace period, fail with one clear line (`setFailed`, exit code
// 1), and write the outputs and the job summary in a `finally`, on success, failure and cancel alike.
import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'
import { createLogger, type Logger } from './log.js'
import { SIGNAL_GRACE_MS, withSignals } from './signals.js'

export type SetOutput = (name: string, value: string) => void

export interface ActionContext {
  env: NodeJS.ProcessEnv
  log: Logger
  /** aborted by the first SIGINT or SIGTERM */
  signal: AbortSignal
  /** GITHUB_OUTPUT when there is one; otherwise plain `output name=value` lines */
  setOutput: SetOutput
}

export interface ActionDefinition {
  /** The raw secret inputs, masked before anything else runs (even before they are validated). */
  secrets(env: NodeJS.ProcessEnv): string[]
  run(ctx: ActionContext): Promise<void>
  /** The line logged when a signal arrives (default: "Received SIGINT: stopping"). */
  onSignal?(sig: NodeJS.Signals): string
  /** The error a signal leaves (default: "cancelled by SIGINT"). */
  cancelled?(sig: NodeJS.Signals): string
  /** Sets the outputs; called once at the end, also after a failure (`error` is set then). */
  outputs?(set: SetOutput, error: string | undefined): void
  /** The job summary; called once at the end, also after a failure. */
  summary?(error: string | undefined): string | undefined
}

export interface ActionOutcome {
  /** the signal that cancelled the run, if any: the entry exits at once rather than waiting for idle sockets */
  signal?: NodeJS.Signals
  error?: string
}

export interface ActionDeps {
  env?: NodeJS.ProcessEnv
  log?: Logger
}

export async function runAction(def: ActionDefinition, deps: ActionDeps = {}): Promise<ActionOutcome> {
  const env = deps.env ?? process.env
  const inActions = env.GITHUB_ACTIONS === 'true'
  const log = deps.log ?? createLogger({ inActions, debug: env.RUNNER_DEBUG === '1' })
  for (const secret of def.secrets(env)) if (secret) log.mask(secret)
  const setOutput = outputSink(env, log)

  let error: string | undefined
  let signalled: NodeJS.Signals | undefined
  const fail = (message: string): void => {
    error = log.redact(message)
    if (inActions) core.setFailed(error)
    else log.error(error)
    process.exitCode = 1
  }
  let finished = false
  // Synchronous, so that a forced exit (a second signal) still leaves the outputs and the summary.
  const finish = (): void => {
    if (finished) return
    finished = true
    try {
      def.outputs?.(setOutput, error)
    } catch (err) {
      log.warning(`The outputs could not be written: ${err instanceof Error ? err.message : String(err)}`)
    }
    writeSummary(def.summary?.(error), env, log)
  }
  const cancelled = (sig: NodeJS.Signals) => def.cancelled?.(sig) ?? `cancelled by ${sig}`

  try {
    await withSignals(signal => def.run({ env, log, signal, setOutput }), {
      graceMs: SIGNAL_GRACE_MS,
      onSignal: sig => {
        signalled = sig
        log.info(def.onSignal?.(sig) ?? `Received ${sig}: stopping`)
      },
      forceExit: sig => {
        if (error === undefined) fail(cancelled(signalled ?? sig))
        finish()
        process.exit(1)
      }
    })
  } catch (err) {
    fail(signalled ? cancelled(signalled) : err instanceof Error ? err.message : String(err))
  } finally {
    finish()
  }
  return { signal: signalled, error }
}

/** The action's entry point: runs it, then exits at once after a cancel (idle keep-alive sockets must not hold it). */
export async function actionEntry(def: ActionDefinition): Promise<void> {
  const outcome = await runAction(def)
  if (outcome.signal) process.exit(1)
}

function outputSink(env: NodeJS.ProcessEnv, log: Logger): SetOutput {
  // Never ::set-output outside Actions: plain lines instead.
  if (env.GITHUB_OUTPUT) return (name, value) => core.setOutput(name, value)
  return (name, value) => log.info(`output ${name}=${value}`)
}

function writeSummary(text: string | undefined, env: NodeJS.ProcessEnv, log: Logger): void {
  const file = env.GITHUB_STEP_SUMMARY
  if (!file || !text) return
  try {
    appendFileSync(file, log.redact(text))
  } catch (err) {
    log.warning(`The job summary could not be written: ${err instanceof Error ? err.message : String(err)}`)
  }
}
