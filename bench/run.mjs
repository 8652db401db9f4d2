// npm run bench [-- --quick] [--size-mb N] [--link-mb N] [--big-mb N] [--results-lines N] [--rounds N]
//                 [--rss-mb N,N] [--chunk-sizes S,S] [--e2e-ids N] [--only ids] [--jq-cap-s N] [--without tools]
//
// Measures the bundled action (dist/) against baselines and prints a table; writes bench/results.json.
// Every comparison is interleaved (A B A B ...) over --rounds rounds (default 3); the table shows medians
// and the ratio of each pair. Servers are the embedded sandbox (dist/sandbox, discardObjects) and, for
// the 20 ms link, tc netem in a network namespace or else a pacing/delaying relay, all on 127.0.0.1,
// each in its own process, each stopping by itself. Needs `npm run bundle` first; builds the engine
// entry bench/engine.ts into bench/.build/engine (removed again at the end).
// Rows (ids for --only): upload, google-modes, chunks, chunks-link, cpu, action, link, memory, rss,
// redivis, redivis-concurrency, media, resets, e2e-100m, validate, results, cold.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync, readdirSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  BENCH_DIR,
  LIB,
  MiB,
  ROOT,
  TOKEN,
  fmtMB,
  fmtMiB,
  fmtMs,
  fmtRate,
  median,
  now,
  run,
  startHelper,
  toolVersion,
  uploadPhase
} from './lib/common.mjs'
import { sameCounts, writeIdFile, writeIdLines, writeResultsFile } from './lib/data.mjs'

// ---------------------------------------------------------------------------------------------- options
const argv = process.argv.slice(2)
const flag = name => argv.includes(`--${name}`)
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt
}
if (flag('help')) {
  console.log(
    'npm run bench -- [--quick] [--size-mb N] [--link-mb N] [--big-mb N] [--results-lines N] [--rounds N] [--rss-mb N,N] [--chunk-sizes S,S] [--e2e-ids N] [--only upload,google-modes,chunks,chunks-link,cpu,action,link,memory,rss,redivis,redivis-concurrency,media,resets,e2e-100m,validate,results,cold] [--jq-cap-s N] [--without curl,jq,grep,wc,ip,tc,time]'
  )
  process.exit(0)
}
const quick = flag('quick')
const sizeMiB = Number(opt('size-mb', quick ? 64 : 512))
const linkMiB = Number(opt('link-mb', Math.min(sizeMiB, quick ? 32 : 256)))
const bigMiB = Number(opt('big-mb', quick ? 256 : 1024))
const resultsLines = Number(opt('results-lines', quick ? 1_000_000 : 10_000_000))
const rounds = Math.max(1, Number(opt('rounds', 3)))
// rss row: the ID files measured against the 64 MiB one; e2e-100m row: IDs in its file.
const rssMiB = opt('rss-mb', quick ? '256,512' : '1024,2048')
  .split(',')
  .filter(Boolean)
  .map(Number)
// rss row: node options for the action, to attribute its memory (e.g. --rss-node-args=--v8-pool-size=1).
const rssNodeArgs = opt('rss-node-args', '').split(' ').filter(Boolean)
const e2eIds = Number(opt('e2e-ids', quick ? 10_000_000 : 100_000_000))
const jqCapOpt = opt('jq-cap-s', undefined)
const only = opt('only', '').split(',').filter(Boolean)
const want = id => only.length === 0 || only.includes(id)
for (const [k, v] of Object.entries({ sizeMiB, linkMiB, bigMiB, resultsLines, rounds, e2eIds })) {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`bad --${k}: ${v}`)
}
if (rssMiB.length === 0 || rssMiB.some(v => !Number.isFinite(v) || v <= 0))
  throw new Error(`bad --rss-mb: ${rssMiB.join(',')}`)

// dist/ is copied at the start (others may rebuild it while the bench runs): these point into the copy.
let DIST = path.join(ROOT, 'dist', 'index.js')
let DIST_REDIVIS = path.join(ROOT, 'dist', 'redivis-upload', 'index.js')
let DIST_MEDIA = path.join(ROOT, 'dist', 'media-upload', 'index.js')
let SANDBOX = path.join(ROOT, 'dist', 'sandbox', 'index.js')
const BUILD = path.join(BENCH_DIR, '.build')
const ENGINE_DIR = path.join(BUILD, 'engine')
const RESULTS_JSON = path.join(BENCH_DIR, 'results.json')
/** The action's own chunk-size parser (from the engine build), for --chunk-sizes. */
let parseChunk
const DELAY_MS = 10
const RATE_BPS = 1e9
/** The action's default chunk size (INPUT_DEFAULTS['chunk-size'] through its own parser), set in main(). */
let DEFAULT_CHUNK
const KiB = 1024

// ---------------------------------------------------------------------------------------------- state
const rows = []
const cleanups = []
let dataDir
const log = (...a) => console.error('[bench]', ...a)

// --without curl,jq,...: act as if these tools were missing (to check the rows that then say so).
const without = new Set(opt('without', '').split(',').filter(Boolean))
const tools = {
  curl: toolVersion('curl'),
  jq: toolVersion('jq'),
  grep: toolVersion('grep'),
  wc: toolVersion('wc'),
  ip: toolVersion('ip', ['-V']),
  tc: toolVersion('tc', ['-V']),
  time: existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
}
for (const t of without) tools[t] = undefined
const missing = tool =>
  `skipped: ${tool} is not installed (apt-get install ${tool === 'ip' || tool === 'tc' ? 'iproute2' : tool})`

/** A table row: one pair (ours vs a baseline) or a single measurement. */
function addRow(r) {
  rows.push(r)
  const status = r.met === undefined ? '' : r.met ? ' [met]' : ' [NOT met]'
  log(`${r.title}: ${r.ours ?? ''} | ${r.base ?? ''} | ${r.ratio ?? ''}${status}`)
}

const ratioText = x => (x === undefined ? 'n/a' : `${x.toFixed(2)}x`)

/** Runs `trials` (named functions returning a number or undefined) interleaved for `rounds` rounds. */
async function interleave(trials, n = rounds) {
  const samples = Object.fromEntries(Object.keys(trials).map(k => [k, []]))
  const extras = Object.fromEntries(Object.keys(trials).map(k => [k, []]))
  for (let r = 0; r < n; r++) {
    for (const [name, fn] of Object.entries(trials)) {
      const v = await fn()
      samples[name].push(v?.value)
      extras[name].push(v)
    }
  }
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]))
  return { samples, med, extras }
}

function machine() {
  const cpus = os.cpus()
  return {
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadavg: os.loadavg().map(x => Number(x.toFixed(2)))
  }
}

// ---------------------------------------------------------------------------------------------- setup
async function buildEngine() {
  await rm(ENGINE_DIR, { recursive: true, force: true })
  const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  const r = spawnSync(
    process.execPath,
    [ncc, 'build', path.join(BENCH_DIR, 'engine.ts'), '-o', ENGINE_DIR, '-q'],
    {
      cwd: ROOT,
      encoding: 'utf8'
    }
  )
  if (r.status !== 0) throw new Error(`building bench/engine.ts failed:\n${r.stdout}${r.stderr}`)
  // The engine hashes with the same hardware CRC32C as dist/: its loader looks in ../native beside the bundle.
  await cp(path.join(ROOT, 'dist', 'native'), path.join(ENGINE_DIR, 'native'), { recursive: true })
}

const files = {}
async function idFile(mib) {
  const key = `ids-${mib}`
  if (!files[key]) {
    const p = path.join(dataDir, `${key}.txt`)
    const t = now()
    files[key] = { path: p, ...(await writeIdFile(p, mib * MiB)) }
    log(`wrote ${fmtMiB(mib * MiB)} ID file (${files[key].lines} lines) in ${fmtMs(now() - t)}`)
  }
  return files[key]
}

async function sandbox(prefix = [], env = {}) {
  const sb = await startHelper(
    path.join(LIB, 'sandbox-child.mjs'),
    { BENCH_SANDBOX: SANDBOX, ...env },
    prefix
  )
  cleanups.push(() => sb.stop())
  return sb
}

// ------------------------------------------------------------------------------------- upload clients
/** One upload of `file` through a fresh job; returns the sandbox's view of the upload phase. */
async function uploadTrial(sb, file, client, { chunkMiB, chunkBytes, validation, via, prefix = [] } = {}) {
  const since = await sb.send('seq')
  const job = await sb.send('createJob')
  const cpu0 = await sb.send('cpu')
  let res
  if (client === 'curl') res = await curlUpload(job.upload_url, file, via, prefix)
  else {
    const env = {
      ...process.env,
      BENCH_CLIENT: JSON.stringify({
        client,
        file: file.path,
        size: file.bytes,
        uploadUrl: job.upload_url,
        chunkMiB,
        // ours runs at the action's default unless a row says otherwise
        chunkBytes: chunkBytes ?? (client === 'ours' && !chunkMiB ? DEFAULT_CHUNK : undefined),
        validation,
        via
      })
    }
    const [cmd, ...args] = [...prefix, process.execPath, path.join(LIB, 'upload-client.mjs')]
    res = await run(cmd, args, { env, timeoutMs: 600_000 })
  }
  const cpu1 = await sb.send('cpu')
  const stats = await sb.send('stats', { since })
  await sb.send('cancelAll')
  const phase = uploadPhase(stats.requests, job.id)
  if (res.code !== 0 || !phase) {
    const chunk = chunkBytes ? ` ${fmtMiB(chunkBytes)}` : chunkMiB ? ` ${chunkMiB} MiB` : ''
    log(`${client}${chunk}: upload failed (exit ${res.code}) ${res.err.trim().slice(0, 300)}`)
    return undefined
  }
  let clientCpuMs = res.cpuMs
  let procCpuMs
  if (client !== 'curl') {
    const report = JSON.parse(res.out.trim().split('\n').pop() || '{}')
    clientCpuMs = report.cpuMs
    procCpuMs = report.procCpuMs
  }
  const serverCpuMs = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / 1000
  return { value: phase.ms, ...phase, clientCpuMs, procCpuMs, serverCpuMs }
}

