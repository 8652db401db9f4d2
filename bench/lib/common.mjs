// Shared helpers of the benchmark: child processes, tools, statistics, formatting.
import { spawn, spawnSync } from 'node:child_process'
import { fork } from 'node:child_process'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ROOT = path.resolve(BENCH_DIR, '..')
export const LIB = path.join(BENCH_DIR, 'lib')
export const ENGINE = path.join(BENCH_DIR, '.build', 'engine', 'index.js')
export const MiB = 1024 * 1024
export const TOKEN = 'bench-token'
/** The headers the upload URL is signed with (as the action sends them). */
export const START_HEADERS = {
  'content-type': 'text/plain',
  'content-length': '0',
  'x-goog-resumable': 'start'
}

export const now = () => performance.timeOrigin + performance.now()

export function median(xs) {
  const s = xs.filter(x => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return undefined
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Whether an external tool runs; its first version line, or undefined. */
export function toolVersion(cmd, args = ['--version']) {
  try {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 })
    if (r.error || r.status !== 0) return undefined
    return (r.stdout || r.stderr).split('\n')[0].trim()
  } catch {
    return undefined
  }
}

/**
 * Runs a command to its end (killed after timeoutMs). Resolves with its code, output, wall time, and the
 * wall-clock times at which each stdout line arrived.
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const started = now()
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const lines = []
    let out = ''
    let err = ''
    let partial = ''
    child.stdout.on('data', b => {
      const t = now()
      const s = b.toString()
      out += s
      const parts = (partial + s).split('\n')
      partial = parts.pop()
      for (const line of parts) lines.push({ t, line })
    })
    child.stderr.on('data', b => (err += b.toString()))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, opts.timeoutMs ?? 300_000)
    child.on('error', e => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code, out, err, lines, started, ended: now(), ms: now() - started, timedOut })
    })
  })
}

/** A long-lived helper process (sandbox, relay) spoken to over IPC: send(cmd) -> reply. */
export async function startHelper(script, env = {}, prefix = []) {
  const argv = [...prefix]
  let child
  if (prefix.length === 0) {
    child = fork(script, [], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
  } else {
    // e.g. `ip netns exec NS node script`: the IPC channel is inherited through exec.
    child = spawn(argv[0], [...argv.slice(1), process.execPath, script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
  }
  const pending = new Map()
  let seq = 0
  let ready
  const readyP = new Promise((resolve, reject) => {
    ready = resolve
    child.once('exit', code =>
      reject(new Error(`${path.basename(script)} exited (${code}) before it was ready`))
    )
  })
  child.on('message', m => {
    if (m.type === 'ready') return ready(m)
    const p = pending.get(m.id)
    if (!p) return
    pending.delete(m.id)
    if (m.error) p.reject(new Error(m.error))
    else p.resolve(m.value)
  })
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error(`${path.basename(script)} exited`))
    pending.clear()
  })
  const info = await readyP
  return {
    ...info,
    child,
    send(cmd, args = {}) {
      return new Promise((resolve, reject) => {
        const id = ++seq
        pending.set(id, { resolve, reject })
        child.send({ id, cmd, ...args })
      })
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise(r => child.once('exit', r))
      try {
        child.send({ id: ++seq, cmd: 'close' })
      } catch {
        // already gone
      }
      const t = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(t)
    }
  }
}

/** POST the signed start request with node:http; resolves with the session URI. */
export function startSession(uploadUrl) {
  return new Promise((resolve, reject) => {
    const req = request(uploadUrl, { method: 'POST', headers: START_HEADERS }, res => {
      res.resume()
      res.on('end', () => {
        if (res.statusCode !== 201 && res.statusCode !== 200)
          reject(new Error(`start: HTTP ${res.statusCode}`))
        else resolve(new URL(res.headers.location, uploadUrl).href)
      })
    })
    req.on('error', reject)
    req.end()
  })
}

/** The upload phase of one job as the sandbox saw it: start POST received to final answer sent. */
export function uploadPhase(requests, jobId) {
  const mine = requests.filter(r => r.jobId === jobId || r.path.includes(`/${jobId}/`))
  const start = mine.find(r => r.kind === 'start')
  const done = mine.find(
    r => (r.kind === 'chunk' || r.kind === 'status') && (r.status === 200 || r.status === 201)
  )
  if (!start || !done || done.endedAt === undefined) return undefined
  const data = mine.filter(r => r.kind === 'chunk')
  // Time between one data PUT's answer and the next data PUT's arrival: the client's per-chunk overhead.
  let gaps = 0
  for (let i = 1; i < data.length; i++) gaps += Math.max(0, data[i].startedAt - (data[i - 1].endedAt ?? 0))
  return {
    ms: done.endedAt - start.startedAt,
    startedAt: start.startedAt,
    endedAt: done.endedAt,
    requests: mine.filter(r => r.kind !== 'create' && r.kind !== 'get' && r.kind !== 'list').length,
    chunks: data.length,
    gapMs: gaps,
    bytes: mine.reduce((n, r) => n + (r.kind === 'chunk' ? r.bytesReceived : 0), 0)
  }
}

export const fmtMs = ms =>
  ms === undefined
    ? 'n/a'
    : ms >= 10_000
      ? `${(ms / 1000).toFixed(1)} s`
      : ms >= 1000
        ? `${(ms / 1000).toFixed(2)} s`
        : `${ms.toFixed(0)} ms`
export const fmtRate = (bytes, ms) => (ms ? `${(bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s` : 'n/a')
export const fmtMB = bytes => (bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`)
export const fmtMiB = bytes => `${(bytes / MiB).toFixed(bytes % MiB === 0 ? 0 : 2)} MiB`
