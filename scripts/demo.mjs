// npm run demo: runs the bundled action (dist/index.js) against the embedded sandbox, exactly as a runner would
// (INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), and prints what a user would see.
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { startSandbox } = await import(path.join(root, 'dist/sandbox/index.js'))

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'x-compliance-demo-'))
const idsFile = path.join(dir, 'tweet-ids.txt')
const count = 150_000
let ids = ''
for (let i = 0; i < count; i++) ids += `${1_500_000_000_000_000_000n + BigInt(i) * 7919n}\r\n`
await fs.writeFile(idsFile, ids) // CRLF on purpose: the action normalizes it
const outputs = path.join(dir, 'github_output')
const summary = path.join(dir, 'step_summary')
await fs.writeFile(outputs, '')
await fs.writeFile(summary, '')

// Two real faults on the wire, which the action must recover from: a connection reset in the middle of the
// second chunk (the server keeps the whole 256 KiB blocks it got), and a 503 on the fourth.
const faults = [
  { on: 'chunk', nth: 2, do: { reset: { afterBytes: 300 * 1024 } } },
  { on: 'chunk', nth: 4, do: { status: 503 } }
]
const sandbox = await startSandbox({ processingMs: 1500, faults })
console.log(`Sandbox listening on ${sandbox.apiBaseUrl}; ID file: ${count} IDs (${ids.length} bytes, CRLF)`)
console.log('Injected faults: a connection reset mid-chunk 2, a 503 on chunk 4\n')

const env = {
  PATH: process.env.PATH,
  HOME: dir,
  GITHUB_OUTPUT: outputs,
  GITHUB_STEP_SUMMARY: summary,
  GITHUB_WORKSPACE: dir,
  RUNNER_TEMP: path.join(dir, 'runner_temp'),
  X_COMPLIANCE_ARTIFACT_DIR: path.join(dir, 'artifacts'),
  'INPUT_BEARER-TOKEN': 'demo-token-not-a-secret',
  INPUT_TYPE: 'tweets',
  'INPUT_IDS-FILE': 'tweet-ids.txt',
  'INPUT_JOB-NAME': 'demo',
  'INPUT_API-BASE-URL': sandbox.apiBaseUrl,
  'INPUT_POLL-INTERVAL-SECONDS': '1',
  'INPUT_CHUNK-SIZE': '512KiB',
  'INPUT_RETRY-BASE-DELAY-MS': '200',
  'INPUT_REQUEST-TIMEOUT-SECONDS': '5'
}
const code = await new Promise(resolve => {
  const child = spawn(process.execPath, [path.join(root, 'dist/index.js')], {
    cwd: dir,
    env,
    stdio: 'inherit'
  })
  child.on('close', resolve)
})
await sandbox.close()

console.log('\nStep outputs:')
const raw = await fs.readFile(outputs, 'utf8')
const seen = new Map()
const lines = raw.split('\n')
for (let i = 0; i < lines.length; i++) {
  const m = /^([^<]+)<<(.+)$/.exec(lines[i])
  if (!m) continue
  const value = []
  for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
  seen.set(m[1], value.join('\n'))
}
for (const [k, v] of seen)
  console.log(`  ${k.padEnd(20)} ${k === 'download-url' ? '(signed URL, masked in logs)' : v}`)
const text = (await fs.readFile(summary, 'utf8'))
  .replace(/<\/(tr|h2|h3|p|table)>/g, '\n')
  .replace(/<\/t[dh]><t[dh]>/g, ': ')
  .replace(/<[^>]+>/g, '')
  .replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&')
console.log(`\nJob summary:\n${text.replace(/^/gm, '  ')}`)
console.log(`Files are in ${dir}`)
process.exit(code)
