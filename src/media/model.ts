// X API v2 media upload: the types, categories and limits both the media-upload action and the sandbox's
// emulator go by (reference/x-api-anchors.md §3).

export const MEDIA_TYPES = [
  'video/mp4',
  'video/webm',
  'video/mp2t',
  'video/quicktime',
  'text/srt',
  'text/vtt',
  'image/jpeg',
  'image/gif',
  'image/bmp',
  'image/png',
  'image/webp',
  'image/pjpeg',
  'image/tiff'
] as const
export type MediaType = (typeof MEDIA_TYPES)[number]

export const MEDIA_CATEGORIES = [
  'tweet_image',
  'tweet_gif',
  'tweet_video',
  'amplify_video',
  'dm_image',
  'dm_gif',
  'dm_video',
  'subtitles'
] as const
export type MediaCategory = (typeof MEDIA_CATEGORIES)[number]

const MiB = 1024 * 1024

/**
 * Upload size limits in bytes as X (and the sandbox's emulator) applies them: dm_* as their tweet_* twins,
 * subtitles as images. The action checks them before sending (localLimit), except subtitles.
 */
export const CATEGORY_LIMITS: Readonly<Record<MediaCategory, number>> = {
  tweet_image: 5 * MiB,
  dm_image: 5 * MiB,
  tweet_gif: 15 * MiB,
  dm_gif: 15 * MiB,
  tweet_video: 512 * MiB,
  dm_video: 512 * MiB,
  amplify_video: 512 * MiB,
  subtitles: 5 * MiB
}

/**
 * The limit media-upload checks before any request: the category's, but none for `subtitles` (the contract gives it
 * none of its own; X's refusal, if any, is quoted).
 */
export function localLimit(category: MediaCategory): number | undefined {
  return category === 'subtitles' ? undefined : CATEGORY_LIMITS[category]
}

/** X's app-only bearer tokens begin with at least this many `A`s. */
export const APP_ONLY_PREFIX_LENGTH = 20

/** segment_index runs from 0 to 999. */
export const MAX_SEGMENTS = 1000
/** The largest segment an append may carry (v1.1 APPEND: "must be <= 5 MB"; the action's chunk-size cap). */
export const MAX_SEGMENT_BYTES = 5 * MiB
/** Alt text length limit, in characters. */
export const ALT_TEXT_MAX = 1000

export function isMediaType(v: unknown): v is MediaType {
  return typeof v === 'string' && (MEDIA_TYPES as readonly string[]).includes(v)
}

export function isMediaCategory(v: unknown): v is MediaCategory {
  return typeof v === 'string' && (MEDIA_CATEGORIES as readonly string[]).includes(v)
}

/** What a category holds: its processing and media key follow from it. */
export type CategoryKind = 'image' | 'gif' | 'video' | 'subtitles'

export function categoryKind(category: MediaCategory): CategoryKind {
  if (category === 'subtitles') return 'subtitles'
  if (category.endsWith('_gif')) return 'gif'
  if (category.endsWith('_video')) return 'video'
  return 'image'
}

/** image/gif: *_gif or *_image; other images: *_image; video/*: *_video or amplify_video; text/*: subtitles. */
export function categoryFits(type: MediaType, category: MediaCategory): boolean {
  const kind = categoryKind(category)
  if (type === 'image/gif') return kind === 'gif' || kind === 'image'
  if (type.startsWith('image/')) return kind === 'image'
  if (type.startsWith('video/')) return kind === 'video'
  return kind === 'subtitles'
}

export function defaultCategory(type: MediaType): MediaCategory {
  if (type === 'image/gif') return 'tweet_gif'
  if (type.startsWith('image/')) return 'tweet_image'
  if (type.startsWith('video/')) return 'tweet_video'
  return 'subtitles'
}
