// node bench/apply-bench.mjs [--rows N] [--results N] [--rounds N] [--formats ids,jsonl,csv] [--grep-cap-s N] [--keep-data]
//
// Benchmarks `apply` (src/apply, bundled with ncc into bench/.build/apply, removed again at the end) on
// generated datasets of --rows rows (default 10M) in each format against a results file of --results
// lines (default rows/10), next to baselines on the ids format: an awk hash join and `grep -vFxf`
// (both given the results' IDs already extracted, one per line; grep gets a time cap as it is slow
// with many patterns). Runs are interleaved (ours, baselines, ours, ...) over --rounds rounds
// (default 3), each in a fresh process; the table shows medians, rows/s and awk's time / ours.
// The ids output is checked against awk's (same bytes).
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { cp, mkdtemp, open, rm, rmdir, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(BENCH_DIR, '..')
const BUILD = path.join(BENCH_DIR, '.build', 'apply')

const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt
}
if (argv.includes('--help')) {
  console.log(
    'node bench/apply-bench.mjs [--rows N] [--results N] [--rounds N] [--formats ids,jsonl,csv] [--grep-cap-s N] [--keep-data]'
  )
  process.exit(0)
}
const ROWS = Number(opt('rows', 10_000_000))
const RESULTS = Number(opt('results', Math.floor(ROWS / 10)))
const ROUNDS = Math.max(1, Number(opt('rounds', 3)))
const FORMATS = opt('formats', 'ids,jsonl,csv').split(',').filter(Boolean)
const GREP_CAP_MS = Number(opt('grep-cap-s', 60)) * 1000
const KEEP_DATA = argv.includes('--keep-data')
if (
  !(ROWS > 0 && RESULTS >= 0 && RESULTS <= ROWS) ||
  FORMATS.some(f => !['ids', 'jsonl', 'csv'].includes(f))
) {
  throw new Error('bad arguments: see --help')
}
const log = (...a) => console.error('[apply-bench]', ...a)

// ------------------------------------------------------------------------------------------------ tools
function toolVersion(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 })
  if (r.error || (r.status !== 0 && r.stdout === '' && r.stderr === '')) return undefined
  return ((r.stdout || r.stderr).split('\n')[0] || cmd).trim()
}
// mawk has no --version (it prints an error and exits 2) but answers -W version.
const awk = toolVersion('awk', ['-W', 'version']) ?? toolVersion('awk', ['--version'])
const grep = toolVersion('grep', ['--version'])
if (awk === undefined) log('awk not found: its baseline is skipped')
if (grep === undefined) log('grep not found: its baseline is skipped')

// ------------------------------------------------------------------------------------------------ build
function build() {
  const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  const r = spawnSync(
    process.execPath,
    [ncc, 'build', path.join(ROOT, 'src', 'apply', 'index.ts'), '-o', BUILD, '-q'],
    {
      cwd: ROOT,
      encoding: 'utf8'
    }
  )
  if (r.status !== 0) throw new Error(`ncc build failed:\n${r.stdout}${r.stderr}`)
}

// ------------------------------------------------------------------------------------------------- data
// Row i's ID: "1200000" + 12 digits of a scrambled counter (distinct for i < 2^31 - 1): 19 digits, above
// 2^53, in no particular order. Every (ROWS / RESULTS)-th row is in the results.
const TEMPLATES = {
  ids: ['', '\n'],
  jsonl: [
    '{"created_at":"2020-05-27T00:00:00.000Z","id":"',
    '","text":"hello, \\"world\\"","author_id":"2244994945","public_metrics":{"like_count":3,"id":7}}\n'
  ],
  csv: ['2020-05-27T00:00:00.000Z,', ',"hello, ""world""",2244994945\n']
}
const CSV_HEADER = 'created_at,id,text,author_id\n'

function writeId(buf, at, i) {
  buf.write('1200000', at, 'latin1')
  let v = (i * 48271) % 2147483647
  for (let d = at + 18; d >= at + 7; d--) {
    const q = (v / 10) | 0
    buf[d] = 0x30 + v - q * 10
    v = q
  }
}

