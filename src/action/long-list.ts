// Long lists in outputs and summaries: GitHub refuses an output over 1 MB and a job summary over 1 MiB, so a list
// is cut ("…and N more") and the whole of it goes to a JSON file under RUNNER_TEMP, named in an output.
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/** The most an output may hold, with room for the other outputs' names and delimiters. */
export const MAX_OUTPUT_BYTES = 1_000_000
/** Rows of one list in a job summary; a few hundred bytes each stays far inside 1 MiB. */
export const MAX_SUMMARY_ITEMS = 500

/** The JSON array of the longest prefix of `items` that fits in `maxBytes`, and how many it holds. */
export function jsonPrefix(
  items: readonly unknown[],
  maxBytes = MAX_OUTPUT_BYTES
): { json: string; count: number } {
  const parts: string[] = []
  let bytes = 2 // [ ]
  for (const item of items) {
    const s = JSON.stringify(item)
    const add = Buffer.byteLength(s) + (parts.length > 0 ? 1 : 0)
    if (bytes + add > maxBytes) break
    parts.push(s)
    bytes += add
  }
  return { json: `[${parts.join(',')}]`, count: parts.length }
}

/** Writes the whole list as JSON into a fresh file under RUNNER_TEMP (else the OS temp dir); returns its path. */
export function writeListFile(env: NodeJS.ProcessEnv, name: string, items: readonly unknown[]): string {
  const dir = path.join(env.RUNNER_TEMP || os.tmpdir(), `x-compliance-${randomBytes(6).toString('hex')}`)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = path.join(dir, name)
  writeFileSync(file, `${JSON.stringify(items)}\n`)
  return file
}

/** The line after a cut list. */
export function moreLine(n: number, file?: string): string {
  return `…and ${n} more${file ? ` (the whole list: ${file})` : ''}`
}
