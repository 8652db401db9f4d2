// The `run` flags are the action's inputs in kebab case: they reach readInputs through an InputSource, so the CLI
// validates exactly as the action does (same defaults, same messages, same rules).
import * as path from 'node:path'
import { readInputs, type InputName, type InputSource, type Inputs } from '../compliance/inputs.js'

/** commander's parsed `run` options (camelCase keys, strings as typed, booleans for --[no-]wait/--[no-]download). */
export interface RunFlags {
  type?: string
  idsFile?: string
  jobName?: string
  jobId?: string
  apiBaseUrl?: string
  wait?: boolean
  pollIntervalSeconds?: string
  waitTimeoutMinutes?: string
  download?: boolean
  resultsFile?: string
  chunkSize?: string
  maxRetries?: string
  retryBaseDelayMs?: string
  requestTimeoutSeconds?: string
  onActiveJob?: string
  /** a path, '' or false (--no-state-file) to disable, undefined for the default */
  stateFile?: string | false
}

/** Every action input that is a `run` flag (the token and the artifact are not). */
export const RUN_FLAG_INPUTS = [
  'type',
  'ids-file',
  'job-name',
  'job-id',
  'api-base-url',
  'wait',
  'poll-interval-seconds',
  'wait-timeout-minutes',
  'download',
  'results-file',
  'chunk-size',
  'max-retries',
  'retry-base-delay-ms',
  'request-timeout-seconds',
  'on-active-job',
  'state-file'
] as const satisfies readonly InputName[]

/** Where `run` keeps its state by default: resumable after Ctrl+C without any flag. */
export const STATE_DIR = '.x-compliance'

export function defaultStateFile(type: string | undefined): string {
  return type === 'tweets' || type === 'users' ? path.join(STATE_DIR, `${type}.state.json`) : ''
}

export function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** The InputSource of a `run` command line. `artifact-name` is '' (the CLI uploads no artifact). */
export function flagSource(flags: RunFlags, token: string): InputSource {
  return name => {
    if (name === 'bearer-token') return token
    if (name === 'artifact-name') return ''
    if (name === 'state-file') {
      if (flags.stateFile === false) return ''
      return flags.stateFile === undefined ? defaultStateFile(flags.type?.trim()) : flags.stateFile.trim()
    }
    const v = (flags as Record<string, unknown>)[camel(name)]
    if (typeof v === 'boolean') return String(v)
    return typeof v === 'string' ? v.trim() : undefined
  }
}

/** Validated inputs of a `run` command line; relative paths are resolved against `cwd`. */
export function readRunInputs(flags: RunFlags, token: string, cwd: string): Inputs {
  return readInputs(flagSource(flags, token), { workspace: cwd })
}