async function generate(dir) {
  const every = RESULTS > 0 ? ROWS / RESULTS : Infinity
  const files = {}
  const handles = {}
  for (const f of FORMATS) {
    files[f] = path.join(dir, `dataset.${{ ids: 'txt', jsonl: 'jsonl', csv: 'csv' }[f]}`)
    handles[f] = await open(files[f], 'w')
    if (f === 'csv') await handles[f].write(CSV_HEADER)
  }
  files.results = path.join(dir, 'results.jsonl')
  files.resultIds = path.join(dir, 'results-ids.txt')
  const rh = await open(files.results, 'w')
  const ih = await open(files.resultIds, 'w')
  const tpl = Object.fromEntries(FORMATS.map(f => [f, TEMPLATES[f].map(s => Buffer.from(s))]))
  const BLOCK = 100_000
  const bufs = Object.fromEntries(
    FORMATS.map(f => [f, Buffer.alloc(BLOCK * (tpl[f][0].length + 19 + tpl[f][1].length))])
  )
  const rbuf = Buffer.alloc(BLOCK * 120)
  const ibuf = Buffer.alloc(BLOCK * 20)
  const id = Buffer.alloc(19)
  let next = 0 // the next row index in the results
  for (let first = 0; first < ROWS; first += BLOCK) {
    const n = Math.min(BLOCK, ROWS - first)
    const len = Object.fromEntries(FORMATS.map(f => [f, 0]))
    let r = 0
    let ri = 0
    for (let i = first; i < first + n; i++) {
      writeId(id, 0, i)
      for (const f of FORMATS) {
        const [a, b] = tpl[f]
        const buf = bufs[f]
        len[f] += a.copy(buf, len[f])
        len[f] += id.copy(buf, len[f])
        len[f] += b.copy(buf, len[f])
      }
      if (i === Math.floor(next)) {
        next += every
        r += rbuf.write(
          `{"id":"${id.toString('latin1')}","action":"delete","created_at":"2020-05-27T00:00:00.000Z","reason":"${i % 3 ? 'deleted' : 'protected'}"}\n`,
          r,
          'latin1'
        )
        ri += id.copy(ibuf, ri)
        ibuf[ri++] = 0x0a
      }
    }
    for (const f of FORMATS) await handles[f].write(bufs[f], 0, len[f])
    await rh.write(rbuf, 0, r)
    await ih.write(ibuf, 0, ri)
  }
  for (const h of [...Object.values(handles), rh, ih]) await h.close()
  return files
}

// ------------------------------------------------------------------------------------------------- runs
function runProcess(cmd, args, { stdout, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(cmd, args, { stdio: ['ignore', stdout === undefined ? 'pipe' : 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let sink
    if (stdout !== undefined) {
      sink = open(stdout, 'w').then(fh => {
        const w = fh.createWriteStream()
        child.stdout.pipe(w)
        return new Promise(res => w.on('close', res))
      })
    } else child.stdout.on('data', b => (out += b))
    child.stderr.on('data', b => (err += b))
    let timedOut = false
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true
            child.kill('SIGKILL')
          }, timeoutMs)
    child.on('error', reject)
    child.on('close', async code => {
      clearTimeout(timer)
      await sink
      resolve({ code, out, err, ms: performance.now() - started, timedOut })
    })
  })
}

const CHILD = `
const [bundle, results, dataset, format, keepOut] = process.argv.slice(1)
const { applyResults } = await import(bundle)
const t = performance.now()
const r = await applyResults({ results, dataset, format, keepOut })
const ms = performance.now() - t
console.log(JSON.stringify({ ms, rows: r.rows, removed: r.removed, maxRssKiB: process.resourceUsage().maxRSS }))
`

async function ours(bundle, files, format, keepOut) {
  const r = await runProcess(process.execPath, [
    '--input-type=module',
    '-e',
    CHILD,
    pathToFileURL(bundle).href,
    files.results,
    files[format],
    format,
    keepOut
  ])
  if (r.code !== 0) throw new Error(`apply (${format}) failed: ${r.err}`)
  return { ...JSON.parse(r.out), wallMs: r.ms }
}

async function sha256(file) {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(file)) h.update(chunk)
  return h.digest('hex')
}

const median = xs => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