async function curlUpload(uploadUrl, file, via, prefix = []) {
  const origin = new URL(uploadUrl).origin
  const through = u => (via ? u.replace(origin, via) : u)
  const [cmd, ...pre] = [...prefix, 'curl']
  const start = await run(cmd, [
    ...pre,
    '-sS',
    '-X',
    'POST',
    '-H',
    'Content-Type: text/plain',
    '-H',
    'Content-Length: 0',
    '-H',
    'x-goog-resumable: start',
    '-o',
    '/dev/null',
    '-D',
    '-',
    through(uploadUrl)
  ])
  const loc = /^location:\s*(\S+)/im.exec(start.out)?.[1]
  if (!loc) return { ...start, code: start.code || 1, err: `${start.err} no Location` }
  // With /usr/bin/time, the PUT's CPU time is known too (curl itself has no such report).
  const timed = !prefix.length && tools.time ? ['/usr/bin/time', ['-f', '%U %S', cmd]] : [cmd, []]
  const put = await run(timed[0], [
    ...timed[1],
    ...pre,
    '-sS',
    '-f',
    '-T',
    file.path,
    '-H',
    'Expect:',
    '-H',
    `Content-Range: bytes 0-${file.bytes - 1}/${file.bytes}`,
    '-o',
    '/dev/null',
    through(new URL(loc, uploadUrl).href)
  ])
  const cpu = timed[1].length ? /([\d.]+) ([\d.]+)\s*$/.exec(put.err) : null
  if (cpu) put.cpuMs = (Number(cpu[1]) + Number(cpu[2])) * 1000
  return put
}

async function haveGoogle() {
  try {
    await import('@google-cloud/storage')
    return true
  } catch {
    return false
  }
}

/** Pairs "ours vs baseline" for upload rows: ratio = baseline time / our time (above 1: we are faster). */
function uploadRows(section, res, bytes, pairs, extraNote = '', noteLabel = undefined) {
  const ours = res.med.ours
  for (const { key, label, target, targetText } of pairs) {
    const base = res.med[key]
    const ratio = ours && base ? base / ours : undefined
    addRow({
      section,
      id: `${section}:${key}`,
      title: `${label}`,
      ours: ours ? `${fmtMs(ours)} (${fmtRate(bytes, ours)})` : 'failed',
      base: base ? `${fmtMs(base)} (${fmtRate(bytes, base)})` : (res.skipped?.[key] ?? 'failed'),
      ratio: ratioText(ratio),
      ratioValue: ratio,
      target: targetText,
      met: target === undefined || ratio === undefined ? undefined : ratio >= target,
      samples: { ours: res.samples.ours, [key]: res.samples[key] },
      note: key === pairs[0].key ? extraNote : undefined,
      ...(noteLabel ? { label: noteLabel } : {})
    })
  }
}

function gapNote(res, key) {
  const ex = res.extras[key].filter(Boolean)
  if (ex.length === 0) return ''
  const chunks = median(ex.map(e => e.chunks))
  const gap = median(ex.map(e => e.gapMs))
  return `${key}: ${chunks} data PUTs, ${fmtMs(gap)} in all between an answer and the next PUT`
}

/** Median CPU time of each client (the upload only) and of the sandbox, per trial. */
function cpuNote(res) {
  const parts = []
  for (const [k, ex] of Object.entries(res.extras)) {
    const ok = ex.filter(Boolean)
    const c = median(ok.map(e => e.clientCpuMs))
    const s = median(ok.map(e => e.serverCpuMs))
    if (ok.length) parts.push(`${k} ${c === undefined ? '?' : fmtMs(c)} (sandbox ${fmtMs(s)})`)
  }
  return parts.length ? `CPU time per upload, client (server): ${parts.join(', ')}` : ''
}

// --------------------------------------------------------------------------------------------- rows
async function rowUpload() {
  const file = await idFile(sizeMiB)
  const sb = await sandbox()
  const google = await haveGoogle()
  const trials = { ours: () => uploadTrial(sb, file, 'ours', { chunkMiB: 8 }) }
  const skipped = {}
  if (tools.curl) trials.curl = () => uploadTrial(sb, file, 'curl')
  else skipped.curl = missing('curl')
  trials.fetch = () => uploadTrial(sb, file, 'fetch')
  if (google) {
    trials.google = () => uploadTrial(sb, file, 'google')
    trials.google8 = () => uploadTrial(sb, file, 'google', { chunkMiB: 8 })
  } else skipped.google = skipped.google8 = 'skipped: @google-cloud/storage not installed (npm ci)'
  const res = await interleave(trials)
  res.skipped = skipped
  await sb.stop()
  // What the engine's client-side CRC32C costs on one core, for the CPU budget below.
  const crc = []
  for (let r = 0; r < rounds; r++) {
    const c = await run(process.execPath, [path.join(LIB, 'scan-child.mjs'), 'crc', file.path])
    if (c.code === 0) crc.push(JSON.parse(c.out).ms)
  }
  const crcMs = median(crc)
  const s = `Upload phase, loopback, ${fmtMiB(file.bytes)}`
  uploadRows(
    'upload',
    res,
    file.bytes,
    [
      {
        key: 'curl',
        label: `${s}: ours (${chunkLabel(DEFAULT_CHUNK)} chunks) vs curl, one PUT`,
        target: 0.9,
        targetText: '>= 0.90x'
      },
      { key: 'fetch', label: `${s}: ours vs fetch, one PUT from memory`, targetText: '(reference)' },
      {
        key: 'google',
        label: `${s}: ours vs @google-cloud/storage, default (one streaming PUT)`,
        target: 1,
        targetText: '> 1x'
      },
      {
        key: 'google8',
        label: `${s}: ours vs @google-cloud/storage, chunkSize 8 MiB`,
        target: 1,
        targetText: '> 1x'
      }
    ],
    `${gapNote(res, 'ours')}; ${cpuNote(res)}; the engine's CRC32C of the file alone (computed before the ` +
      `upload starts, so outside the timed phase; one core, in ours' client CPU): ${fmtMs(crcMs)} ` +
      `(${fmtRate(file.bytes, crcMs)}). Client and sandbox share ${machine().nproc} CPUs here, so client CPU ` +
      `time slows the sandbox down`
  )
}

async function rowAction() {
  if (!existsSync(DIST))
    return addRow({
      section: 'action',
      title: 'Whole action',
      ours: 'skipped: no dist/index.js (npm run bundle)'
    })
  const file = await idFile(sizeMiB)
  const sb = await sandbox()
  const trials = { ours: () => actionTrial(sb, file) }
  if (tools.curl) trials.curl = () => curlAction(sb, file)
  const res = await interleave(trials)
  await sb.stop()
  const ours = res.med.ours
  const base = res.med.curl
  const ex = res.extras.ours.filter(Boolean)
  const part = k => fmtMs(median(ex.map(e => e[k])))
  addRow({
    section: 'action',
    id: 'action',
    label: 'Whole action',
    title: `Whole action (wait: false), ${fmtMiB(file.bytes)}: node dist/index.js vs curl (create, start, PUT, GET)`,
    ours: fmtMs(ours),
    base: base ? fmtMs(base) : missing('curl'),
    ratio: ratioText(ours && base ? base / ours : undefined),
    ratioValue: ours && base ? base / ours : undefined,
    target: '(reference)',
    samples: res.samples,
    note:
      `ours: launch to validated ${part('validated')}, create job + start session ${part('create')}, ` +
      `upload ${part('upload')}, GET + exit ${part('tail')}` +
      (res.extras.curl?.[0]
        ? `; curl: upload ${fmtMs(median(res.extras.curl.filter(Boolean).map(e => e.upload)))}`
        : '')
  })
}

function actionEnv(sb, file, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: dataDir,
    RUNNER_TEMP: path.join(dataDir, 'runner-temp'),
    GITHUB_WORKSPACE: dataDir,
    'INPUT_BEARER-TOKEN': TOKEN,
    INPUT_TYPE: 'tweets',
    'INPUT_IDS-FILE': file.path,
    'INPUT_API-BASE-URL': sb.apiBaseUrl,
    INPUT_WAIT: 'false',
    'INPUT_ARTIFACT-NAME': '',
    ...extra
  }
}

/**
 * node dist/index.js, launch to exit, with the phases the sandbox and the log lines show. `wrap`: a
 * command to run it under (e.g. /usr/bin/time).
 */
