// `x-compliance demo redivis`: redivis-upload's whole flow in-process against the embedded sandbox, with real
// faults on the wire (a reset mid-chunk, a 503 after a partial persist, a lost answer to creating an upload),
// then the rows Redivis counted checked against the files.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { createUi, type CliContext } from './common.js'
import { runDemo } from './demo-session.js'
import { EXIT } from './exit-codes.js'
import { REDIVIS_TOKEN_ENV, redivisUploadCommand } from './redivis.js'

const DEMO_TOKEN = 'demo-redivis-token-not-a-secret'
const FILES = { 'posts_2024.csv': 60_000, 'posts_2025.csv': 2_000, 'accounts.csv': 500 }

export async function demoRedivisCommand(
  opts: { keep?: boolean; json?: boolean; debug?: boolean },
  ctx: CliContext
): Promise<number> {
  const ui = createUi(ctx, { ...opts, bar: false })
  const { log } = ui
  return runDemo(
    ui,
    ctx,
    opts,
    {
      dirPrefix: 'x-compliance-demo-redivis-',
      prepare: async dir => {
        await fs.mkdir(path.join(dir, 'data'), { recursive: true })
        for (const [name, rows] of Object.entries(FILES)) {
          const lines = ['id,created_at,text']
          for (let i = 0; i < rows; i++)
            lines.push(`${1_500_000_000_000_000_000n + BigInt(i)},2024-01-01T00:00:00Z,"post ${i}, cleaned"`)
          await fs.writeFile(path.join(dir, 'data', name), `${lines.join('\n')}\n`)
        }
      },
      sandbox: {
        redivis: { token: DEMO_TOKEN, processingMs: 1000 },
        faults: [
          { on: 'chunk', nth: 2, do: { reset: { afterBytes: 300 * 1024 } } },
          { on: 'chunk', nth: 4, do: { status: 503, keepBytes: 256 * 1024 } },
          { on: 'uploadCreate', nth: 2, do: { loseFinalResponse: true } }
        ]
      }
    },
    async (sandbox, dir) => {
      log.info(
        `Sandbox listening on ${sandbox.apiBaseUrl}; ${Object.keys(FILES).length} CSV files in ${dir}/data`
      )
      log.info(
        'Injected faults: a reset mid-chunk 2, a 503 after a partial persist on chunk 4, a lost answer to the second upload creation'
      )
      const code = await redivisUploadCommand(
        {
          table: 'demo.sandbox_dataset.posts',
          file: ['data/*.csv'],
          mergeStrategy: 'replace',
          apiBaseUrl: `${sandbox.apiBaseUrl}/api/v1`,
          resumableMinSize: '1MiB',
          chunkSize: '512KiB',
          retryBaseDelayMs: '200',
          requestTimeoutSeconds: '5',
          json: opts.json,
          debug: opts.debug
        },
        { ...ctx, cwd: dir, env: { ...ctx.env, [REDIVIS_TOKEN_ENV]: DEMO_TOKEN } }
      )
      if (code !== EXIT.OK) return { code }
      const table = sandbox
        .redivis()
        .datasets.find(d => d.ref === 'demo.sandbox_dataset')!
        .tables.filter(t => t.name === 'posts')
        .at(-1)!
      const wrong = Object.entries(FILES).filter(([name, rows]) => {
        const ups = table.uploads.filter(u => u.name === name)
        return ups.length !== 1 || ups[0].numRows !== rows
      })
      return {
        code,
        check: {
          ok: wrong.length === 0,
          lines: [
            wrong.length === 0
              ? `Verified: each file is one upload in ${table.version} with the rows it holds (${Object.values(FILES).join(', ')}); no duplicate from the lost answer.`
              : `MISMATCH: ${wrong.map(([n]) => n).join(', ')} did not arrive as one upload with its rows.`,
            `Faults injected: ${sandbox.stats().faultsInjected}`
          ]
        }
      }
    }
  )
}
