// The media-upload action's impl on the shared wrapper: inputs -> runMediaUpload; outputs and summary.
import { earlyFailureSummary } from '../action/html.js'
import { envInputSource } from '../action/inputs.js'
import { runContext } from '../action/github-context.js'
import { actionEntry, runAction, type ActionDefinition, type SetOutput } from '../action/run-action.js'
import type { Logger } from '../action/log.js'
import { systemClock, type Clock } from '../net/clock.js'
import { createTransport, type Transport } from '../net/transport.js'
import { runMediaUpload } from './flow.js'
import { readMediaInputs, SECRET_INPUTS } from './inputs.js'
import type { SignerClock } from './oauth.js'
import { newMediaReport, postUrl, type MediaReport } from './report.js'
import { renderMediaSummary } from './summary.js'

export interface MediaRunDeps {
  env?: NodeJS.ProcessEnv
  transport?: Transport
  clock?: Clock
  signer?: SignerClock
  log?: Logger
}

export function mediaAction(deps: MediaRunDeps = {}): ActionDefinition {
  let report: MediaReport | undefined
  return {
    secrets: env => {
      const get = envInputSource(env)
      return SECRET_INPUTS.flatMap(n => {
        const v = get(n) ?? ''
        return [v, v.replace(/^Bearer\s+/i, '')]
      })
    },
    async run({ env, log, signal, setOutput }) {
      const inputs = await readMediaInputs(envInputSource(env), env.GITHUB_WORKSPACE || process.cwd())
      report = newMediaReport(inputs, runContext(env))
      await runMediaUpload(
        inputs,
        {
          log,
          transport: deps.transport ?? createTransport({ onProxy: p => log.info(`Using the proxy ${p}`) }),
          clock: deps.clock ?? systemClock,
          signal,
          signer: deps.signer,
          onMediaId: id => setOutput('media-id', id)
        },
        report
      )
    },
    outputs: (set, error) => {
      if (!report) return
      report.error = error
      writeOutputs(report, set, error)
    },
    summary: error => {
      if (!report)
        return error ? earlyFailureSummary('X media upload', error, 'Nothing was sent to X.') : undefined
      report.error = error
      return renderMediaSummary(report)
    }
  }
}

export function runMedia(deps: MediaRunDeps = {}) {
  return runAction(mediaAction(deps), { env: deps.env, log: deps.log })
}

export function main(): Promise<void> {
  return actionEntry(mediaAction())
}

type OutputName =
  | 'media-id'
  | 'media-key'
  | 'media-expires-at'
  | 'processing-state'
  | 'bytes-uploaded'
  | 'post-id'
  | 'post-url'

function writeOutputs(r: MediaReport, set: SetOutput, error: string | undefined): void {
  const out = (name: OutputName, value: string | undefined) => set(name, value ?? '')
  out('media-id', r.mediaId)
  out('media-key', r.mediaKey)
  out('media-expires-at', r.expiresAt === undefined ? '' : new Date(r.expiresAt).toISOString())
  // `succeeded` also when no processing was needed, but only once the upload got that far
  out('processing-state', r.processingState ?? (error ? '' : undefined))
  out('bytes-uploaded', String(r.bytesUploaded))
  out('post-id', r.postId)
  out('post-url', r.postId ? postUrl(r.postId) : '')
}
