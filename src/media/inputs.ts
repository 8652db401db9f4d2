// Every input of media-upload is read, typed and validated here (the file too), before any request is sent.
import { stat } from 'node:fs/promises'
import * as path from 'node:path'
import {
  excerpt,
  InputError,
  parseApiBaseUrl,
  parseChoice,
  parseInteger,
  parseSizeValue,
  type RawInputSource
} from '../action/inputs.js'
import { detectMediaType } from './detect.js'
import {
  ALT_TEXT_MAX,
  APP_ONLY_PREFIX_LENGTH,
  categoryFits,
  categoryKind,
  defaultCategory,
  isMediaType,
  localLimit,
  MAX_SEGMENT_BYTES,
  MAX_SEGMENTS,
  MEDIA_CATEGORIES,
  MEDIA_TYPES,
  type MediaCategory,
  type MediaType
} from './model.js'

export type MediaAuth =
  | { kind: 'oauth2'; userToken: string }
  | { kind: 'oauth1'; apiKey: string; apiKeySecret: string; accessToken: string; accessTokenSecret: string }

export interface MediaInputs {
  auth: MediaAuth
  file: string
  size: number
  mediaType: MediaType
  category: MediaCategory
  altText: string
  postText: string
  /** Segment size, raised to ceil(size / 1000) when the file would need more than 1000 segments. */
  chunkSize: number
  /** The chunk-size input as given, when it had to be raised. */
  chunkRaisedFrom?: number
  concurrency: number
  processingTimeoutMinutes: number
  apiBaseUrl: string
  maxRetries: number
  retryBaseDelayMs: number
  requestTimeoutSeconds: number
}

/** The same defaults as media-upload/action.yml: a direct `node dist/media-upload/index.js` gets none. */
export const MEDIA_INPUT_DEFAULTS = {
  'user-token': '',
  'api-key': '',
  'api-key-secret': '',
  'access-token': '',
  'access-token-secret': '',
  'media-file': '',
  'media-type': '',
  'media-category': '',
  'alt-text': '',
  'post-text': '',
  'chunk-size': '4MiB',
  concurrency: '3',
  'processing-timeout-minutes': '10',
  'api-base-url': 'https://api.x.com',
  'max-retries': '10',
  'retry-base-delay-ms': '1000',
  'request-timeout-seconds': '120'
} as const

export type MediaInputName = keyof typeof MEDIA_INPUT_DEFAULTS

export const OAUTH1_INPUTS = ['api-key', 'api-key-secret', 'access-token', 'access-token-secret'] as const
/** Inputs whose values are secrets (masked at once). */
export const SECRET_INPUTS = ['user-token', ...OAUTH1_INPUTS] as const

const KiB = 1024

export async function readMediaInputs(source: RawInputSource, workspace: string): Promise<MediaInputs> {
  const get = (name: MediaInputName): string => {
    const v = source(name)
    return v === undefined || v === '' ? MEDIA_INPUT_DEFAULTS[name] : v
  }
  const auth = parseAuth(get)
  const fileInput = get('media-file')
  if (fileInput === '')
    throw new InputError(
      'media-file',
      'media-file is required: give the path of the image, GIF, video or subtitles file, relative to GITHUB_WORKSPACE.'
    )
  const file = path.resolve(workspace, fileInput)
  const st = await stat(file).catch(() => undefined)
  if (!st) throw new InputError('media-file', `media-file ${file} does not exist.`)
  if (!st.isFile()) throw new InputError('media-file', `media-file ${file} is not a file.`)
  if (st.size === 0) throw new InputError('media-file', `media-file ${file} is empty.`)
  const mediaType = await parseMediaType(get('media-type'), file)
  const categoryRaw = get('media-category')
  const category =
    categoryRaw === ''
      ? defaultCategory(mediaType)
      : parseChoice<MediaCategory>(
          'media-category',
          categoryRaw,
          MEDIA_CATEGORIES,
          " ('' picks it from the type)"
        )
  if (!categoryFits(mediaType, category))
    throw new InputError(
      'media-category',
      `media-category ${category} does not fit the media type ${mediaType}: use ${defaultCategory(mediaType)}${mediaType.startsWith('video/') ? ', amplify_video or dm_video' : ''}, or leave it empty.`
    )
  const limit = localLimit(category)
  if (limit !== undefined && st.size > limit)
    throw new InputError(
      'media-file',
      `media-file ${file} is ${mib(st.size)}, over X's limit for ${category} (${mib(limit)}).`
    )
  const altText = source('alt-text') ?? ''
  const kind = categoryKind(category)
  if (altText !== '' && kind !== 'image' && kind !== 'gif')
    throw new InputError(
      'alt-text',
      `alt-text is for images and GIFs only; this file is ${mediaType} (${category}).`
    )
  if ([...altText].length > ALT_TEXT_MAX)
    throw new InputError(
      'alt-text',
      `alt-text is ${[...altText].length} characters long; X allows at most ${ALT_TEXT_MAX}.`
    )
  const postText = source('post-text') ?? ''
  const chunkInput = parseChunk(get('chunk-size'))
  const needed = Math.ceil(st.size / MAX_SEGMENTS)
  const chunkSize = Math.max(chunkInput, needed)
  return {
    auth,
    file,
    size: st.size,
    mediaType,
    category,
    altText,
    postText,
    chunkSize,
    chunkRaisedFrom: chunkSize > chunkInput ? chunkInput : undefined,
    concurrency: parseInteger('concurrency', get('concurrency'), 1, 8),
    processingTimeoutMinutes: parseInteger(
      'processing-timeout-minutes',
      get('processing-timeout-minutes'),
      1,
      1440
    ),
    apiBaseUrl: parseApiBaseUrl('api-base-url', get('api-base-url'), 'https://api.x.com', 'user token'),
    maxRetries: parseInteger('max-retries', get('max-retries'), 0, 100),
    retryBaseDelayMs: parseInteger('retry-base-delay-ms', get('retry-base-delay-ms'), 1, 3_600_000),
    requestTimeoutSeconds: parseInteger('request-timeout-seconds', get('request-timeout-seconds'), 1, 86_400)
  }
}