async function actionTrial(sb, file, { env = {}, nodeArgs = [], wrap = [] } = {}) {
  const since = await sb.send('seq')
  const [cmd, ...args] = [...wrap, process.execPath, ...nodeArgs, DIST]
  const res = await run(cmd, args, {
    env: actionEnv(sb, file, env),
    timeoutMs: 600_000,
    cwd: dataDir
  })
  const stats = await sb.send('stats', { since })
  await sb.send('cancelAll')
  const reqs = stats.requests
  const create = reqs.find(r => r.kind === 'create')
  const jobId = reqs.find(r => r.kind === 'start')?.jobId
  const phase = jobId && uploadPhase(reqs, jobId)
  if (res.code !== 0 || !create || !phase) {
    log(`action failed (exit ${res.code}): ${(res.out + res.err).trim().slice(-600)}`)
    return undefined
  }
  const validatedAt = res.lines.find(l => /ids-file/.test(l.line))?.t
  return {
    value: res.ms,
    validated: (validatedAt ?? create.startedAt) - res.started,
    create: phase.startedAt - create.startedAt,
    upload: phase.ms,
    tail: res.ended - phase.endedAt,
    stats,
    phase,
    res
  }
}

/** The same job done with curl: create, start, one PUT, GET; launch of the first to exit of the last. */
async function curlAction(sb, file) {
  const since = await sb.send('seq')
  const t0 = now()
  const auth = ['-H', `Authorization: Bearer ${TOKEN}`]
  const create = await run('curl', [
    '-sS',
    '-f',
    ...auth,
    '-H',
    'Content-Type: application/json',
    '-d',
    '{"type":"tweets","resumable":true}',
    `${sb.apiBaseUrl}/2/compliance/jobs`
  ])
  const job = JSON.parse(create.out).data
  const up = await curlUpload(job.upload_url, file)
  const get = await run('curl', [
    '-sS',
    '-f',
    ...auth,
    '-o',
    '/dev/null',
    `${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`
  ])
  const ms = now() - t0
  const stats = await sb.send('stats', { since })
  await sb.send('cancelAll')
  const phase = uploadPhase(stats.requests, job.id)
  if (up.code !== 0 || get.code !== 0 || !phase) return undefined
  return { value: ms, upload: phase.ms }
}

async function netemSetup() {
  if (!tools.ip || !tools.tc) return { error: missing(!tools.ip ? 'ip' : 'tc') }
  const ns = `xcbench${process.pid}`
  const steps = [
    ['ip', ['netns', 'add', ns]],
    ['ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']],
    [
      'ip',
      [
        'netns',
        'exec',
        ns,
        'tc',
        'qdisc',
        'add',
        'dev',
        'lo',
        'root',
        'netem',
        'delay',
        `${DELAY_MS}ms`,
        'rate',
        '1gbit',
        'limit',
        '100000'
      ]
    ]
  ]
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { encoding: 'utf8' })
    if (r.status !== 0) {
      spawnSync('ip', ['netns', 'del', ns])
      return {
        error: `${[cmd, ...args].slice(-9).join(' ')}: ${(r.stderr || r.error?.message || '').trim()}`
      }
    }
  }
  cleanups.push(() => spawnSync('ip', ['netns', 'del', ns]))
  return { prefix: ['ip', 'netns', 'exec', ns] }
}

/** The 20 ms link: a sandbox in a netem namespace (clients run under `prefix`) or behind a relay (`via`). */
async function linkSetup() {
  const net = await netemSetup()
  let sb
  let via
  let how
  let relay
  const prefix = net.prefix ?? []
  if (net.prefix) {
    sb = await sandbox(net.prefix)
    how = `tc netem in a network namespace (lo: delay ${DELAY_MS} ms each way, rate 1 Gbit/s)`
  } else {
    sb = await sandbox()
    relay = await startHelper(path.join(LIB, 'relay.mjs'), {
      BENCH_TARGET_PORT: String(sb.port),
      BENCH_DELAY_MS: String(DELAY_MS),
      BENCH_RATE_BPS: String(RATE_BPS)
    })
    cleanups.push(() => relay.stop())
    via = `http://127.0.0.1:${relay.port}`
    how = `TCP relay on 127.0.0.1 (${DELAY_MS} ms each way, paced to 1 Gbit/s, 1 RTT per new connection); netem unavailable: ${net.error}`
  }
  log(`20 ms link: ${how}`)
  const stop = async () => {
    await sb.stop()
    await relay?.stop()
  }
  return { sb, via, prefix, how, stop }
}

/** Ours at the default chunk size vs Google's client on the 20 ms link (chunk sizes vs curl: the chunks-link row). */
async function rowLink() {
  const file = await idFile(linkMiB)
  const { sb, via, prefix, how } = await linkSetup()
  const google = await haveGoogle()
  const o = { via, prefix }
  const trials = { ours: () => uploadTrial(sb, file, 'ours', o) }
  const skipped = {}
  if (google) {
    trials.google = () => uploadTrial(sb, file, 'google', o)
    trials.google8 = () => uploadTrial(sb, file, 'google', { ...o, chunkMiB: 8 })
  } else skipped.google = skipped.google8 = 'skipped: @google-cloud/storage not installed'
  const res = await interleave(trials)
  res.skipped = skipped
  await sb.stop()
  const s = `Upload phase, 20 ms RTT 1 Gbit/s link, ${fmtMiB(file.bytes)}`
  uploadRows(
    'link',
    res,
    file.bytes,
    [
      {
        key: 'google',
        label: `${s}: ours (${chunkLabel(DEFAULT_CHUNK)}) vs @google-cloud/storage, default`,
        target: 1,
        targetText: '> 1x'
      },
      {
        key: 'google8',
        label: `${s}: ours (${chunkLabel(DEFAULT_CHUNK)}) vs @google-cloud/storage, chunkSize 8 MiB`,
        target: 1,
        targetText: '> 1x'
      }
    ],
    `${gapNote(res, 'ours')}; link: ${how}; ${cpuNote(res)}`
  )
}

async function rowMemory() {
  const small = await idFile(64)
  const big = await idFile(bigMiB)
  const sb = await sandbox()
  const hook = pathToFileURL(path.join(LIB, 'maxrss-hook.mjs')).href
  const rssFile = path.join(dataDir, 'maxrss.txt')
  const trial = file => async () => {
    await rm(rssFile, { force: true })
    const r = await actionTrial(sb, file, {
      env: { BENCH_MAXRSS_FILE: rssFile },
      nodeArgs: ['--import', hook]
    })
    if (!r) return undefined
    return { value: Number(await readFile(rssFile, 'utf8')) }
  }
  const res = await interleave({ small: trial(small), big: trial(big) })
  await sb.stop()
  const s = res.med.small
  const b = res.med.big
  addRow({
    section: 'memory',
    id: 'memory',
    title: `Peak RSS of the action (${chunkLabel(DEFAULT_CHUNK)} chunks): uploading ${fmtMiB(big.bytes)} vs 64 MiB`,
    ours: fmtMB(b),
    base: fmtMB(s),
    ratio: b && s ? `+${((b - s) / 1e6).toFixed(1)} MB` : 'n/a',
    target: '<= 100 MB, big <= small + 10 MB',
    met: b && s ? b <= 100e6 && s <= 100e6 && b <= s + 10e6 : undefined,
    samples: res.samples,
    note: 'getrusage maxRSS of the node process (preloaded hook)'
  })
}

async function rowResets() {
  const file = await idFile(sizeMiB)
  const sb = await sandbox()
  const resets = 10
  // At least 3 chunks per reset (8 MiB when the file is large enough), so the resets spread over the upload;
  // a reset costs what the server did not keep of one chunk, whatever the chunk size.
  const chunk = Math.max(
    256 * 1024,
    Math.min(8 * MiB, Math.floor(file.bytes / (3 * resets) / (256 * 1024)) * 256 * 1024)
  )
  const chunks = Math.ceil(file.bytes / chunk)
  const plan = []
  for (let i = 0; i < resets; i++) {
    // Spread over the data PUTs (each reset adds one: the chunk is sent again from the kept offset), never
    // on the last one; cut at an odd offset inside the chunk.
    const nth = 2 + Math.floor((i * (chunks - 2)) / resets) + i
    plan.push({
      on: 'chunk',
      nth,
      do: { reset: { afterBytes: Math.floor(chunk * (0.2 + 0.07 * i)) + 12_345 } }
    })
  }
  const trial = async () => {
    await sb.send('setFaults', { plan })
    const r = await actionTrial(sb, file, {
      env: { 'INPUT_RETRY-BASE-DELAY-MS': '20', 'INPUT_CHUNK-SIZE': `${chunk / 1024}KiB` }
    })
    await sb.send('setFaults', { plan: [] })
    if (!r) return undefined
    const data = r.stats.requests.filter(q => q.kind === 'chunk')
    const received = data.reduce((n, q) => n + q.bytesReceived, 0)
    return {
      value: received,
      resets: data.filter(q => q.outcome === 'reset').length,
      ms: r.upload,
      puts: data.length
    }
  }
  const res = await interleave({ ours: trial }, 1)
  await sb.stop()
  const ex = res.extras.ours[0]
  const received = res.med.ours
  const bound = file.bytes + resets * 256 * 1024
  addRow({
    section: 'resets',
    id: 'resets',
    label: 'Retransmission',
    title: `Retransmission: ${resets} connection resets spread over a ${fmtMiB(file.bytes)} upload (${fmtMiB(chunk)} chunks)`,
    ours: received ? `${fmtMiB(received)} received` : 'failed',
    base: `file ${fmtMiB(file.bytes)}`,
    ratio: received ? `+${((received - file.bytes) / 1024).toFixed(0)} KiB (${ex.resets} resets)` : 'n/a',
    target: `<= file + ${resets} x 256 KiB`,
    met: received ? received <= bound && ex.resets === resets : undefined,
    samples: res.samples,
    note: ex
      ? `bytes of data PUT bodies the sandbox read; ${ex.puts} data PUTs; upload phase ${fmtMs(ex.ms)} with retry-base-delay-ms 20`
      : ''
  })
}

