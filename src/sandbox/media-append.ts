// POST /2/media/upload/:id/append: the multipart body parsed as it arrives (segment_index and media, nothing
// else), the segment kept under its index (a resend replaces it), and the media's append order and concurrency
// recorded for the tests.
import { MAX_SEGMENT_BYTES } from '../media/model.js'
import { consumeBody, jsonReply, type Ctx, type Reply } from './http.js'
import { invalid } from './media-errors.js'
import type { MediaRecord, MediaStore } from './media-store.js'
import { formDataBoundary, MultipartParser, type PartSink } from './multipart.js'

const INDEX = /^[0-9]{1,3}$/
// "999" fits; a longer value is refused as it arrives.
const INDEX_TEXT_MAX = 8

interface Collected {
  index?: number
  media?: Buffer[]
  size: number
}

/** Refuses any field but one segment_index text part and one media part; bounds what it keeps. */
function appendSink(m: MediaRecord, got: Collected): PartSink {
  let current: 'index' | 'media' | undefined
  let indexText = ''
  return {
    start(h) {
      if (h.name === 'segment_index') {
        if (indexText || got.index !== undefined) return 'segment_index is given twice'
        if (h.filename !== undefined) return 'segment_index must be a text field, not a file'
        current = 'index'
        return undefined
      }
      if (h.name === 'media') {
        if (got.media) return 'A second media part: an append carries one segment'
        got.media = []
        current = 'media'
        return undefined
      }
      return `Unknown field ${JSON.stringify(h.name)}: an append takes segment_index and media`
    },
    data(b) {
      if (current === 'index') {
        indexText += b.toString('latin1')
        return indexText.length > INDEX_TEXT_MAX
          ? 'segment_index must be an integer from 0 to 999'
          : undefined
      }
      got.size += b.length
      if (got.size > MAX_SEGMENT_BYTES) return `A segment may hold at most ${MAX_SEGMENT_BYTES} bytes`
      if (got.size > m.totalBytes) return `The segment is larger than total_bytes (${m.totalBytes})`
      got.media?.push(b)
      return undefined
    },
    end() {
      if (current === 'index') {
        if (!INDEX.test(indexText)) return 'segment_index must be an integer from 0 to 999 in decimal digits'
        got.index = Number(indexText)
        m.appendOrder.push(got.index)
      }
      current = undefined
      return undefined
    }
  }
}

/** Counts the append in flight from now until its exchange ends (answered, reset or abandoned). */
function track(ctx: Ctx, m: MediaRecord): void {
  m.inFlight++
  m.maxConcurrentAppends = Math.max(m.maxConcurrentAppends, m.inFlight)
  ctx.res.once('close', () => m.inFlight--)
}

/** The append after auth and rate limits; `applies` false keeps nothing (a status fault answers). */
export async function append(
  ctx: Ctx,
  store: MediaStore,
  m: MediaRecord,
  applies: boolean
): Promise<Reply | undefined> {
  track(ctx, m)
  const boundary = formDataBoundary(ctx.req.headers['content-type'])
  if (typeof boundary === 'string') return (await consumeBody(ctx)) ? invalid(boundary) : undefined
  const got: Collected = { size: 0 }
  const parser = new MultipartParser(boundary.boundary, appendSink(m, got))
  if (!(await consumeBody(ctx, b => parser.write(b)))) return undefined
  const wrong = parser.end()
  if (wrong !== undefined) return invalid(wrong)
  if (got.index === undefined) return invalid('The segment_index field is missing')
  if (!got.media) return invalid('The media field is missing')
  if (!got.size) return invalid('The media field is empty')
  if (m.finalizedAt !== undefined) return invalid(`Media ${m.id} is already finalized`)
  const others = store.keptBytes(m, got.index)
  if (others + got.size > m.totalBytes)
    return invalid(
      `The segments would hold ${others + got.size} bytes, more than total_bytes (${m.totalBytes})`
    )
  if (applies) store.putSegment(m, got.index, Buffer.concat(got.media, got.size))
  return jsonReply(200, { data: { expires_at: Math.floor(store.expiresAt(m) / 1000) } })
}
