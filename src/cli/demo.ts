// `x-compliance demo`: the whole flow in-process against the embedded sandbox, with two real faults on the
// wire, then the results checked against what the sandbox computed for the uploaded IDs.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { InputError } from '../compliance/inputs.js'
import { createUi, type CliContext } from './common.js'
import { runDemo } from './demo-session.js'
import { EXIT } from './exit-codes.js'
import { readRunInputs } from './options.js'
import { executeRun } from './run.js'

export interface DemoOptions {
  ids?: string
  keep?: boolean
  json?: boolean
  debug?: boolean
}

const DEMO_TOKEN = 'demo-token-not-a-secret'
const IDS_FILE = 'tweet-ids.txt'

export async function demoCommand(opts: DemoOptions, ctx: CliContext): Promise<number> {
  const ui = createUi(ctx, opts)
  const { log } = ui
  const raw = (opts.ids ?? '150000').trim()
  if (!/^[0-9]{1,8}$/.test(raw) || Number(raw) < 1) {
    ui.log.error(
      new InputError('ids', `--ids "${raw}" is not allowed: use a count from 1 to 99999999.`).message
    )
    return EXIT.INPUT
  }
  const count = Number(raw)
  const { expectedResults } = await import('../sandbox/index.js')
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push(String(1_500_000_000_000_000_000n + BigInt(i) * 7919n))
  return runDemo(
    ui,
    ctx,
    opts,
    {
      dirPrefix: 'x-compliance-demo-',
      // CRLF on purpose: the flow normalizes it
      prepare: dir => fs.writeFile(path.join(dir, IDS_FILE), `${ids.join('\r\n')}\r\n`),
      // A connection reset in the middle of the second chunk (the server keeps the whole 256 KiB blocks it
      // got) and a 503 on the fourth: the upload must recover from both.
      sandbox: {
        processingMs: 1500,
        faults: [
          { on: 'chunk', nth: 2, do: { reset: { afterBytes: 300 * 1024 } } },
          { on: 'chunk', nth: 4, do: { status: 503 } }
        ]
      }
    },
    async (sandbox, dir) => {
      log.info(`Sandbox listening on ${sandbox.apiBaseUrl}; ID file: ${count} IDs (CRLF line endings)`)
      log.info('Injected faults: a connection reset mid-chunk 2, a 503 on chunk 4')
      const inputs = readRunInputs(
        {
          type: 'tweets',
          idsFile: path.join(dir, IDS_FILE),
          jobName: 'demo',
          apiBaseUrl: sandbox.apiBaseUrl,
          pollIntervalSeconds: '1',
          chunkSize: '512KiB',
          retryBaseDelayMs: '200',
          requestTimeoutSeconds: '5',
          resultsFile: path.join(dir, 'results.jsonl'),
          stateFile: false
        },
        DEMO_TOKEN,
        dir
      )
      const run = await executeRun(inputs, { ...ctx, env: { ...ctx.env, RUNNER_TEMP: dir } }, ui)
      if (run.code !== EXIT.OK || !run.report.results) return { code: run.code }
      const got = await fs.readFile(run.report.results.file, 'utf8')
      const want = expectedResults(ids, 'tweets')
      const same = got === (want.length > 0 ? `${want.join('\n')}\n` : '')
      const lines = got.split('\n').filter(Boolean)
      return {
        code: run.code,
        check: {
          ok: same,
          lines: [
            `First results (of ${lines.length}):`,
            ...lines.slice(0, 3).map(l => `  ${l}`),
            '',
            same
              ? `Verified: the results file is identical to what the sandbox computed for the ${count} IDs.`
              : 'MISMATCH: the results file differs from what the sandbox computed.',
            `Faults injected and recovered: ${sandbox.stats().faultsInjected} injected, ${run.report.faultsRecovered} retries`
          ]
        }
      }
    }
  )
}