async function rowValidate() {
  const file = await idFile(sizeMiB)
  const trials = {
    ours: async () => {
      const r = await run(process.execPath, [path.join(LIB, 'scan-child.mjs'), 'ids', file.path])
      if (r.code !== 0) return log(`prepareIdFile failed: ${r.err}`)
      const { ms, result } = JSON.parse(r.out)
      if (result.ids !== file.lines)
        return log(`prepareIdFile counted ${result.ids} IDs, expected ${file.lines}`)
      return { value: ms }
    }
  }
  if (tools.grep) {
    trials.grep = async () => {
      const r = await run('grep', ['-cvxE', '[0-9]{1,19}', file.path], {
        env: { ...process.env, LC_ALL: 'C' }
      })
      return r.code <= 1 && r.out.trim() === '0' ? { value: r.ms } : log(`grep: ${r.out}${r.err}`)
    }
  }
  if (tools.wc) {
    trials.wc = async () => {
      const r = await run('wc', ['-l', file.path])
      return r.code === 0 ? { value: r.ms } : undefined
    }
  }
  const res = await interleave(trials)
  const { ours, grep, wc } = res.med
  const ratio = ours && grep ? grep / ours : undefined
  addRow({
    section: 'validate',
    id: 'validate',
    title: `ID-file validation, ${fmtMiB(file.bytes)} (${file.lines} lines): prepareIdFile vs LC_ALL=C grep -cvxE '[0-9]{1,19}'`,
    ours: `${fmtMs(ours)} (${fmtRate(file.bytes, ours)})`,
    base: grep ? `${fmtMs(grep)} (${fmtRate(file.bytes, grep)})` : missing('grep'),
    ratio: ratioText(ratio),
    ratioValue: ratio,
    target: '>= 2x',
    met: ratio === undefined ? undefined : ratio >= 2,
    samples: res.samples,
    note: `wc -l: ${wc ? `${fmtMs(wc)} (${fmtRate(file.bytes, wc)})` : missing('wc')}; prepareIdFile timed around the call in a fresh node process`
  })
}

async function rowResults() {
  const p = path.join(dataDir, 'results.jsonl')
  const t = now()
  const gen = await writeResultsFile(p, resultsLines)
  log(`wrote ${resultsLines} result lines (${fmtMB(gen.bytes)}) in ${fmtMs(now() - t)}`)
  let firstOurs
  const trials = {
    ours: async () => {
      const r = await run(process.execPath, [path.join(LIB, 'scan-child.mjs'), 'results', p])
      if (r.code !== 0) return log(`countResultsFile failed: ${r.err}`)
      const { ms, result } = JSON.parse(r.out)
      if (!sameCounts(result, gen.counts))
        return log(`countResultsFile gave wrong counts: ${JSON.stringify(result)}`)
      firstOurs ??= ms
      return { value: ms }
    }
  }
  const program =
    'reduce inputs as $l ({total:0,by_action:{},by_reason:{}}; .total += 1 | .by_action[$l.action] += 1 | .by_reason[$l.reason] += 1)'
  let capped = false
  // jq 1.6 needs minutes for 10 million lines: each run is stopped at the cap (default: 10 times our
  // first time, at least 5 s), which still bounds the ratio from below.
  let jqCapMs = jqCapOpt === undefined ? undefined : Number(jqCapOpt) * 1000
  if (tools.jq) {
    trials.jq = async () => {
      jqCapMs ??= Math.max(5000, 10 * (firstOurs ?? 1000))
      const r = await run('jq', ['-cn', program, p], { timeoutMs: jqCapMs })
      if (r.timedOut) {
        capped = true
        return { value: jqCapMs, capped: true }
      }
      if (r.code !== 0 || !sameCounts(JSON.parse(r.out), gen.counts))
        return log(`jq: ${r.err || 'wrong counts'}`)
      return { value: r.ms }
    }
  }
  const res = await interleave(trials)
  const { ours, jq } = res.med
  const ratio = ours && jq ? jq / ours : undefined
  addRow({
    section: 'results',
    id: 'results',
    title: `Results summary, ${resultsLines} lines (${fmtMB(gen.bytes)}): countResultsFile vs jq (${tools.jq ?? 'missing'})`,
    ours: `${fmtMs(ours)} (${fmtRate(gen.bytes, ours)})`,
    base: jq
      ? `${capped ? '> ' : ''}${fmtMs(jq)}${capped ? ' (stopped at the cap)' : ` (${fmtRate(gen.bytes, jq)})`}`
      : missing('jq'),
    ratio: ratio === undefined ? 'n/a' : `${capped ? '> ' : ''}${ratioText(ratio)}`,
    ratioValue: ratio,
    target: '>= 3x',
    met: ratio === undefined ? undefined : ratio >= 3,
    samples: res.samples,
    note: `jq program: ${program}${capped ? `; jq runs were stopped after ${(jqCapMs / 1000).toFixed(1)} s (--jq-cap-s), so its time and the ratio are lower bounds` : ''}`
  })
}

async function rowCold() {
  const tiny = path.join(dataDir, 'tiny.txt')
  await writeFile(tiny, '1234567890123456789\n')
  const file = { path: tiny, bytes: 20 }
  const sb = await sandbox()
  const res = await interleave(
    {
      ours: async () => {
        const since = await sb.send('seq')
        const r = await run(process.execPath, [DIST], { env: actionEnv(sb, file), cwd: dataDir })
        const first = (await sb.send('stats', { since })).requests[0]
        await sb.send('cancelAll')
        if (r.code !== 0 || !first) return log(`action failed: ${r.out}${r.err}`)
        return { value: first.startedAt - r.started }
      },
      node: async () => {
        const r = await run(process.execPath, ['-e', '0'])
        return { value: r.ms }
      }
    },
    Math.max(rounds, 5)
  )
  await sb.stop()
  const { ours, node } = res.med
  const dist = path.dirname(DIST)
  const js = readdirSync(dist).filter(f => f.endsWith('.js'))
  const sizes = js.map(f => `${f} ${(statSync(path.join(dist, f)).size / 1024).toFixed(0)} KiB`).join(', ')
  addRow({
    section: 'cold',
    id: 'cold',
    title: 'Cold start: node dist/index.js, launch to its first request vs node -e 0, launch to exit',
    ours: fmtMs(ours),
    base: fmtMs(node),
    ratio: ours && node ? `+${fmtMs(ours - node)}` : 'n/a',
    target: '<= node + 150 ms',
    met: ours && node ? ours <= node + 150 : undefined,
    samples: res.samples,
    note: `bundle: ${sizes}`
  })
}

// ------------------------------------------------------------------------------ rows: wire speed at the defaults
const chunkLabel = bytes => (bytes === DEFAULT_CHUNK ? `default ${fmtChunk(bytes)}` : fmtChunk(bytes))
const fmtChunk = bytes => (bytes < MiB ? `${bytes / KiB} KiB` : fmtMiB(bytes))
const GiB = 1024 * MiB

/** `/usr/bin/time -o out` (peak RSS, user and sys CPU of the command), or [] without it. */
const timeWrap = out => (tools.time ? ['/usr/bin/time', '-o', out, '-f', '%M %U %S'] : [])
async function readTime(out) {
  const m = /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(await readFile(out, 'utf8').catch(() => ''))
  return m ? { maxRss: Number(m[1]) * 1024, cpuMs: (Number(m[2]) + Number(m[3])) * 1000 } : undefined
}

/**
 * Chunk sizes for the chunks rows: 256 KiB, the default, 256 MiB (a default equal to either is not repeated),
 * plus any given with --chunk-sizes (e.g. 16MiB,32MiB,64MiB: the candidates when choosing the default).
 */
function chunkSizes() {
  const extra = opt('chunk-sizes', '')
    .split(',')
    .filter(Boolean)
    .map(v => parseChunk(v))
  const sizes = [256 * KiB, DEFAULT_CHUNK, 256 * MiB, ...extra]
  return sizes.filter((c, i) => sizes.indexOf(c) === i).sort((a, b) => a - b)
}

async function googleVersion() {
  try {
    const pj = path.join(ROOT, 'node_modules', '@google-cloud', 'storage', 'package.json')
    return JSON.parse(await readFile(pj, 'utf8')).version
  } catch {
    return undefined
  }
}

/** Google's client in streaming mode (one PUT), with its default validation and with validation: false. */
async function rowGoogleModes() {
  const s = `Upload phase, loopback, ${fmtMiB(sizeMiB * MiB)}`
  if (!(await haveGoogle()))
    return addRow({
      section: 'google-modes',
      id: 'google-modes',
      title: `${s}: ours vs @google-cloud/storage, streaming`,
      ours: 'skipped: @google-cloud/storage not installed (npm ci)'
    })
  const file = await idFile(sizeMiB)
  const version = await googleVersion()
  const sb = await sandbox()
  const res = await interleave({
    ours: () => uploadTrial(sb, file, 'ours', { chunkBytes: DEFAULT_CHUNK }),
    googleCrc: () => uploadTrial(sb, file, 'google'),
    googleNoVal: () => uploadTrial(sb, file, 'google', { validation: false })
  })
  await sb.stop()
  const g = `@google-cloud/storage ${version ?? ''} streaming (createWriteStream, resumable, one PUT)`
  uploadRows(
    'google-modes',
    res,
    file.bytes,
    [
      {
        key: 'googleCrc',
        label: `${s}: ours (${chunkLabel(DEFAULT_CHUNK)} chunks) vs ${g}, default validation (CRC32C)`,
        target: 1,
        targetText: '> 1x'
      },
      {
        key: 'googleNoVal',
        label: `${s}: ours (${chunkLabel(DEFAULT_CHUNK)} chunks) vs ${g}, validation: false`,
        target: 1,
        targetText: '> 1x'
      }
    ],
    `${cpuNote(res)}; ours computes a CRC32C of the file (sent as x-goog-hash, checked by the server), as ` +
      `Google's client does by default; with validation: false it hashes nothing`,
    "Google's client, streaming, by validation"
  )
}