function parseAuth(get: (name: MediaInputName) => string): MediaAuth {
  const userToken = get('user-token').replace(/^Bearer\s+/i, '')
  const given = OAUTH1_INPUTS.filter(n => get(n) !== '')
  const oauth1 = 'the OAuth 1.0a inputs api-key, api-key-secret, access-token and access-token-secret'
  if (userToken !== '' && given.length > 0)
    throw new InputError(
      'user-token',
      `user-token and ${given.join(', ')} are both given: use either user-token (OAuth 2.0) or ${oauth1}, not both.`
    )
  if (userToken === '' && given.length === 0)
    throw new InputError(
      'user-token',
      `no credentials: give user-token (an OAuth 2.0 user access token with media.write) or ${oauth1}. An app-only bearer token cannot upload media.`
    )
  if (userToken !== '') {
    if (/\s/.test(userToken) || /[^\x21-\x7e]/.test(userToken))
      throw new InputError(
        'user-token',
        'user-token contains spaces, line breaks or non-ASCII characters; it must be the token alone.'
      )
    if (new RegExp(`^A{${APP_ONLY_PREFIX_LENGTH}}`).test(userToken))
      throw new InputError(
        'user-token',
        'user-token is an app-only bearer token (it begins with a run of A characters): X refuses those for media uploads and posts. Give an OAuth 2.0 user access token (authorization code flow with the media.write scope, and tweet.read, tweet.write, users.read to post) or the four OAuth 1.0a user inputs.'
      )
    return { kind: 'oauth2', userToken }
  }
  if (given.length < OAUTH1_INPUTS.length) {
    const missing = OAUTH1_INPUTS.filter(n => !given.includes(n))
    throw new InputError(
      missing[0],
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: OAuth 1.0a needs all four of api-key, api-key-secret, access-token and access-token-secret (given: ${given.join(', ')}).`
    )
  }
  const [apiKey, apiKeySecret, accessToken, accessTokenSecret] = OAUTH1_INPUTS.map(n => get(n))
  for (const [n, v] of OAUTH1_INPUTS.map(
    (n, i) => [n, [apiKey, apiKeySecret, accessToken, accessTokenSecret][i]] as const
  ))
    if (/\s/.test(v) || /[^\x21-\x7e]/.test(v))
      throw new InputError(
        n,
        `${n} contains spaces, line breaks or non-ASCII characters; it must be the value alone.`
      )
  return { kind: 'oauth1', apiKey, apiKeySecret, accessToken, accessTokenSecret }
}

async function parseMediaType(raw: string, file: string): Promise<MediaType> {
  if (raw !== '') {
    if (isMediaType(raw)) return raw
    throw new InputError(
      'media-type',
      `media-type "${excerpt(raw)}" is not one X accepts: use one of ${MEDIA_TYPES.join(', ')}, or leave it empty to detect it.`
    )
  }
  const t = await detectMediaType(file)
  if (!t)
    throw new InputError(
      'media-type',
      `media-type: ${file} is of an unknown type (neither its leading bytes nor its extension say); set media-type to one of ${MEDIA_TYPES.join(', ')}.`
    )
  return t
}

function parseChunk(raw: string): number {
  const n = parseSizeValue(raw)
  if (n === undefined || n < KiB || n > MAX_SEGMENT_BYTES)
    throw new InputError(
      'chunk-size',
      `chunk-size "${excerpt(raw)}" is not allowed: use bytes, KiB or MiB without a space (e.g. 4MiB), from 1KiB to 5MiB.`
    )
  return n
}

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`
}
