// The redivis-upload flow: resolve the dataset's next version (create it when allowed), check the table, set its
// merge strategy, decide if-exists before any byte is sent, request temp uploads in batches, transfer up to
// `concurrency` files at once, create each upload (or the raw files, batched), wait for processing, and delete
// again what this run created that failed or was interrupted, so a rerun starts clean.
import type { Logger } from '../action/log.js'
import { maskUrl } from '../action/log.js'
import type { Clock } from '../net/clock.js'
import type { Transport } from '../net/transport.js'
import { UploadError } from '../upload/errors.js'
import { RedivisApiError, RedivisClient, type TempUpload } from './api.js'
import type { LocalFile } from './files.js'
import type { RedivisInputs } from './inputs.js'
import { REDIVIS_BATCH, TERMINAL_STATUSES } from './model.js'
import { datasetRef, nextTableRef } from './reference.js'
import { fileReport, rerunAdvice, type FileReport, type RedivisReport } from './report.js'
import { transferFile } from './transfer.js'
import { waitForUploads } from './wait.js'

export interface FlowDeps {
  log: Logger
  transport: Transport
  clock: Clock
  signal: AbortSignal
  /** Files of a transfer in progress, for a CLI progress bar. */
  onProgress?: (file: FileReport) => void
}

/** Deleting what failed must fit in the runner's grace period after a cancel. */
const CLEANUP_TIMEOUT_MS = 4000

export class UploadsFailedError extends Error {
  constructor(
    message: string,
    /** Why each failed file failed (undefined: Redivis failed its processing), for the CLI's exit code. */
    readonly causes: unknown[] = []
  ) {
    super(message)
    this.name = 'UploadsFailedError'
  }
}

export async function runRedivisUpload(
  inputs: RedivisInputs,
  files: LocalFile[],
  d: FlowDeps,
  report: RedivisReport
): Promise<void> {
  const { log } = d
  const client = apiClient(inputs, d, d.signal)
  report.files = files.map(fileReport)
  const dsRef = datasetRef(inputs.table)
  const tableRef = nextTableRef(inputs.table)

  // 1. The next version.
  const dataset = await client.getDataset(dsRef)
  let next = dataset.nextVersion
  if (!next) {
    if (!inputs.createNextVersion)
      throw new RedivisApiError(
        `Redivis: the dataset ${dsRef} has no unreleased next version, and uploads go only into one; create it in Redivis, or set create-next-version: true to let the action create it.`
      )
    next = await client.createNextVersion(dsRef)
    log.info(`Created the next version ${next.tag} of ${dsRef}`)
  }
  report.version = next.tag

  // 2. The table, its kind and merge strategy.
  const table = await client.getTable(tableRef)
  if (inputs.kind === 'tabular' && table.isFileIndex)
    throw new RedivisApiError(
      `Redivis: ${tableRef} is a file index table, which takes raw files, not tabular uploads; use kind: files.`
    )
  if (inputs.kind === 'files' && !table.isFileIndex)
    throw new RedivisApiError(
      `Redivis: ${tableRef} is not a file index table, so it takes no raw files; use kind: tabular, or a file index table.`
    )

  // 3. if-exists, decided before any byte is sent or anything is changed.
  const replace = new Set<FileReport>()
  if (inputs.kind === 'tabular') {
    const existing: FileReport[] = []
    for (const f of report.files) if (await client.uploadExists(tableRef, f.name)) existing.push(f)
    if (existing.length > 0 && inputs.ifExists === 'fail')
      throw new RedivisApiError(
        `Redivis: ${tableRef} already has ${existing.length === 1 ? 'an upload' : 'uploads'} named ${existing.map(f => f.name).join(', ')}; set if-exists: replace to delete and upload again, or if-exists: skip to keep ${existing.length === 1 ? 'it' : 'them'}.`
      )
    for (const f of existing) {
      if (inputs.ifExists === 'skip') {
        f.status = 'skipped'
        log.info(`${f.name}: an upload of this name exists; skipped (if-exists: skip)`)
      } else replace.add(f)
    }
  }
  const todo = report.files.filter(f => f.status === 'pending')
  if (inputs.mergeStrategy && table.uploadMergeStrategy !== inputs.mergeStrategy) {
    await client.setMergeStrategy(tableRef, inputs.mergeStrategy)
    log.info(`Set the upload merge strategy of ${tableRef} to ${inputs.mergeStrategy}`)
  }

  // 4. Temp uploads, in request order, batched.
  const targets = new Map<FileReport, TempUpload>()
  for (let i = 0; i < todo.length; i += REDIVIS_BATCH) {
    const batch = todo.slice(i, i + REDIVIS_BATCH)
    const got = await client.createTempUploads(
      tableRef,
      batch.map(f => tempRequest(f, inputs))
    )
    got.forEach((t, k) => {
      maskUrl(log, t.url)
      targets.set(batch[k], t)
    })
  }

  // 5. Transfers (and each tabular upload created as soon as its bytes are in).
  log.info(
    `Uploading ${todo.length} file${todo.length === 1 ? '' : 's'} to ${tableRef} (version ${next.tag}), ${Math.min(inputs.concurrency, todo.length)} at a time`
  )
  const transferred: FileReport[] = []
  const causes = new Map<FileReport, unknown>()
  try {
    await pool(todo, inputs.concurrency, async f => {
      if (d.signal.aborted) return
      try {
        await transferOne(f, targets.get(f)!, client, tableRef, inputs, d)
        transferred.push(f)
        if (inputs.kind === 'tabular')
          await createUpload(f, targets.get(f)!, client, tableRef, inputs, replace.has(f), d)
      } catch (err) {
        if (d.signal.aborted) throw err
        f.status = 'failed'
        f.error = errorText(err)
        causes.set(f, err)
        log.error(`${f.name}: ${f.error}`)
      }
    })

    // 6. Raw files, batched, in input order.
    if (inputs.kind === 'files') {
      const ready = todo.filter(f => f.status === 'transferred')
      for (let i = 0; i < ready.length; i += REDIVIS_BATCH) {
        const batch = ready.slice(i, i + REDIVIS_BATCH)
        try {
          await client.addRawFiles(
            tableRef,
            batch.map(f => ({ name: f.name, tempUploadId: targets.get(f)!.id }))
          )
          for (const f of batch) {
            f.status = 'completed'
            f.created = true
          }
          log.info(`Added ${batch.length} raw file${batch.length === 1 ? '' : 's'} to ${tableRef}`)
        } catch (err) {
          if (d.signal.aborted) throw err
          for (const f of batch) {
            f.status = 'failed'
            f.error = errorText(err)
            causes.set(f, err)
          }
          log.error(errorText(err))
        }
      }
    }

    // 7. Processing.
    if (inputs.kind === 'tabular' && inputs.wait) {
      const timedOut = await waitForUploads(
        report.files.filter(f => f.created && f.uploadUri),
        client,
        { clock: d.clock, signal: d.signal, log, timeoutMs: inputs.processingTimeoutMinutes * 60_000 }
      )
      for (const f of timedOut) {
        f.error = `still ${f.status} after processing-timeout-minutes (${inputs.processingTimeoutMinutes})`
        f.status = 'failed'
      }
    }
  } finally {
    await cleanUp(report, inputs, tableRef, d)
  }
  const failed = report.files.filter(f => f.status === 'failed')
  if (failed.length > 0)
    throw new UploadsFailedError(
      `${failed.length} of ${report.files.length} file${report.files.length === 1 ? '' : 's'} failed (${failed.map(f => `${f.name}: ${f.error}`).join('; ')}). ${rerunAdvice(report)}`,
      failed.map(f => causes.get(f))
    )
}