/** Our upload at 256 KiB, the default and 256 MiB chunks vs curl -T, on loopback or on the 20 ms link. */
async function rowChunks(onLink) {
  const section = onLink ? 'chunks-link' : 'chunks'
  const file = await idFile(onLink ? linkMiB : sizeMiB)
  const L = onLink ? await linkSetup() : { sb: await sandbox(), prefix: [], how: 'loopback' }
  const o = { via: L.via, prefix: L.prefix }
  const sizes = chunkSizes()
  const trials = {}
  const keyOf = c => `ours ${fmtChunk(c)}`
  for (const c of sizes) trials[keyOf(c)] = () => uploadTrial(L.sb, file, 'ours', { ...o, chunkBytes: c })
  if (tools.curl) trials.curl = () => uploadTrial(L.sb, file, 'curl', o)
  const res = await interleave(trials)
  if (L.stop) await L.stop()
  else await L.sb.stop()
  const curl = res.med.curl
  const s = onLink
    ? `Upload phase, 20 ms RTT 1 Gbit/s link, ${fmtMiB(file.bytes)}`
    : `Upload phase, loopback, ${fmtMiB(file.bytes)}`
  const want = 0.9
  for (const c of sizes) {
    const key = keyOf(c)
    const ours = res.med[key]
    const ratio = ours && curl ? curl / ours : undefined
    // Stop and wait: each of n chunks waits a round trip for its answer; one PUT waits once.
    const eff = Math.min(c, file.bytes)
    const n = Math.ceil(file.bytes / eff)
    const wire = (file.bytes * 8 * 1000) / RATE_BPS
    const bound = wire / (wire + (n - 1) * 2 * DELAY_MS)
    addRow({
      section,
      id: `${section}:${fmtChunk(c).replace(' ', '')}`,
      label: `Chunk sizes, ${onLink ? '20 ms link' : 'loopback'}, ${chunkLabel(c)}`,
      title: `${s}: ours, ${chunkLabel(c)} chunks vs curl -T, one PUT`,
      ours: ours ? `${fmtMs(ours)} (${fmtRate(file.bytes, ours)})` : 'failed',
      base: curl ? `${fmtMs(curl)} (${fmtRate(file.bytes, curl)})` : tools.curl ? 'failed' : missing('curl'),
      ratio: ratioText(ratio),
      ratioValue: ratio,
      target: onLink ? `>= ${want.toFixed(2)}x (bound ${ratioText(bound)})` : `>= ${want.toFixed(2)}x`,
      met: ratio === undefined ? undefined : ratio >= want,
      samples: { [key]: res.samples[key], curl: res.samples.curl },
      note:
        `${gapNote(res, key)}` +
        (onLink
          ? `; bound: ${n} chunk(s), each waiting ${2 * DELAY_MS} ms for its answer, vs one PUT of ${fmtMs(wire)} on the wire` +
            (c === sizes[0] ? `; link: ${L.how}` : '')
          : `; ${cpuNote({ extras: { ours: res.extras[key], curl: res.extras.curl ?? [] } })}`)
    })
  }
}

/** Client CPU time (user + sys of the whole client process) per GiB uploaded: ours and curl -T, loopback. */
async function rowCpu() {
  const file = await idFile(sizeMiB)
  const sb = await sandbox()
  const out = path.join(dataDir, 'cpu-time.txt')
  const trials = {
    ours: async () => {
      await rm(out, { force: true })
      const r = await uploadTrial(sb, file, 'ours', { chunkBytes: DEFAULT_CHUNK, prefix: timeWrap(out) })
      if (!r) return undefined
      const t = tools.time ? await readTime(out) : undefined
      return { ...r, value: t ? t.cpuMs : r.procCpuMs }
    }
  }
  if (tools.curl && tools.time)
    trials.curl = async () => {
      const r = await uploadTrial(sb, file, 'curl')
      return r && { ...r, value: r.clientCpuMs }
    }
  const res = await interleave(trials)
  await sb.stop()
  const perGiB = ms => (ms === undefined ? undefined : (ms * GiB) / file.bytes)
  const ours = perGiB(res.med.ours)
  const curl = perGiB(res.med.curl)
  const ratio = ours && curl ? curl / ours : undefined
  const ex = res.extras.ours.filter(Boolean)
  const upload = perGiB(median(ex.map(e => e.clientCpuMs)))
  const server = k => fmtMs(perGiB(median((res.extras[k] ?? []).filter(Boolean).map(e => e.serverCpuMs))))
  addRow({
    section: 'cpu',
    id: 'cpu',
    label: 'Client CPU per GiB',
    title: `Client CPU time (user + sys) per GiB uploaded, loopback, ${fmtMiB(file.bytes)} file: ours (${chunkLabel(DEFAULT_CHUNK)} chunks) vs curl -T`,
    ours: ours ? `${fmtMs(ours)} per GiB` : 'failed',
    base: curl
      ? `${fmtMs(curl)} per GiB`
      : !tools.curl
        ? missing('curl')
        : 'skipped: /usr/bin/time is not installed (apt-get install time)',
    ratio: ratioText(ratio),
    ratioValue: ratio,
    target: '(reference)',
    samples: res.samples,
    note:
      `whole client process (${tools.time ? '/usr/bin/time' : "the child's process.resourceUsage()"}): ours is ` +
      `node bench/lib/upload-client.mjs (start-up and module loading included; the upload alone ` +
      `${fmtMs(upload)} per GiB), curl the PUT's process (its start POST, a separate tiny curl, not counted); ` +
      `sandbox CPU per GiB meanwhile: ours ${server('ours')}, curl ${server('curl')}`
  })
}

/** Peak RSS of node dist/index.js (wait: false) for 64 MiB, 1 GiB and 2 GiB ID files, default and 256 MiB chunks. */
async function rowRss() {
  const sizes = [64, ...rssMiB.filter(m => m !== 64)]
  const byMiB = {}
  for (const mib of sizes) byMiB[mib] = await idFile(mib)
  const sb = await sandbox()
  const hook = pathToFileURL(path.join(LIB, 'maxrss-hook.mjs')).href
  const out = path.join(dataDir, 'rss.txt')
  const trial =
    (file, env, extraArgs = []) =>
    async () => {
      await rm(out, { force: true })
      const args = [...rssNodeArgs, ...extraArgs]
      const r = await actionTrial(
        sb,
        file,
        tools.time
          ? { env, wrap: timeWrap(out), nodeArgs: args }
          : { env: { ...env, BENCH_MAXRSS_FILE: out }, nodeArgs: [...args, '--import', hook] }
      )
      if (!r) return undefined
      const value = tools.time ? (await readTime(out))?.maxRss : Number(await readFile(out, 'utf8'))
      return { value, ms: r.value, upload: r.upload }
    }
  // The default: no INPUT_CHUNK-SIZE at all, as a workflow that does not set it.
  const modes = [
    ['default', {}, DEFAULT_CHUNK],
    ['256m', { 'INPUT_CHUNK-SIZE': '256MiB' }, 256 * MiB]
  ].filter(([k, , c]) => k === 'default' || c !== DEFAULT_CHUNK)
  const trials = {}
  for (const [k, env] of modes) for (const mib of sizes) trials[`${k}:${mib}`] = trial(byMiB[mib], env)
  // Attribution: the same runs with V8's young generation held at 1 MiB semi-spaces (it grows with the bytes that
  // survive scavenges over a long run), and with one V8 platform thread (malloc arenas of worker threads).
  const largest = Math.max(...sizes)
  const ATTRIBUTION = [
    [
      'semi1',
      ['--max-semi-space-size=1'],
      'node --max-semi-space-size=1 (young generation held at 1 MiB semi-spaces)'
    ],
    ['pool1', ['--v8-pool-size=1'], 'node --v8-pool-size=1 (one V8 worker thread)']
  ]
  for (const [k, args] of ATTRIBUTION)
    for (const mib of [64, largest]) trials[`${k}:${mib}`] = trial(byMiB[mib], {}, args)
  const res = await interleave(trials)
  await sb.stop()
  const LIMIT = 80e6
  const SLACK = 5e6
  for (const [k, , c] of modes) {
    const small = res.med[`${k}:64`]
    for (const mib of sizes) {
      const v = res.med[`${k}:${mib}`]
      const isLargest = mib === largest && mib !== 64
      addRow({
        section: 'rss',
        id: `rss:${k}:${mib}`,
        label: 'Peak RSS of the action',
        title: `Peak RSS of the action (node dist/index.js, wait: false), ${chunkLabel(c)} chunks, ${fmtMiB(byMiB[mib].bytes)} ID file`,
        ours: v ? fmtMB(v) : 'failed',
        base: mib === 64 ? '' : `64 MiB file: ${fmtMB(small)}`,
        ratio: mib !== 64 && v && small ? `${v >= small ? '+' : ''}${((v - small) / 1e6).toFixed(1)} MB` : '',
        target: isLargest ? '<= 80 MB, <= 64 MiB peak + 5 MB' : '<= 80 MB',
        met:
          v === undefined
            ? undefined
            : v <= LIMIT && (!isLargest || (small !== undefined && v <= small + SLACK)),
        samples: { [`${k}:${mib}`]: res.samples[`${k}:${mib}`] },
        note:
          k === 'default' && mib === 64
            ? `maxRSS of the whole node process (${tools.time ? '/usr/bin/time %M' : 'getrusage in a preloaded hook'}), ` +
              `validation and upload; the default chunk size read from the action's INPUT_DEFAULTS (${fmtChunk(DEFAULT_CHUNK)}), ` +
              `no INPUT_CHUNK-SIZE set; 256 MiB through INPUT_CHUNK-SIZE`
            : undefined
      })
    }
  }
  for (const [k, , what] of ATTRIBUTION) {
    const small = res.med[`${k}:64`]
    const v = res.med[`${k}:${largest}`]
    addRow({
      section: 'rss',
      id: `rss:${k}:${largest}`,
      label: 'Peak RSS of the action',
      title: `Peak RSS of the action (attribution, default chunks, ${fmtMiB(byMiB[largest].bytes)} vs 64 MiB ID file): ${what}`,
      ours: v ? fmtMB(v) : 'failed',
      base: small ? `64 MiB file: ${fmtMB(small)}` : '',
      ratio: v && small ? `${v >= small ? '+' : ''}${((v - small) / 1e6).toFixed(1)} MB` : '',
      target: '(attribution)',
      met: undefined,
      samples: { [`${k}:64`]: res.samples[`${k}:64`], [`${k}:${largest}`]: res.samples[`${k}:${largest}`] }
    })
  }
}