// ------------------------------------------------------------------------------------------------- main
const dir = await mkdtemp(path.join(os.tmpdir(), 'apply-bench-'))
try {
  log(`building ${path.relative(ROOT, BUILD)}`)
  build()
  // Run a private copy: bench/run.mjs wipes bench/.build when it starts and ends.
  await cp(BUILD, path.join(dir, 'bundle'), { recursive: true })
  const bundle = path.join(dir, 'bundle', 'index.js')
  log(`generating ${ROWS} rows (${FORMATS.join(', ')}) and ${RESULTS} results in ${dir}`)
  let t = performance.now()
  const files = await generate(dir)
  log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  const sizes = {}
  for (const f of FORMATS) sizes[f] = (await stat(files[f])).size

  const samples = {} // name -> [{ms, wallMs, maxRssKiB}]
  const add = (name, s) => (samples[name] ??= []).push(s)
  let grepCapped = false
  for (let round = 1; round <= ROUNDS; round++) {
    for (const f of FORMATS) {
      const keepOut = path.join(dir, `keep.${f}`)
      const s = await ours(bundle, files, f, keepOut)
      if (s.rows !== ROWS || s.removed !== RESULTS)
        throw new Error(`apply ${f}: ${s.rows} rows, ${s.removed} removed`)
      add(`apply ${f}`, s)
      log(`round ${round}: apply ${f} ${s.ms.toFixed(0)} ms (wall ${s.wallMs.toFixed(0)} ms)`)
      if (f !== 'ids') continue
      if (awk !== undefined) {
        const out = path.join(dir, 'awk.out')
        const r = await runProcess('awk', ['NR==FNR{a[$0];next} !($0 in a)', files.resultIds, files.ids], {
          stdout: out
        })
        if (r.code !== 0) throw new Error(`awk failed: ${r.err}`)
        add('awk hash join (ids)', { ms: r.ms, wallMs: r.ms })
        log(`round ${round}: awk ${r.ms.toFixed(0)} ms`)
        if (round === 1 && (await sha256(out)) !== (await sha256(keepOut)))
          throw new Error('awk and apply disagree')
      }
      if (grep !== undefined && !grepCapped) {
        const out = path.join(dir, 'grep.out')
        const r = await runProcess('grep', ['-vFxf', files.resultIds, files.ids], {
          stdout: out,
          timeoutMs: GREP_CAP_MS
        })
        if (r.timedOut) {
          grepCapped = true
          add('grep -vFxf (ids)', { ms: Infinity, wallMs: Infinity })
          log(`round ${round}: grep stopped at the ${GREP_CAP_MS / 1000} s cap; not run again`)
        } else {
          if (r.code !== 0 && r.code !== 1) throw new Error(`grep failed: ${r.err}`)
          add('grep -vFxf (ids)', { ms: r.ms, wallMs: r.ms })
          log(`round ${round}: grep ${r.ms.toFixed(0)} ms`)
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------- table
  console.log(
    `\napply benchmark: ${ROWS.toLocaleString('en')} rows, ${RESULTS.toLocaleString('en')} results, ${ROUNDS} rounds (medians), node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map(x => x.toFixed(1))
      .join(' ')}`
  )
  console.log(`tools: ${awk ?? 'no awk'}; ${grep ?? 'no grep'}\n`)
  const header = [
    'run',
    'dataset',
    'time (engine)',
    'time (process)',
    'rows/s (process)',
    'peak RSS',
    'awk time / this'
  ]
  const table = [header]
  const awkWall = median((samples['awk hash join (ids)'] ?? []).map(s => s.wallMs))
  for (const [name, ss] of Object.entries(samples)) {
    const ms = median(ss.map(s => s.ms))
    const wall = median(ss.map(s => s.wallMs))
    const rss = median(ss.map(s => s.maxRssKiB))
    const fmt = name.split(' ').at(-1).replace(/[()]/g, '')
    const capped = !Number.isFinite(wall)
    table.push([
      name,
      `${(sizes[fmt] / 2 ** 20).toFixed(0)} MiB`,
      name.startsWith('apply') ? `${(ms / 1000).toFixed(2)} s` : '',
      capped ? `> ${GREP_CAP_MS / 1000} s` : `${(wall / 1000).toFixed(2)} s`,
      capped
        ? `< ${Math.round((ROWS / GREP_CAP_MS) * 1000).toLocaleString('en')}`
        : Math.round((ROWS / wall) * 1000).toLocaleString('en'),
      Number.isFinite(rss) ? `${(rss / 1024).toFixed(0)} MiB` : '',
      Number.isFinite(awkWall) && !capped
        ? `${(awkWall / wall).toFixed(2)}x`
        : capped
          ? `< ${(awkWall / GREP_CAP_MS).toFixed(2)}x`
          : ''
    ])
  }
  const widths = header.map((_, c) => Math.max(...table.map(r => String(r[c]).length)))
  for (const r of table) console.log(r.map((cell, c) => String(cell).padEnd(widths[c])).join('  '))
} finally {
  await rm(BUILD, { recursive: true, force: true })
  await rmdir(path.dirname(BUILD)).catch(() => undefined) // only if empty: bench/run.mjs uses it too
  if (KEEP_DATA) log(`data kept in ${dir}`)
  else await rm(dir, { recursive: true, force: true })
}
