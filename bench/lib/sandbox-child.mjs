// The sandbox (dist/sandbox, bundled) in its own process, so the server side of a measurement never shares an
// event loop with the client being measured. Commands arrive over IPC; it stops when told, when the
// bench goes away, or after BENCH_LIFETIME_MS at the latest.
import { pathToFileURL } from 'node:url'

// BENCH_SANDBOX: the bench's snapshot of dist/sandbox/index.js (default: the one in the repository).
const bundle = process.env.BENCH_SANDBOX
  ? pathToFileURL(process.env.BENCH_SANDBOX).href
  : new URL('../../dist/sandbox/index.js', import.meta.url).href
const { startSandbox } = await import(bundle)

const TOKEN = 'bench-token'
import { readFileSync } from 'node:fs'

const sb = await startSandbox({
  token: TOKEN,
  // BENCH_TLS_CERT / BENCH_TLS_KEY: serve https with the bench's throwaway certificate (the media row's peer).
  tls: process.env.BENCH_TLS_CERT
    ? { cert: readFileSync(process.env.BENCH_TLS_CERT), key: readFileSync(process.env.BENCH_TLS_KEY) }
    : undefined,
  // BENCH_PORT / BENCH_PUBLIC_PORT: listen on a given port while the URLs name a relay in front of it.
  port: Number(process.env.BENCH_PORT ?? 0),
  publicPort: process.env.BENCH_PUBLIC_PORT ? Number(process.env.BENCH_PUBLIC_PORT) : undefined,
  // Uploaded bytes are hashed and scanned but not kept: results still exist (8 bytes per flagged ID).
  discardObjects: true,
  // BENCH_FLAGGED_PERCENT: share of IDs in the results. Default 0: the sandbox then reads no uploaded line
  // (its CPU is part of what the upload rows measure); the e2e row, which downloads results, sets 10.
  flaggedPercent: Number(process.env.BENCH_FLAGGED_PERCENT ?? 0),
  // Jobs stay in_progress after the upload, as at X; each trial cancels its job (one active job per type).
  // BENCH_PROCESSING_MS: shorter, for a run that waits for the job to complete (wait: true).
  processingMs: Number(process.env.BENCH_PROCESSING_MS ?? 10 * 60_000),
  rateLimit: { limit: 1_000_000, windowMs: 15 * 60_000 }
})
const lifetime = setTimeout(() => void stop(), Number(process.env.BENCH_LIFETIME_MS ?? 20 * 60_000))

/** Creates a job through the sandbox's own X API, so the bench needs no route to it (network namespaces). */
async function createJob(type) {
  const res = await fetch(`${sb.apiBaseUrl}/2/compliance/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type, resumable: true })
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`create job: HTTP ${res.status} ${text}`)
  return JSON.parse(text).data
}

/** Cancels every job that is still active, so the next trial can create one. */
async function cancelAll() {
  const active = sb.jobs().filter(j => j.status === 'created' || j.status === 'in_progress')
  for (const j of active) {
    const res = await fetch(`${sb.apiBaseUrl}/2/compliance/jobs/${j.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` }
    })
    await res.arrayBuffer()
  }
  return active.length
}

async function stop() {
  clearTimeout(lifetime)
  await sb.close()
  process.exit(0)
}

process.on('disconnect', () => void stop())
process.on('message', async m => {
  try {
    let value
    if (m.cmd === 'stats') {
      const s = sb.stats()
      value = { ...s, requests: s.requests.filter(r => m.since === undefined || r.seq > m.since) }
    } else if (m.cmd === 'seq') value = sb.stats().requests.length
    else if (m.cmd === 'cpu') value = process.cpuUsage()
    else if (m.cmd === 'setFaults') sb.setFaults(m.plan ?? [])
    else if (m.cmd === 'createJob') value = await createJob(m.jobType ?? 'tweets')
    else if (m.cmd === 'cancelAll') value = await cancelAll()
    else if (m.cmd === 'job') {
      // Never `results`: that text is made only when read, and a big job's does not fit in a string.
      const j = sb.job(m.jobId)
      const maxRssKiB = process.resourceUsage().maxRSS
      value = j && { id: j.id, status: j.status, resultsCount: j.resultsCount, sandboxMaxRssKiB: maxRssKiB }
    } else if (m.cmd === 'close') {
      process.send({ id: m.id })
      return void stop()
    } else throw new Error(`unknown command ${m.cmd}`)
    process.send({ id: m.id, value })
  } catch (e) {
    process.send({ id: m.id, error: e instanceof Error ? e.message : String(e) })
  }
})
process.send({ type: 'ready', apiBaseUrl: sb.apiBaseUrl, port: sb.port })