// ------------------------------------------------------------------------------------------------ Redivis
const REDIVIS_TABLE = 'demo.sandbox_dataset.posts'
const REDIVIS_FILES_TABLE = 'demo.sandbox_dataset.files'

/** node dist/redivis-upload/index.js (wait: false) as the runner runs it; the transfer phase as the sandbox saw it. */
async function redivisActionTrial(sb, inputs, workspace = dataDir, prefix = []) {
  const since = await sb.send('seq')
  const env = {
    PATH: process.env.PATH,
    HOME: dataDir,
    RUNNER_TEMP: path.join(dataDir, 'runner-temp'),
    GITHUB_WORKSPACE: workspace
  }
  const all = { 'api-token': TOKEN, 'api-base-url': `${sb.apiBaseUrl}/api/v1`, wait: 'false', ...inputs }
  for (const [k, v] of Object.entries(all)) env[`INPUT_${k.toUpperCase()}`] = v
  const [cmd, ...args] = [...prefix, process.execPath, DIST_REDIVIS]
  const res = await run(cmd, args, { env, timeoutMs: 600_000, cwd: workspace })
  const reqs = (await sb.send('stats', { since })).requests
  const transfers = reqs.filter(r => ['start', 'chunk', 'status', 'simplePut'].includes(r.kind))
  if (res.code !== 0 || transfers.length === 0) {
    log(`redivis-upload failed (exit ${res.code}): ${(res.out + res.err).trim().slice(-600)}`)
    return undefined
  }
  const first = Math.min(...transfers.map(r => r.startedAt))
  const last = Math.max(...transfers.map(r => r.endedAt ?? r.startedAt))
  return { value: last - first, wall: res.ms, requests: reqs.length }
}

/** The same transfer with curl: a temp upload from the API, the start POST and one PUT of the whole file. */
async function curlRedivisTrial(sb, file) {
  const api = `${sb.apiBaseUrl}/api/v1/tables/${encodeURIComponent('demo.sandbox_dataset:next.posts')}/tempUploads`
  const created = await fetch(api, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tempUploads: [{ name: 'bench.csv', size: file.bytes, resumable: true }] })
  })
  const url = (await created.json()).results?.[0]?.url
  if (!url) return undefined
  const since = await sb.send('seq')
  const auth = ['-H', `Authorization: Bearer ${TOKEN}`]
  const start = await run('curl', [
    '-sS',
    '-X',
    'POST',
    ...auth,
    '-H',
    'Content-Length: 0',
    '-H',
    'x-goog-resumable: start',
    '-H',
    `x-upload-content-length: ${file.bytes}`,
    '-o',
    '/dev/null',
    '-D',
    '-',
    url
  ])
  const loc = /^location:\s*(\S+)/im.exec(start.out)?.[1]
  if (!loc) return undefined
  const put = await run('curl', ['-sS', '-f', '-T', file.path, ...auth, '-o', '/dev/null', loc], {
    timeoutMs: 600_000
  })
  if (put.code !== 0) return undefined
  const reqs = (await sb.send('stats', { since })).requests.filter(
    r => r.kind === 'start' || r.kind === 'chunk'
  )
  const first = Math.min(...reqs.map(r => r.startedAt))
  const last = Math.max(...reqs.map(r => r.endedAt ?? r.startedAt))
  return { value: last - first }
}

/** One large file into a Redivis table through the sandbox: ours (the whole action) vs curl, transfer phase. */
async function rowRedivis() {
  const file = await idFile(sizeMiB)
  const sb = await sandbox()
  const trials = {
    ours: () => redivisActionTrial(sb, { table: REDIVIS_TABLE, files: file.path, 'if-exists': 'replace' })
  }
  const skipped = {}
  if (tools.curl) trials.curl = () => curlRedivisTrial(sb, file)
  else skipped.curl = missing('curl')
  const res = await interleave(trials)
  res.skipped = skipped
  await sb.stop()
  uploadRows(
    'redivis',
    res,
    file.bytes,
    [
      {
        key: 'curl',
        label: `Redivis transfer phase, loopback, ${fmtMiB(file.bytes)}: node dist/redivis-upload/index.js (${chunkLabel(DEFAULT_CHUNK)} chunks) vs curl -T, one PUT`,
        target: 0.9,
        targetText: '>= 0.90x'
      }
    ],
    'timed by the sandbox from the first transfer request arriving to the last answer leaving (the API calls before and after are not in it); both through a temp upload of demo.sandbox_dataset:next.posts with the token on every request'
  )
}

