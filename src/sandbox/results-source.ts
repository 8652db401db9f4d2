// A job's results file as a byte source: its lines are made from the flagged IDs as the download asks for
// them, in pieces of about CHUNK bytes; a Range starts from the nearest indexed line before it.
import type { ByteSource } from './body.js'
import type { FlaggedIds } from './flagged-ids.js'
import { buildLine, flagHash, whenHash } from './result-line.js'
import type { JobType } from './types.js'

const CHUNK = 64 * 1024
const { max, min } = Math

function* lines(ids: FlaggedIds, type: JobType, from: number, to: number): Generator<Buffer> {
  const { line, start } = ids.seek(from)
  // The piece being made starts at `pieceStart` in the file; the next line at `pos`.
  let pieceStart = start
  let pos = start
  let parts: string[] = []
  for (let i = line; i < ids.count && pos < to; i++) {
    const id = ids.id(i)
    const l = buildLine(`"${id}"`, type, flagHash(id, type), whenHash(id, type))
    parts.push(l)
    pos += l.length + 1
    if (pos - pieceStart < CHUNK && pos < to && i + 1 < ids.count) continue
    // One join per piece (native copies, no string grown line by line). Lines are ASCII: a character a byte.
    const piece = Buffer.from(parts.join('\n') + '\n', 'latin1')
    const out = piece.subarray(max(0, from - pieceStart), min(piece.length, to - pieceStart))
    if (out.length) yield out
    pieceStart = pos
    parts = []
  }
}

export function resultsSource(ids: FlaggedIds, type: JobType): ByteSource {
  return { length: ids.bytes, chunks: (from, to) => lines(ids, type, from, to) }
}
