// The X media endpoints other than append, and POST /2/tweets, once the request is admitted (auth, rate
// limits): one function each. `applies` is false when a status fault answers instead (nothing changes then).
import type { IncomingMessage } from 'node:http'
import { categoryKind } from '../media/model.js'
import type { Fault } from './faults.js'
import { jsonReply, type Reply } from './http.js'
import type { UserAuth } from './media-auth.js'
import { invalid } from './media-errors.js'
import { MEDIA_ID, readInit, readMetadata, readPost } from './media-input.js'
import {
  DEFAULT_PROCESSING_ERROR,
  EXPIRES_AFTER_SECS,
  type MediaRecord,
  type MediaStore
} from './media-store.js'

export interface MediaEnv {
  store: MediaStore
  req: IncomingMessage
  url: URL
  auth: UserAuth
  fault?: Fault
  applies: boolean
}

function failureOf(fault: Fault | undefined): MediaRecord['failure'] {
  if (!fault || !('mediaOutcome' in fault)) return undefined
  return fault.error ?? DEFAULT_PROCESSING_ERROR
}

/** The media an id names, or the 400 X gives for an unknown one. */
export function findMedia(store: MediaStore, id: string | null): MediaRecord | Reply {
  if (id === null || !MEDIA_ID.test(id)) return invalid(`The media id [${id ?? ''}] is not valid`)
  return store.get(id) ?? invalid(`Media id ${id} not found (unknown, or expired)`)
}

export function isMedia(v: MediaRecord | Reply): v is MediaRecord {
  return 'mediaKey' in v
}

export function initialize(env: MediaEnv, body: Buffer): Reply {
  const input = readInit(env.req, body)
  if ('refused' in input) return input.refused
  if (!env.applies) return jsonReply(200, {})
  const m = env.store.create(input.type, input.category, input.totalBytes, env.auth)
  m.failure = failureOf(env.fault)
  return jsonReply(200, { data: { id: m.id, media_key: m.mediaKey, expires_after_secs: EXPIRES_AFTER_SECS } })
}

export function finalize(env: MediaEnv, m: MediaRecord, body: Buffer): Reply {
  // Nothing to send, but X takes an empty JSON object too (node-twitter-api-v2 sends `{}`).
  if (body.length && body.toString().trim() !== '{}') return invalid('Finalize takes no request body')
  const { store } = env
  if (m.finalizedAt === undefined) {
    if (!m.segments.size) return invalid(`Media ${m.id} has no segments: append them before finalize`)
    const missing = store.missingIndices(m)
    if (missing.length) return invalid(`Media ${m.id} is missing segment_index [${missing.join(', ')}]`)
    const kept = store.keptBytes(m)
    if (kept !== m.totalBytes)
      return invalid(`Media ${m.id} segments hold ${kept} bytes but total_bytes is ${m.totalBytes}`)
    if (!env.applies) return jsonReply(200, {})
    store.finalize(m)
  }
  if (env.applies) m.failure = failureOf(env.fault) ?? m.failure
  const info = store.processingInfo(m)
  if (!env.fault) store.answered(m, info)
  return jsonReply(200, {
    data: {
      id: m.id,
      media_key: m.mediaKey,
      size: m.totalBytes,
      expires_after_secs: EXPIRES_AFTER_SECS,
      ...(info ? { processing_info: info } : {})
    }
  })
}

/** GET /2/media/upload?command=STATUS&media_id= (the poll itself is recorded on arrival). */
export function status(env: MediaEnv, m: MediaRecord, body: Buffer): Reply {
  if (body.length) return invalid('STATUS takes no request body')
  if (m.finalizedAt === undefined) return invalid(`Media ${m.id} is not finalized: STATUS follows finalize`)
  const info = env.store.processingInfo(m)
  if (!info) return invalid(`Media ${m.id} has no processing_info: it is ready once finalized`)
  if (!env.fault) env.store.answered(m, info)
  return jsonReply(200, { data: { id: m.id, media_key: m.mediaKey, processing_info: info } })
}

export function metadata(env: MediaEnv, body: Buffer): Reply {
  const input = readMetadata(env.req, body)
  if ('refused' in input) return input.refused
  const m = findMedia(env.store, input.id)
  if (!isMedia(m)) return m
  if (m.finalizedAt === undefined) return invalid(`Media ${m.id} is not finalized`)
  const kind = categoryKind(m.category)
  if (kind !== 'image' && kind !== 'gif') return invalid(`Alt text is for images and GIFs, not ${m.category}`)
  if (env.applies) m.altText = input.altText
  return jsonReply(200, { data: { id: m.id, associated_metadata: { alt_text: { text: input.altText } } } })
}

export function createPost(env: MediaEnv, body: Buffer): Reply {
  const input = readPost(env.req, body)
  if ('refused' in input) return input.refused
  const media: MediaRecord[] = []
  for (const id of input.mediaIds) {
    const m = findMedia(env.store, id)
    if (!isMedia(m)) return m
    if (m.finalizedAt === undefined) return invalid(`Media ${id} is not finalized`)
    if (!env.store.ready(m))
      return invalid(`Media ${id} is not ready: its processing is ${env.store.state(m) ?? 'unknown'}`)
    media.push(m)
  }
  const single = media.filter(m => categoryKind(m.category) !== 'image')
  if (single.length && media.length > 1) return invalid('A post takes up to 4 images, or 1 GIF, or 1 video')
  if (!env.applies) return jsonReply(201, {})
  const post = env.store.addPost(input.text, input.mediaIds, env.auth)
  return jsonReply(201, { data: { id: post.id, text: post.text } })
}