/** A free port on 127.0.0.1 (for a server started next; the race with other programs is accepted). */
async function freePort() {
  const { createServer } = await import('node:net')
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/**
 * The sandbox behind the 20 ms link with its URLs naming the link, so that transfers to the URLs it hands out
 * cross the link too (the action reaches the API and the temp upload URLs alike through it).
 */
async function publicLinkSetup(env = {}) {
  const net = await netemSetup()
  if (net.prefix) {
    const sb = await sandbox(net.prefix, env)
    return {
      sb,
      api: sb.apiBaseUrl,
      prefix: net.prefix,
      how: `tc netem in a network namespace (delay ${DELAY_MS} ms each way, rate 1 Gbit/s)`
    }
  }
  const port = await freePort()
  const relay = await startHelper(path.join(LIB, 'relay.mjs'), {
    BENCH_TARGET_PORT: String(port),
    BENCH_DELAY_MS: String(DELAY_MS),
    BENCH_RATE_BPS: String(RATE_BPS)
  })
  cleanups.push(() => relay.stop())
  const sb = await sandbox([], { ...env, BENCH_PORT: String(port), BENCH_PUBLIC_PORT: String(relay.port) })
  return {
    sb,
    api: `http://127.0.0.1:${relay.port}`,
    relay,
    how: `TCP relay on 127.0.0.1 (${DELAY_MS} ms each way, paced to 1 Gbit/s, 1 RTT per new connection), the sandbox's URLs naming the relay; netem unavailable: ${net.error}`
  }
}

/** 64 files of 8 MiB as raw files of a file index table, at concurrency 1, 4 and 16 on the 20 ms link. */
async function rowRedivisConcurrency() {
  const count = quick ? 16 : 64
  const mib = quick ? 2 : 8
  const src = path.join(dataDir, 'redivis-files-src.bin')
  await writeIdFile(src, mib * MiB)
  const ws = path.join(dataDir, 'redivis-ws')
  const { sb, api, relay, how, prefix } = await publicLinkSetup()
  log(`Redivis 20 ms link: ${how}`)
  let n = 0
  const trial = c => async () => {
    // Raw file names must be new in the table: every trial uploads its own folder.
    const dir = `t${++n}`
    await mkdir(path.join(ws, dir), { recursive: true })
    for (let i = 0; i < count; i++)
      await cp(src, path.join(ws, dir, `part-${String(i).padStart(3, '0')}.txt`))
    const r = await redivisActionTrial(
      sb,
      {
        table: REDIVIS_FILES_TABLE,
        kind: 'files',
        files: `${dir}/*.txt`,
        concurrency: String(c),
        'api-base-url': `${api}/api/v1`
      },
      ws,
      prefix
    )
    await rm(path.join(ws, dir), { recursive: true, force: true })
    return r
  }
  const res = await interleave({ c1: trial(1), c4: trial(4), c16: trial(16) })
  await sb.stop()
  await relay?.stop()
  const bytes = count * mib * MiB
  for (const k of ['c4', 'c16']) {
    const ratio = res.med.c1 && res.med[k] ? res.med.c1 / res.med[k] : undefined
    addRow({
      section: 'redivis-concurrency',
      id: `redivis-concurrency:${k}`,
      title: `Redivis transfer phase, 20 ms RTT 1 Gbit/s link, ${count} files of ${mib} MiB (raw files, one PUT each): concurrency ${k.slice(1)} vs 1`,
      ours: res.med[k] ? `${fmtMs(res.med[k])} (${fmtRate(bytes, res.med[k])})` : 'failed',
      base: res.med.c1 ? `${fmtMs(res.med.c1)} (${fmtRate(bytes, res.med.c1)})` : 'failed',
      ratio: ratioText(ratio),
      ratioValue: ratio,
      target: '(reference)',
      met: undefined,
      samples: { c1: res.samples.c1, [k]: res.samples[k] },
      note: k === 'c4' ? `link: ${how}` : undefined
    })
  }
}

// -------------------------------------------------------------------------------------------------- media
/** A video file of `mib` MiB: an MP4 file type box, then ID-file bytes (the sandbox checks no codec). */
async function videoFile(mib) {
  const key = `video-${mib}`
  if (!files[key]) {
    const p = path.join(dataDir, `${key}.mp4`)
    await writeIdFile(p, mib * MiB)
    const { open } = await import('node:fs/promises')
    const fh = await open(p, 'r+')
    await fh.write(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42', 'latin1')]), 0, 12, 0)
    await fh.close()
    files[key] = { path: p, bytes: mib * MiB }
  }
  return files[key]
}

/** The media phase the sandbox saw: from the first append arriving to the last append's answer. */
async function mediaPhase(sb, since, res, who) {
  const appends = (await sb.send('stats', { since })).requests.filter(r => r.kind === 'mediaAppend')
  if (res.code !== 0 || appends.length === 0) {
    log(`${who} failed (exit ${res.code}): ${(res.out + res.err).trim().slice(-600)}`)
    return undefined
  }
  const first = Math.min(...appends.map(r => r.startedAt))
  const last = Math.max(...appends.map(r => r.endedAt ?? r.startedAt))
  return { value: last - first, wall: res.ms, segments: appends.length }
}

/** node dist/media-upload/index.js as the runner runs it, over TLS through the link. */
async function mediaActionTrial(sb, file, api, ca, concurrency, prefix = []) {
  const since = await sb.send('seq')
  const env = {
    PATH: process.env.PATH,
    HOME: dataDir,
    RUNNER_TEMP: path.join(dataDir, 'runner-temp'),
    GITHUB_WORKSPACE: dataDir,
    NODE_EXTRA_CA_CERTS: ca
  }
  const inputs = {
    'user-token': 'bench-user-token',
    'media-file': file.path,
    concurrency: String(concurrency),
    'api-base-url': api
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const [cmd, ...args] = [...prefix, process.execPath, DIST_MEDIA]
  return mediaPhase(
    sb,
    since,
    await run(cmd, args, { env, timeoutMs: 600_000, cwd: dataDir }),
    'media-upload'
  )
}

/** node-twitter-api-v2's uploadMedia against the same sandbox, over the same link. */
async function peerMediaTrial(sb, file, port, ca, prefix = []) {
  const since = await sb.send('seq')
  const env = {
    ...process.env,
    BENCH_PEER: JSON.stringify({ file: file.path, port, ca, token: 'bench-user-token' })
  }
  const [cmd, ...args] = [...prefix, process.execPath, path.join(LIB, 'peer-media.mjs')]
  return mediaPhase(
    sb,
    since,
    await run(cmd, args, { env, timeoutMs: 600_000, cwd: dataDir }),
    'twitter-api-v2 uploadMedia'
  )
}

/** A throwaway certificate for api.x.com (the peer's built-in host) and localhost (ours), its own trust anchor. */
function throwawayCert() {
  const cert = path.join(dataDir, 'media-cert.pem')
  const key = path.join(dataDir, 'media-key.pem')
  const r = spawnSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert],
    ...[
      '-subj',
      '/CN=api.x.com',
      '-addext',
      'subjectAltName=DNS:api.x.com,DNS:localhost',
      '-addext',
      'basicConstraints=critical,CA:TRUE'
    ]
  ])
  return r.status === 0 ? { cert, key } : undefined
}

/** A 512 MiB video at concurrency 1, 3 (the default) and 8 on the 20 ms link, and node-twitter-api-v2 beside it. */
async function rowMedia() {
  const file = await videoFile(quick ? 64 : 512)
  const tlsFiles = throwawayCert()
  if (!tlsFiles) {
    addRow({
      section: 'media',
      id: 'media',
      title: 'X media segments',
      ours: 'skipped: openssl is missing (the peer needs TLS)'
    })
    return
  }
  const { sb, api, relay, how, prefix } = await publicLinkSetup({
    BENCH_TLS_CERT: tlsFiles.cert,
    BENCH_TLS_KEY: tlsFiles.key
  })
  const port = Number(new URL(api).port)
  const httpsApi = `https://localhost:${port}`
  log(`media 20 ms link (TLS): ${how}`)
  let peerAvailable = true
  try {
    await import('twitter-api-v2')
  } catch {
    peerAvailable = false
  }
  const trials = {
    c1: () => mediaActionTrial(sb, file, httpsApi, tlsFiles.cert, 1, prefix),
    c3: () => mediaActionTrial(sb, file, httpsApi, tlsFiles.cert, 3, prefix),
    c8: () => mediaActionTrial(sb, file, httpsApi, tlsFiles.cert, 8, prefix)
  }
  if (peerAvailable) trials.peer = () => peerMediaTrial(sb, file, port, tlsFiles.cert, prefix)
  const res = await interleave(trials)
  await sb.stop()
  await relay?.stop()
  const row = (k, base, label, note) => {
    const ratio = res.med[base] && res.med[k] ? res.med[base] / res.med[k] : undefined
    addRow({
      section: 'media',
      id: `media:${k}:${base}`,
      title: `X media segments, 20 ms RTT 1 Gbit/s link (TLS), ${fmtMiB(file.bytes)} video: ${label}`,
      ours: res.med[k] ? `${fmtMs(res.med[k])} (${fmtRate(file.bytes, res.med[k])})` : 'failed',
      base: res.med[base]
        ? `${fmtMs(res.med[base])} (${fmtRate(file.bytes, res.med[base])})`
        : base === 'peer' && !peerAvailable
          ? 'skipped: twitter-api-v2 not installed (npm ci)'
          : 'failed',
      ratio: ratioText(ratio),
      ratioValue: ratio,
      target: base === 'peer' ? '> 1x' : '(reference)',
      met: base === 'peer' && ratio !== undefined ? ratio > 1 : undefined,
      samples: { [k]: res.samples[k], [base]: res.samples[base] },
      note
    })
  }
  for (const k of ['c1', 'c3', 'c8'])
    row(
      k,
      'peer',
      `node dist/media-upload/index.js, 4 MiB segments, concurrency ${k.slice(1)}${k === 'c3' ? ' (the default)' : ''} vs twitter-api-v2 1.29.1 uploadMedia (1 MB segments, one at a time)`,
      k === 'c1'
        ? `timed by the sandbox from the first append arriving to the last append's answer; the peer's agent connects to the relay with TLS for api.x.com (throwaway CA), ours reaches https://localhost through it; link: ${how}`
        : undefined
    )
  for (const k of ['c3', 'c8']) row(k, 'c1', `ours at concurrency ${k.slice(1)} vs 1`)
}

/** GITHUB_OUTPUT's name<<delimiter blocks as an object. */
async function readOutputs(file) {
  const text = await readFile(file, 'utf8').catch(() => '')
  const out = {}
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (let m; (m = re.exec(text));) out[m[1]] = m[3]
  return out
}

/** Lines in a file (newlines counted in 8 MiB reads). */
async function countLines(p) {
  const { open } = await import('node:fs/promises')
  const fh = await open(p, 'r').catch(() => undefined)
  if (!fh) return undefined
  try {
    const buf = Buffer.allocUnsafe(8 * MiB)
    let n = 0
    for (let pos = 0; ;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos)
      if (bytesRead === 0) return n
      const got = buf.subarray(0, bytesRead)
      for (let i = got.indexOf(10); i >= 0; i = got.indexOf(10, i + 1)) n++
      pos += bytesRead
    }
  } finally {
    await fh.close()
  }
}

/**
 * End-to-end runs of the action (wait: true) on a file of e2eIds IDs: validation, upload, polling, the
 * results downloaded and counted; wall time, phases and peak RSS (medians over the rounds).
 */