function tempRequest(f: FileReport, inputs: RedivisInputs) {
  return { name: f.name, size: f.file.size, resumable: f.file.size >= inputs.resumableMinSize }
}

async function transferOne(
  f: FileReport,
  target: TempUpload,
  client: RedivisClient,
  tableRef: string,
  inputs: RedivisInputs,
  d: FlowDeps
): Promise<void> {
  f.status = 'transferring'
  const started = d.clock.now()
  const resumable = f.file.size >= inputs.resumableMinSize
  const opts = {
    transport: d.transport,
    clock: d.clock,
    retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
    chunkSize: inputs.chunkSize,
    stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
    token: inputs.apiToken,
    signal: d.signal,
    onSession: (uri: string) => maskUrl(d.log, uri),
    onProgress: (n: number) => {
      f.acknowledged = n
      d.onProgress?.(f)
    },
    onRetry: (e: { phase: string; reason: string; delayMs: number }) => {
      d.log.info(`${f.name}: ${e.phase} failed (${e.reason}); retrying in ${(e.delayMs / 1000).toFixed(1)} s`)
    }
  }
  let r
  try {
    r = await transferFile(f.file, { url: target.url, resumable: resumable && target.resumable }, opts)
  } catch (err) {
    // A session start refused (other than for the token): this temp upload is spent; ask for one fresh one.
    if (!(
      err instanceof UploadError &&
      err.atStart &&
      err.status !== undefined &&
      err.status >= 400 &&
      err.status < 500 &&
      err.status !== 401 &&
      err.status !== 403
    ))
      throw err
    d.log.info(`${f.name}: the upload URL was refused (HTTP ${err.status}); requesting a fresh temp upload`)
    const [fresh] = await client.createTempUploads(tableRef, [tempRequest(f, inputs)])
    maskUrl(d.log, fresh.url)
    target.id = fresh.id
    target.url = fresh.url
    r = await transferFile(f.file, { url: fresh.url, resumable: resumable && fresh.resumable }, opts)
  }
  f.acknowledged = r.bytes
  f.faultsRecovered += r.faultsRecovered
  f.transferMs = d.clock.now() - started
  f.status = 'transferred'
  const mbps = f.transferMs > 0 ? f.file.size / 1e6 / (f.transferMs / 1000) : 0
  d.log.info(
    `${f.name}: ${(f.file.size / 1048576).toFixed(1)} MiB sent in ${(f.transferMs / 1000).toFixed(2)} s (${mbps.toFixed(1)} MB/s${r.faultsRecovered ? `, ${r.faultsRecovered} faults recovered` : ''})`
  )
}

