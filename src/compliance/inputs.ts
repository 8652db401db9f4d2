// Every input is read, typed and validated here, before any request is sent.
import * as path from 'node:path'
import * as os from 'node:os'
import { GCS_BLOCK } from '../upload/gcs-protocol.js'
import {
  envInputSource as rawEnvInputSource,
  excerpt,
  InputError,
  parseApiBaseUrl as parseBaseUrl,
  parseBoolean,
  parseInteger,
  parseSizeValue
} from '../action/inputs.js'
import type { JobType } from './model.js'

export type { JobType } from './model.js'
export { InputError } from '../action/inputs.js'

export interface Inputs {
  bearerToken: string
  type: JobType
  idsFile: string // absolute path, or '' when not given
  jobName: string
  jobId: string
  apiBaseUrl: string // no trailing slash
  wait: boolean
  pollIntervalSeconds: number
  waitTimeoutMinutes: number
  download: boolean
  resultsFile: string // absolute path, or '' for the default (needs the job id)
  artifactName: string | null // template with {type} and {job-id}; null = no artifact
  chunkSize: number
  maxRetries: number
  retryBaseDelayMs: number
  requestTimeoutSeconds: number
  onActiveJob: ActiveJobMode
  stateFile: string // absolute path, or '' for none
}

export type ActiveJobMode = 'fail' | 'wait' | 'cancel'

/** The same defaults as action.yml: a direct `node dist/index.js` run gets none from the runner. */
export const INPUT_DEFAULTS = {
  'bearer-token': '',
  type: '',
  'ids-file': '',
  'job-name': '',
  'job-id': '',
  'api-base-url': 'https://api.x.com',
  wait: 'true',
  'poll-interval-seconds': '30',
  'wait-timeout-minutes': '360',
  download: 'true',
  'results-file': '',
  'artifact-name': 'x-compliance-{type}-{job-id}',
  'chunk-size': '64MiB',
  'max-retries': '10',
  'retry-base-delay-ms': '1000',
  'request-timeout-seconds': '120',
  'on-active-job': 'fail',
  'state-file': ''
} as const

export type InputName = keyof typeof INPUT_DEFAULTS

/** Returns the raw value, or undefined when the input was not given at all. */
export type InputSource = (name: InputName) => string | undefined

const MIB = 1024 * 1024
const CHUNK_QUANTUM = GCS_BLOCK
const CHUNK_MAX = 1024 * MIB

/** Reads inputs the way @actions/core does (INPUT_<NAME>, hyphens kept, trimmed), but tells unset from ''. */
export function envInputSource(env: NodeJS.ProcessEnv = process.env): InputSource {
  return rawEnvInputSource(env)
}

export interface InputContext {
  workspace: string // GITHUB_WORKSPACE or cwd
}

export function readInputs(source: InputSource, ctx: InputContext): Inputs {
  // '' takes the default, except artifact-name where '' means "no artifact".
  const get = (name: InputName): string => {
    const v = source(name)
    return v === undefined || v === '' ? INPUT_DEFAULTS[name] : v
  }

  const bearerToken = parseToken(get('bearer-token'))
  const type = parseType(get('type'))
  const jobId = get('job-id')
  if (jobId !== '' && !/^[0-9]{1,19}$/.test(jobId)) {
    throw new InputError(
      'job-id',
      `job-id "${excerpt(jobId)}" is not a job ID: use the 1 to 19 digit ID X returned.`
    )
  }
  const idsFileRaw = get('ids-file')
  if (idsFileRaw === '' && jobId === '') {
    throw new InputError(
      'ids-file',
      'ids-file is required: give the path of a text file with one ID per line (or job-id to attach to an existing job).'
    )
  }
  const jobName = get('job-name')
  if ([...jobName].length > 64) {
    throw new InputError(
      'job-name',
      `job-name is ${[...jobName].length} characters long; X allows at most 64.`
    )
  }
  if (/[\u0000-\u001f\u007f]/.test(jobName)) {
    throw new InputError(
      'job-name',
      'job-name contains a control character (such as a line break); use plain text.'
    )
  }

  const artifactRaw = source('artifact-name')
  const artifactName = artifactRaw === '' ? null : (artifactRaw ?? INPUT_DEFAULTS['artifact-name'])
  if (artifactName !== null) checkArtifactName(artifactName)

  return {
    bearerToken,
    type,
    idsFile: idsFileRaw === '' ? '' : path.resolve(ctx.workspace, idsFileRaw),
    jobName,
    jobId,
    apiBaseUrl: parseApiBaseUrl(get('api-base-url')),
    wait: parseBoolean('wait', get('wait')),
    pollIntervalSeconds: parseInteger('poll-interval-seconds', get('poll-interval-seconds'), 1, 86_400),
    waitTimeoutMinutes: parseInteger('wait-timeout-minutes', get('wait-timeout-minutes'), 1, 525_600),
    download: parseBoolean('download', get('download')),
    resultsFile: get('results-file') === '' ? '' : path.resolve(ctx.workspace, get('results-file')),
    artifactName,
    chunkSize: parseChunkSize(get('chunk-size')),
    maxRetries: parseInteger('max-retries', get('max-retries'), 0, 100),
    retryBaseDelayMs: parseInteger('retry-base-delay-ms', get('retry-base-delay-ms'), 1, 3_600_000),
    requestTimeoutSeconds: parseInteger('request-timeout-seconds', get('request-timeout-seconds'), 1, 86_400),
    onActiveJob: parseActiveJobMode(get('on-active-job')),
    stateFile: get('state-file') === '' ? '' : path.resolve(ctx.workspace, get('state-file'))
  }
}