async function rowE2e() {
  const wantLines = Math.round(e2eIds / 10)
  const p = path.join(dataDir, `e2e-${e2eIds}-ids.txt`)
  const t = now()
  const gen = await writeIdLines(p, e2eIds)
  log(`wrote ${e2eIds} IDs (${fmtMiB(gen.bytes)}) in ${fmtMs(now() - t)}`)
  const file = { path: p, ...gen }
  // The job completes a second after the upload; the action polls every second. 10% of the IDs are flagged.
  const sb = await sandbox([], { BENCH_PROCESSING_MS: '1000', BENCH_FLAGGED_PERCENT: '10' })
  const resultsFile = path.join(dataDir, 'e2e-results.jsonl')
  const outputs = path.join(dataDir, 'e2e-outputs.txt')
  const out = path.join(dataDir, 'e2e-time.txt')
  const hook = pathToFileURL(path.join(LIB, 'maxrss-hook.mjs')).href
  const env = {
    INPUT_WAIT: 'true',
    'INPUT_POLL-INTERVAL-SECONDS': '1',
    'INPUT_RESULTS-FILE': resultsFile,
    GITHUB_OUTPUT: outputs
  }
  const trial = async () => {
    await writeFile(outputs, '')
    await rm(out, { force: true })
    const r = await actionTrial(
      sb,
      file,
      tools.time
        ? { env, wrap: timeWrap(out), nodeArgs: rssNodeArgs }
        : { env: { ...env, BENCH_MAXRSS_FILE: out }, nodeArgs: [...rssNodeArgs, '--import', hook] }
    )
    const o = await readOutputs(outputs)
    const lines = await countLines(resultsFile)
    await rm(resultsFile, { force: true })
    if (!r) return undefined
    // The sandbox's own count of result lines for the job (and its peak RSS so far).
    const job = await sb.send('job', { jobId: r.stats.requests.find(q => q.kind === 'start')?.jobId })
    const time = tools.time ? await readTime(out) : undefined
    const rss = tools.time ? time?.maxRss : Number(await readFile(out, 'utf8').catch(() => NaN))
    const dl = r.stats.requests.find(q => q.kind === 'download')
    return {
      value: r.value,
      rss,
      cpuMs: time?.cpuMs,
      lines,
      resultsCount: job?.resultsCount,
      sandboxRss: job ? job.sandboxMaxRssKiB * 1024 : undefined,
      counted: o['results-count'] === undefined ? undefined : Number(o['results-count']),
      outputs: o,
      validated: r.validated,
      create: r.create,
      upload: r.upload,
      wait: dl ? dl.startedAt - r.phase.endedAt : undefined,
      download: dl ? r.res.ended - dl.startedAt : undefined
    }
  }
  let res
  try {
    res = await interleave({ ours: trial })
  } finally {
    await sb.stop()
    await rm(p, { force: true })
  }
  const title = `End to end, ${e2eIds} IDs (${fmtMiB(gen.bytes)}), ${chunkLabel(DEFAULT_CHUNK)} chunks: node dist/index.js (wait: true) validates, uploads, waits, downloads and counts the results`
  const ex = res.extras.ours.filter(Boolean)
  if (ex.length === 0) return addRow({ section: 'e2e-100m', id: 'e2e-100m', title, ours: 'failed' })
  const m = k => median(ex.map(e => e[k]))
  const lines = ex[0].lines
  const counted = ex[0].counted
  const o = ex[0].outputs
  addRow({
    section: 'e2e-100m',
    id: 'e2e-100m',
    label: 'End to end',
    title,
    ours: `${fmtMs(res.med.ours)} wall, peak RSS ${fmtMB(m('rss'))}`,
    base: `results: ${lines ?? 'no'} lines downloaded, ${counted ?? '?'} counted`,
    ratio: '',
    target: `about ${wantLines} result lines (10% flagged), as many as the sandbox made`,
    met: ex.every(e => e.resultsCount > 0 && e.lines === e.resultsCount && e.counted === e.resultsCount),
    samples: { ours: res.samples.ours, rss: ex.map(e => e.rss) },
    note:
      `launch to validated ${fmtMs(m('validated'))}, create + start ${fmtMs(m('create'))}, upload ${fmtMs(m('upload'))} ` +
      `(${fmtRate(gen.bytes, m('upload'))}), upload done to download start ${fmtMs(m('wait'))} ` +
      `(sandbox processing 1 s, poll every 1 s), download start to exit ${fmtMs(m('download'))}` +
      `${tools.time ? `; client CPU ${fmtMs(m('cpuMs'))}` : ''}; ids-count ${o['ids-count'] ?? '?'}, ` +
      `bytes-uploaded ${o['bytes-uploaded'] ?? '?'}; the sandbox made ${ex[0].resultsCount ?? '?'} result lines. ` +
      `The sandbox runs with discardObjects and flaggedPercent 10 (the bench's sandbox child): it finds the ` +
      `flagged IDs as the bytes arrive and makes the results file as it is downloaded; sandbox peak RSS ` +
      `${fmtMB(Math.max(...ex.map(e => e.sandboxRss ?? 0)))}`
  })
}

// --------------------------------------------------------------------------------------------- table
function table(m) {
  const head = ['Measurement', 'Ours (median)', 'Baseline (median)', 'Ratio', 'Target', 'Met']
  const body = rows.map(r => [
    r.title,
    r.ours ?? '',
    r.base ?? '',
    r.ratio ?? '',
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : '**no**'
  ])
  const esc = s => String(s).replace(/\|/g, '\\|')
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...body.map(b => `| ${b.map(esc).join(' | ')} |`)
  ]
  const notes = rows.filter(r => r.note).map(r => `- ${r.label ?? r.title.split(':')[0]}: ${r.note}`)
  return [
    `Machine: ${m.nproc} CPUs (${m.cpu}), ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}; load average at start ${m.loadavg.join(' ')}`,
    `Run: ${new Date().toISOString()}, \`npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}\`, ${rounds} interleaved rounds, medians`,
    '',
    ...lines,
    '',
    ...notes
  ].join('\n')
}

// ---------------------------------------------------------------------------------------------- main
async function main() {
  if (!existsSync(DIST) || !existsSync(SANDBOX))
    throw new Error('dist/ is missing: run `npm run bundle` first')
  const m = machine()
  const t0 = now()
  log(`building bench/engine.ts -> bench/.build/engine`)
  await buildEngine()
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'x-compliance-bench-'))
  await mkdir(path.join(dataDir, 'runner-temp'), { recursive: true })
  // A snapshot of dist/: the bundle measured is the one there when the bench started.
  await cp(path.join(ROOT, 'dist'), path.join(dataDir, 'dist'), { recursive: true })
  DIST = path.join(dataDir, 'dist', 'index.js')
  DIST_REDIVIS = path.join(dataDir, 'dist', 'redivis-upload', 'index.js')
  DIST_MEDIA = path.join(dataDir, 'dist', 'media-upload', 'index.js')
  SANDBOX = path.join(dataDir, 'dist', 'sandbox', 'index.js')
  const engine = await import(pathToFileURL(path.join(ENGINE_DIR, 'index.js')).href)
  DEFAULT_CHUNK = engine.parseChunkSize(engine.INPUT_DEFAULTS['chunk-size'])
  parseChunk = engine.parseChunkSize
  const yml = /^ {2}chunk-size:[\s\S]*?^ {4}default:\s*(\S+)/m.exec(
    await readFile(path.join(ROOT, 'action.yml'), 'utf8')
  )
  if (yml?.[1] !== engine.INPUT_DEFAULTS['chunk-size'])
    log(
      `warning: action.yml's chunk-size default ${yml?.[1]} differs from INPUT_DEFAULTS (${engine.INPUT_DEFAULTS['chunk-size']})`
    )
  log(`default chunk size: ${engine.INPUT_DEFAULTS['chunk-size']} (${DEFAULT_CHUNK} bytes)`)
  const steps = [
    ['validate', rowValidate],
    ['results', rowResults],
    ['cold', rowCold],
    ['upload', rowUpload],
    ['google-modes', rowGoogleModes],
    ['chunks', () => rowChunks(false)],
    ['cpu', rowCpu],
    ['action', rowAction],
    ['link', rowLink],
    ['chunks-link', () => rowChunks(true)],
    ['memory', rowMemory],
    ['rss', rowRss],
    ['redivis', rowRedivis],
    ['redivis-concurrency', rowRedivisConcurrency],
    ['media', rowMedia],
    ['resets', rowResets],
    ['e2e-100m', rowE2e]
  ]
  for (const [id, fn] of steps) {
    if (!want(id)) continue
    const t = now()
    log(`row ${id}...`)
    try {
      await fn()
    } catch (e) {
      addRow({ section: id, id, title: id, ours: `error: ${e instanceof Error ? e.message : String(e)}` })
    }
    log(`row ${id} took ${fmtMs(now() - t)}`)
  }
  const order = [
    'upload',
    'google-modes',
    'chunks',
    'cpu',
    'action',
    'link',
    'chunks-link',
    'memory',
    'rss',
    'redivis',
    'redivis-concurrency',
    'media',
    'resets',
    'e2e-100m',
    'validate',
    'results',
    'cold'
  ]
  rows.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section))
  const text = table(m)
  console.log(text)
  const out = {
    date: new Date().toISOString(),
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    machine: m,
    tools,
    options: {
      quick,
      sizeMiB,
      linkMiB,
      bigMiB,
      resultsLines,
      rounds,
      rssMiB,
      e2eIds,
      defaultChunk: DEFAULT_CHUNK,
      jqCapS: jqCapOpt ?? 'auto'
    },
    durationMs: Math.round(now() - t0),
    rows: rows.map(({ samples, ...r }) => ({ ...r, samples })),
    table: text
  }
  await writeFile(RESULTS_JSON, JSON.stringify(out, null, 2) + '\n')
  log(`wrote ${path.relative(ROOT, RESULTS_JSON)}; total ${fmtMs(now() - t0)}`)
}

async function cleanup() {
  for (const c of cleanups.reverse()) {
    try {
      await c()
    } catch {
      // best effort
    }
  }
  cleanups.length = 0
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  // Only our own build: other benchmarks keep theirs under bench/.build too.
  await rm(ENGINE_DIR, { recursive: true, force: true })
  if (existsSync(BUILD) && readdirSync(BUILD).length === 0) await rm(BUILD, { recursive: true, force: true })
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    log(`${sig}: cleaning up`)
    cleanup().finally(() => process.exit(130))
  })
}

try {
  await main()
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exitCode = 1
} finally {
  await cleanup()
}
