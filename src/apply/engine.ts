// The engine behind applyResults (index.ts): options, results, outputs, the format's reader.
import { resolve } from 'node:path'
import { readChunks } from './chunks.js'
import { applyCsv } from './csv.js'
import { ApplyError } from './errors.js'
import type { ApplyOptions, ApplyResult } from './index.js'
import { Judge } from './judge.js'
import { IdsConsumer, JsonlConsumer } from './lines.js'
import { OutputFile } from './output.js'
import { loadResults } from './results.js'

export type DatasetFormat = 'ids' | 'jsonl' | 'csv'

const FORMATS: readonly string[] = ['ids', 'jsonl', 'csv']

/** The format a dataset path implies: .csv -> csv, .jsonl/.ndjson -> jsonl, anything else -> ids. */
export function formatOf(path: string): DatasetFormat {
  const p = path.toLowerCase()
  if (p.endsWith('.csv')) return 'csv'
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl'
  return 'ids'
}

/** Internal knobs; tests shrink the read size to put chunk boundaries everywhere. */
export interface Tuning {
  readSize?: number
}

export async function applyWith(opts: ApplyOptions, tuning: Tuning): Promise<ApplyResult> {
  const format = opts.format ?? formatOf(opts.dataset)
  if (!FORMATS.includes(format)) {
    throw new ApplyError(`unknown dataset format ${JSON.stringify(format)}: use ids, jsonl or csv.`)
  }
  const idField = opts.idField ?? 'id'
  if (idField === '') throw new ApplyError('the ID field name is empty.')
  checkPaths(opts)
  opts.signal?.throwIfAborted()

  const results = await loadResults(opts.results, opts.signal, tuning.readSize)
  const label = `dataset ${JSON.stringify(opts.dataset)}`
  const keep = await OutputFile.create(opts.keepOut, 'kept-rows output')
  let removedOut: OutputFile | undefined
  try {
    if (opts.removedOut !== undefined)
      removedOut = await OutputFile.create(opts.removedOut, 'removed-rows output')
    const judge = new Judge(results.ids, results.reasons, results.actions, keep, removedOut)
    if (format === 'csv') {
      await applyCsv({
        judge,
        file: opts.dataset,
        label,
        idField,
        signal: opts.signal,
        readSize: tuning.readSize
      })
    } else {
      const consumer =
        format === 'ids'
          ? new IdsConsumer(judge, label, opts.dataset)
          : new JsonlConsumer(judge, label, opts.dataset, idField)
      await readChunks(consumer, {
        label,
        file: opts.dataset,
        signal: opts.signal,
        readSize: tuning.readSize,
        onBom: () => keep.append(BOM, 0, 3),
        afterChunk: async () => {
          if (keep.full) await keep.flush()
          if (removedOut?.full === true) await removedOut.flush()
        }
      })
    }
    opts.signal?.throwIfAborted()
    await keep.commit()
    await removedOut?.commit()
    return {
      rows: judge.rows,
      kept: judge.rows - judge.removed,
      removed: judge.removed,
      removedByReason: judge.removedByReason(),
      removedByAction: judge.removedByAction(),
      resultsIds: results.ids.size,
      unmatchedResults: results.ids.unmatched()
    }
  } catch (e) {
    await keep.discard()
    await removedOut?.discard()
    throw e
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf])

/** Whether two paths name the same file, as the outputs' checks compare them (resolved, not through links). */
export function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b)
}

/** The outputs may not be the inputs or each other (the inputs may be the same file, harmlessly). */
function checkPaths(opts: ApplyOptions): void {
  const named: [string, string | undefined][] = [
    ['results', opts.results],
    ['dataset', opts.dataset],
    ['keepOut', opts.keepOut],
    ['removedOut', opts.removedOut]
  ]
  for (const [name, p] of named) {
    if (p === '') throw new ApplyError(`the ${name} path is empty.`)
  }
  for (let i = 2; i < named.length; i++) {
    const [name, p] = named[i]
    if (p === undefined) continue
    for (let j = 0; j < i; j++) {
      const [other, q] = named[j]
      if (q !== undefined && samePath(p, q)) {
        throw new ApplyError(
          `${other} and ${name} are the same file (${JSON.stringify(p)}): write the outputs elsewhere.`
        )
      }
    }
  }
}
