// `x-compliance demo redivis`: redivis-upload's whole flow in-process against the embedded sandbox, with real
// faults on the wire (a reset mid-chunk, a 503 after a partial persist, a lost answer to creating an upload),
// then the rows Redivis counted checked against the files.
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createUi, type CliContext } from './common.js'
import { EXIT, exitCodeFor } from './exit-codes.js'
import { REDIVIS_TOKEN_ENV, redivisUploadCommand } from './redivis.js'

const DEMO_TOKEN = 'demo-redivis-token-not-a-secret'
const FILES = { 'posts_2024.csv': 60_000, 'posts_2025.csv': 2_000, 'accounts.csv': 500 }

export async function demoRedivisCommand(
  opts: { keep?: boolean; json?: boolean; debug?: boolean },
  ctx: CliContext
): Promise<number> {
  const ui = createUi(ctx, { ...opts, bar: false })
  const { log } = ui
  const { startSandbox } = await import('../sandbox/index.js')
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'x-compliance-demo-redivis-'))
  for (const [name, rows] of Object.entries(FILES)) {
    const lines = ['id,created_at,text']
    for (let i = 0; i < rows; i++)
      lines.push(`${1_500_000_000_000_000_000n + BigInt(i)},2024-01-01T00:00:00Z,"post ${i}, cleaned"`)
    await fs.mkdir(path.join(dir, 'data'), { recursive: true })
    await fs.writeFile(path.join(dir, 'data', name), `${lines.join('\n')}\n`)
  }
  const sandbox = await startSandbox({
    redivis: { token: DEMO_TOKEN, processingMs: 1000 },
    faults: [
      { on: 'chunk', nth: 2, do: { reset: { afterBytes: 300 * 1024 } } },
      { on: 'chunk', nth: 4, do: { status: 503, keepBytes: 256 * 1024 } },
      { on: 'uploadCreate', nth: 2, do: { loseFinalResponse: true } }
    ]
  })
  let code: number = EXIT.ERROR
  try {
    log.info(
      `Sandbox listening on ${sandbox.apiBaseUrl}; ${Object.keys(FILES).length} CSV files in ${dir}/data`
    )
    log.info(
      'Injected faults: a reset mid-chunk 2, a 503 after a partial persist on chunk 4, a lost answer to the second upload creation'
    )
    code = await redivisUploadCommand(
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
    if (code === EXIT.OK) {
      const table = sandbox
        .redivis()
        .datasets.find(d => d.ref === 'demo.sandbox_dataset')!
        .tables.filter(t => t.name === 'posts')
        .at(-1)!
      const wrong = Object.entries(FILES).filter(([name, rows]) => {
        const ups = table.uploads.filter(u => u.name === name)
        return ups.length !== 1 || ups[0].numRows !== rows
      })
      const text = [
        '',
        wrong.length === 0
          ? `Verified: each file is one upload in ${table.version} with the rows it holds (${Object.values(FILES).join(', ')}); no duplicate from the lost answer.`
          : `MISMATCH: ${wrong.map(([n]) => n).join(', ')} did not arrive as one upload with its rows.`,
        `Faults injected: ${sandbox.stats().faultsInjected}`,
        `Files are in ${opts.keep ? dir : `${dir} (removed now; --keep keeps them)`}`
      ].join('\n')
      if (ui.json) log.info(text)
      else ctx.stdout.write(`${text}\n`)
      if (wrong.length > 0) code = EXIT.ERROR
    }
  } catch (err) {
    log.error((err as Error).message)
    code = exitCodeFor(err)
  } finally {
    await sandbox.close()
    if (!opts.keep) await fs.rm(dir, { recursive: true, force: true })
  }
  return code
}