/** Where results go when results-file is empty: $RUNNER_TEMP/x-compliance/<job-id>.jsonl. */
export function defaultResultsFile(jobId: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(tempRoot(env), `${jobId}.jsonl`)
}

/** This action's scratch directory: $RUNNER_TEMP/x-compliance, else the OS temp dir. */
export function tempRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.RUNNER_TEMP || os.tmpdir(), 'x-compliance')
}

export function artifactNameFor(template: string, type: JobType, jobId: string): string {
  return template.replace(/\{type\}/g, type).replace(/\{job-id\}/g, jobId)
}

function parseToken(raw: string): string {
  if (raw === '') {
    throw new InputError(
      'bearer-token',
      'bearer-token is required: pass your X App-only bearer token from a secret, e.g. bearer-token: ${{ secrets.X_BEARER_TOKEN }}.'
    )
  }
  const token = raw.replace(/^Bearer\s+/i, '')
  if (/\s/.test(token) || /[^\x21-\x7e]/.test(token)) {
    throw new InputError(
      'bearer-token',
      'bearer-token contains spaces, line breaks or non-ASCII characters; it must be the bearer token alone (printable ASCII).'
    )
  }
  return token
}

function parseType(raw: string): JobType {
  if (raw === 'tweets' || raw === 'users') return raw
  if (raw === '')
    throw new InputError('type', 'type is required: use `tweets` for post IDs or `users` for account IDs.')
  throw new InputError('type', `type "${excerpt(raw)}" is not allowed: use \`tweets\` or \`users\`.`)
}

function parseActiveJobMode(raw: string): ActiveJobMode {
  if (raw === 'fail' || raw === 'wait' || raw === 'cancel') return raw
  throw new InputError(
    'on-active-job',
    `on-active-job "${excerpt(raw)}" is not allowed: use fail (stop), wait (wait for the active job, then create) or cancel (cancel it, then create).`
  )
}

export function parseChunkSize(raw: string): number {
  const allowed =
    'use bytes, KiB or MiB without a space (e.g. 8MiB, 256KiB or 262144), a multiple of 256 KiB from 256KiB to 1024MiB.'
  const n = /GiB$/.test(raw) ? undefined : parseSizeValue(raw)
  if (n === undefined)
    throw new InputError('chunk-size', `chunk-size "${excerpt(raw)}" is not a size: ${allowed}`)
  if (n < CHUNK_QUANTUM || n > CHUNK_MAX || n % CHUNK_QUANTUM !== 0) {
    throw new InputError('chunk-size', `chunk-size ${raw} is not allowed: ${allowed}`)
  }
  return n
}

function parseApiBaseUrl(raw: string): string {
  return parseBaseUrl('api-base-url', raw, 'https://api.x.com', 'bearer token')
}

function checkArtifactName(template: string): void {
  const filled = artifactNameFor(template, 'tweets', '1')
  if (/["':<>|*?\\/\r\n]/.test(filled)) {
    throw new InputError(
      'artifact-name',
      `artifact-name "${excerpt(template)}" contains a character artifacts do not allow (" : < > | * ? \\ / or a line break); use letters, digits, - _ . and the placeholders {type} and {job-id}.`
    )
  }
}
