// Request bodies of the X media endpoints and POST /2/tweets, checked as strictly as the wire contract says:
// a value or a 400 naming what is wrong.
import type { IncomingMessage } from 'node:http'
import {
  ALT_TEXT_MAX,
  CATEGORY_LIMITS,
  MEDIA_CATEGORIES,
  MEDIA_TYPES,
  categoryFits,
  defaultCategory,
  isMediaCategory,
  isMediaType,
  type MediaCategory,
  type MediaType
} from '../media/model.js'
import type { Reply } from './http.js'
import { invalid } from './media-errors.js'

export const MEDIA_ID = /^[0-9]{1,19}$/
/** X allows up to 4 images, or 1 GIF, or 1 video per post. */
export const MAX_POST_MEDIA = 4

type Fields = Record<string, unknown>
/** What a reader gives back when the body is refused: the 400 to answer. */
export interface Refused {
  refused: Reply
}

function refuse(message: string): Refused {
  return { refused: invalid(message) }
}

function mediaTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

export function isFormUrlencoded(req: IncomingMessage): boolean {
  return mediaTypeOf(req) === 'application/x-www-form-urlencoded'
}

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A JSON object body with no keys but `allowed`. */
function jsonObject(
  req: IncomingMessage,
  body: Buffer,
  allowed: readonly string[]
): { fields: Fields } | Refused {
  if (mediaTypeOf(req) !== 'application/json') return refuse('Content-Type must be application/json.')
  let v: unknown
  try {
    v = JSON.parse(body.toString('utf8'))
  } catch {
    return refuse('Request body is not valid JSON.')
  }
  if (!isObject(v)) return refuse('Request body must be a JSON object.')
  const extra = Object.keys(v).filter(k => !allowed.includes(k))
  if (extra.length) return refuse(`[${extra.join(', ')}] is not one of [${allowed.join(', ')}]`)
  return { fields: v }
}

export interface InitInput {
  type: MediaType
  category: MediaCategory
  totalBytes: number
}

const INIT_KEYS = ['media_type', 'total_bytes', 'media_category', 'additional_owners', 'shared']

export function readInit(req: IncomingMessage, body: Buffer): InitInput | Refused {
  const j = jsonObject(req, body, INIT_KEYS)
  if ('refused' in j) return j
  const f = j.fields
  const { media_type: type, media_category: cat, total_bytes: total } = f
  if (!isMediaType(type))
    return refuse(`The \`media_type\` value [${String(type)}] is not one of [${MEDIA_TYPES.join(', ')}]`)
  if (cat !== undefined && !isMediaCategory(cat))
    return refuse(
      `The \`media_category\` value [${String(cat)}] is not one of [${MEDIA_CATEGORIES.join(', ')}]`
    )
  const category = cat ?? defaultCategory(type)
  if (!categoryFits(type, category))
    return refuse(`The \`media_category\` ${category} does not fit the \`media_type\` ${type}`)
  const limit = CATEGORY_LIMITS[category]
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 1 || total > limit)
    return refuse(
      `The \`total_bytes\` value [${String(total)}] must be an integer from 1 to ${limit} for ${category}`
    )
  if (f.additional_owners !== undefined) {
    const owners = f.additional_owners
    if (!Array.isArray(owners) || !owners.every(o => typeof o === 'string' && MEDIA_ID.test(o)))
      return refuse('The `additional_owners` value must be an array of user ids')
  }
  if (f.shared !== undefined && typeof f.shared !== 'boolean')
    return refuse('The `shared` value must be a boolean')
  return { type, category, totalBytes: total }
}

export function readMetadata(req: IncomingMessage, body: Buffer): { id: string; altText: string } | Refused {
  const j = jsonObject(req, body, ['id', 'metadata'])
  if ('refused' in j) return j
  const f = j.fields
  if (typeof f.id !== 'string' || !MEDIA_ID.test(f.id))
    return refuse('The `id` value must be a media id string')
  const m = f.metadata
  if (!isObject(m)) return refuse('The `metadata` value must be an object')
  const keys = Object.keys(m)
  if (keys.length !== 1 || keys[0] !== 'alt_text')
    return refuse(
      `The \`metadata\` must hold alt_text only (the sandbox supports no other), not [${keys.join(', ')}]`
    )
  const alt = m.alt_text
  if (!isObject(alt) || typeof alt.text !== 'string' || Object.keys(alt).length !== 1)
    return refuse('The `metadata.alt_text` value must be {"text": "..."}')
  if ([...alt.text].length > ALT_TEXT_MAX)
    return refuse(`The alt text is longer than ${ALT_TEXT_MAX} characters`)
  return { id: f.id, altText: alt.text }
}

export function readPost(req: IncomingMessage, body: Buffer): { text: string; mediaIds: string[] } | Refused {
  const j = jsonObject(req, body, ['text', 'media'])
  if ('refused' in j) return j
  const f = j.fields
  if (f.text !== undefined && typeof f.text !== 'string') return refuse('The `text` value must be a string')
  let mediaIds: string[] = []
  if (f.media !== undefined) {
    const m = f.media
    if (!isObject(m) || Object.keys(m).some(k => k !== 'media_ids'))
      return refuse('The `media` value must be {"media_ids": [...]}')
    const ids = m.media_ids
    if (
      !Array.isArray(ids) ||
      ids.length < 1 ||
      ids.length > MAX_POST_MEDIA ||
      !ids.every((i): i is string => typeof i === 'string' && MEDIA_ID.test(i))
    )
      return refuse(`The \`media.media_ids\` value must be 1 to ${MAX_POST_MEDIA} media id strings`)
    mediaIds = ids
  }
  const text = f.text ?? ''
  if (!text && !mediaIds.length) return refuse('A post needs `text` or `media`')
  return { text, mediaIds }
}
