// One upload by one client, in its own process (as a real uploader would run). The bench times it at
// the sandbox, from the start POST to the final answer, so loading modules here is not counted.
// BENCH_CLIENT (JSON): { client: 'ours'|'fetch'|'google', file, size, uploadUrl, chunkMiB?, chunkBytes?,
// validation?, via? }. `via` is the origin of a relay to send every request through instead of the
// sandbox's own; `chunkBytes` (exact) wins over `chunkMiB`; `validation` is passed to Google's client.
import { readFile } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { ENGINE, MiB, START_HEADERS, startSession } from './common.mjs'

const cfg = JSON.parse(process.env.BENCH_CLIENT ?? '{}')
const origin = new URL(cfg.uploadUrl).origin
const through = url => (cfg.via ? url.replace(origin, cfg.via) : url)

async function ours() {
  // BENCH_ENGINE: another bundle of bench/engine.ts, to compare engine variants against the same sandbox.
  const { uploadResumable, httpTransport } = await import(process.env.BENCH_ENGINE ?? ENGINE)
  const transport = req => httpTransport({ ...req, url: through(req.url) })
  await uploadResumable({
    transport,
    retry: { maxRetries: 10, baseDelayMs: 100 },
    chunkSize: cfg.chunkBytes ?? (cfg.chunkMiB ?? 8) * MiB,
    stallTimeoutMs: 120_000,
    file: { path: cfg.file, size: cfg.size },
    start: { url: through(cfg.uploadUrl), headers: { ...START_HEADERS } }
  })
}

/** The transport's ceiling for fetch: the whole file, already in memory, in one PUT. */
async function rawFetch() {
  const body = await readFile(cfg.file)
  const uri = through(await startSession(through(cfg.uploadUrl)))
  const res = await fetch(uri, {
    method: 'PUT',
    headers: { 'content-range': `bytes 0-${body.length - 1}/${body.length}` },
    body
  })
  await res.arrayBuffer()
  if (res.status !== 200 && res.status !== 201) throw new Error(`fetch PUT: HTTP ${res.status}`)
}

/**
 * Google's client with the session URI given (`uri`), default options otherwise, or with chunkSize
 * and/or `validation` (its default is a client-side CRC32C; false skips it).
 */
async function google() {
  const { Storage, IdempotencyStrategy } = await import('@google-cloud/storage')
  const uri = through(await startSession(through(cfg.uploadUrl)))
  const [, bucket, jobId] = new URL(cfg.uploadUrl).pathname.split('/').slice(1)
  const storage = new Storage({
    apiEndpoint: cfg.via ?? origin,
    projectId: 'bench',
    retryOptions: { idempotencyStrategy: IdempotencyStrategy.RetryAlways }
  })
  const file = storage.bucket(bucket).file(`${jobId}/submission`)
  const options = { uri, resumable: true }
  if (cfg.chunkMiB) options.chunkSize = cfg.chunkMiB * MiB
  if (cfg.validation !== undefined) options.validation = cfg.validation
  await pipeline(createReadStream(cfg.file), file.createWriteStream(options))
}

const clients = { ours, fetch: rawFetch, google }
try {
  const cpu = process.cpuUsage()
  await clients[cfg.client]()
  const used = process.cpuUsage(cpu)
  // The bench reads the client's CPU time of the upload (module loading excluded) from the last line,
  // and that of the whole process so far (start-up and module loading included).
  const ru = process.resourceUsage()
  const procCpuMs = (ru.userCPUTime + ru.systemCPUTime) / 1000
  process.stdout.write(`${JSON.stringify({ cpuMs: (used.user + used.system) / 1000, procCpuMs })}\n`)
  process.exit(0)
} catch (e) {
  console.error(`${cfg.client}: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
}