async function createUpload(
  f: FileReport,
  target: TempUpload,
  client: RedivisClient,
  tableRef: string,
  inputs: RedivisInputs,
  replacing: boolean,
  d: FlowDeps
): Promise<void> {
  if (replacing) {
    const old = await client.findUpload(tableRef, f.name)
    if (old) {
      await client.deleteUpload(old.uri, f.name)
      d.log.info(`${f.name}: deleted the existing upload of this name (if-exists: replace)`)
    }
  }
  f.creating = true
  const upload = await client.createUpload(tableRef, {
    name: f.name,
    type: inputs.uploadType || null,
    tempUploadId: target.id,
    ...inputs.uploadOptions
  })
  f.created = true
  f.uploadUri = upload.uri
  f.name = upload.name || f.name
  f.status =
    upload.status === 'running'
      ? 'running'
      : upload.status === 'completed'
        ? 'completed'
        : upload.status === 'failed'
          ? 'failed'
          : 'queued'
  f.rows = upload.numRows
  if (f.status === 'failed') f.error = upload.errorMessage ?? 'Redivis reported the upload as failed'
  d.log.info(`${f.name}: upload created (${upload.status})`)
}

/**
 * Deletes the uploads this run created that failed or did not finish (a cancel, a timeout), within a bounded time;
 * also one whose create was sent but never answered (a cancel mid-request), found by its name.
 */
async function cleanUp(
  report: RedivisReport,
  inputs: RedivisInputs,
  tableRef: string,
  d: FlowDeps
): Promise<void> {
  const doomed = report.files.filter(
    f =>
      (f.creating && !f.created) ||
      (f.created &&
        f.uploadUri &&
        !f.deleted &&
        (f.status === 'failed' ||
          (!TERMINAL_STATUSES.includes(f.status) && (d.signal.aborted || inputs.wait))))
  )
  if (doomed.length === 0) return
  const client = apiClient(
    { ...inputs, maxRetries: Math.min(inputs.maxRetries, 2) },
    d,
    AbortSignal.timeout(CLEANUP_TIMEOUT_MS)
  )
  await Promise.all(
    doomed.map(async f => {
      try {
        if (!f.created) {
          // if-exists made sure no upload of this name existed (or deleted it) before the create was sent.
          const made = await client.findUpload(tableRef, f.name)
          if (!made) return
          f.created = true
          f.uploadUri = made.uri
        }
        await client.deleteUpload(f.uploadUri!, f.name)
        f.deleted = true
        if (f.status !== 'failed') {
          f.status = 'failed'
          f.error ??= d.signal.aborted
            ? 'interrupted before processing finished; deleted'
            : 'did not finish; deleted'
        }
        d.log.info(`${f.name}: deleted the upload this run created, so a rerun starts clean`)
      } catch (err) {
        d.log.warning(
          `${f.name}: the upload could not be deleted (${errorText(err)}); delete it in Redivis before a rerun, or rerun with if-exists: replace`
        )
      }
    })
  )
}

function apiClient(inputs: RedivisInputs, d: FlowDeps, signal: AbortSignal): RedivisClient {
  return new RedivisClient({
    baseUrl: inputs.apiBaseUrl,
    token: inputs.apiToken,
    transport: d.transport,
    retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
    stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
    clock: d.clock,
    signal,
    tableInput: inputs.tableInput,
    onAdopted: what =>
      d.log.info(`Redivis API: ${what}: the failed attempt had done it; using that (nothing made twice)`),
    onRetry: (what, e) =>
      d.log.info(`Redivis API: ${what} failed (${e.reason}); retrying in ${(e.delayMs / 1000).toFixed(1)} s`)
  })
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++])
  })
  // Every worker ends before the clean-up runs, so nothing is created behind its back.
  const failed = (await Promise.allSettled(workers)).find(r => r.status === 'rejected')
  if (failed) throw (failed as PromiseRejectedResult).reason
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
