// The X media emulator's state: media records with their segments, the processing timeline (driven by the
// sandbox clock from finalize on), what the tests assert on (append order and concurrency, STATUS polls), and
// the posts made with them.
import { randomInt } from 'node:crypto'
import { categoryKind, type CategoryKind, type MediaCategory, type MediaType } from '../media/model.js'
import type { UserAuth } from './media-auth.js'
import type { MediaPostView, MediaProcessingState, MediaView } from './types.js'

export const EXPIRES_AFTER_SECS = 86_400
/** What STATUS and finalize ask a client to wait while processing runs (the default of media.checkAfterSecs). */
export const CHECK_AFTER_SECS = 1

export interface ProcessingError {
  code: number
  name: string
  message: string
}

export const DEFAULT_PROCESSING_ERROR: ProcessingError = {
  code: 1,
  name: 'InvalidMedia',
  message: 'Unsupported video format'
}

const KEY_PREFIX: Record<CategoryKind, string> = { image: '3', gif: '16', video: '7', subtitles: '13' }

export interface ProcessingInfo {
  state: MediaProcessingState
  check_after_secs?: number
  progress_percent?: number
  error?: ProcessingError
}

interface Segment {
  size: number
  /** Absent with discardObjects. */
  bytes?: Buffer
}

export interface MediaRecord {
  id: string
  mediaKey: string
  type: MediaType
  category: MediaCategory
  totalBytes: number
  auth: UserAuth
  createdAt: number
  segments: Map<number, Segment>
  appendOrder: number[]
  inFlight: number
  maxConcurrentAppends: number
  finalizedAt?: number
  /** Set by the mediaOutcome fault: processing ends failed with this error. */
  failure?: ProcessingError
  altText?: string
  statusPolls: { at: number; earliest: number; early: boolean }[]
  /** ms epoch: the last answer's time plus its check_after_secs. */
  nextPollAt?: number
}

/** A 19-digit snowflake-like id not yet in `taken`. */
function newId(taken: (id: string) => boolean): string {
  let id: string
  do id = `1${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`
  while (taken(id))
  return id
}

export class MediaStore {
  private byId = new Map<string, MediaRecord>()
  private postList: MediaPostView[] = []

  constructor(
    private readonly clock: () => number,
    private readonly processingMs: number,
    private readonly keepBytes: boolean,
    private readonly checkAfterSecs = CHECK_AFTER_SECS
  ) {}

  create(type: MediaType, category: MediaCategory, totalBytes: number, auth: UserAuth): MediaRecord {
    const id = newId(i => this.byId.has(i))
    const m: MediaRecord = {
      id,
      mediaKey: `${KEY_PREFIX[categoryKind(category)]}_${id}`,
      type,
      category,
      totalBytes,
      auth,
      createdAt: this.clock(),
      segments: new Map(),
      appendOrder: [],
      inFlight: 0,
      maxConcurrentAppends: 0,
      statusPolls: []
    }
    this.byId.set(id, m)
    return m
  }

  /** Undefined for an unknown or expired media. */
  get(id: string): MediaRecord | undefined {
    const m = this.byId.get(id)
    return m && this.clock() < this.expiresAt(m) ? m : undefined
  }

  all(): MediaRecord[] {
    return [...this.byId.values()]
  }

  expiresAt(m: MediaRecord): number {
    return m.createdAt + EXPIRES_AFTER_SECS * 1000
  }

  /** Bytes kept in every segment but `except`. */
  keptBytes(m: MediaRecord, except?: number): number {
    let n = 0
    for (const [i, s] of m.segments) if (i !== except) n += s.size
    return n
  }

  putSegment(m: MediaRecord, index: number, bytes: Buffer): void {
    m.segments.set(index, this.keepBytes ? { size: bytes.length, bytes } : { size: bytes.length })
  }

  /** The indices 0..n-1 missing, n being one past the highest index kept. */
  missingIndices(m: MediaRecord): number[] {
    const top = Math.max(-1, ...m.segments.keys())
    const missing: number[] = []
    for (let i = 0; i <= top; i++) if (!m.segments.has(i)) missing.push(i)
    return missing
  }

  finalize(m: MediaRecord): void {
    m.finalizedAt ??= this.clock()
  }

  /** Only GIF and video categories are processed after finalize (the others are ready at once). */
  processes(m: MediaRecord): boolean {
    const kind = categoryKind(m.category)
    return kind === 'gif' || kind === 'video'
  }

  /** pending for the first half of processingMs, in_progress for the second, then succeeded or failed. */
  state(m: MediaRecord): MediaProcessingState | undefined {
    if (m.finalizedAt === undefined || !this.processes(m)) return undefined
    const elapsed = this.clock() - m.finalizedAt
    if (elapsed >= this.processingMs) return m.failure ? 'failed' : 'succeeded'
    return elapsed * 2 < this.processingMs ? 'pending' : 'in_progress'
  }

  processingInfo(m: MediaRecord): ProcessingInfo | undefined {
    const state = this.state(m)
    if (state === undefined || m.finalizedAt === undefined) return undefined
    if (state === 'pending') return { state, check_after_secs: this.checkAfterSecs }
    if (state === 'in_progress') {
      const percent = Math.floor(((this.clock() - m.finalizedAt) * 100) / this.processingMs)
      return {
        state,
        check_after_secs: this.checkAfterSecs,
        progress_percent: Math.min(99, Math.max(1, percent))
      }
    }
    if (state === 'failed') return { state, error: m.failure ?? DEFAULT_PROCESSING_ERROR }
    return { state, progress_percent: 100 }
  }

  /** Ready to post: finalized, and processed successfully when it is processed at all. */
  ready(m: MediaRecord): boolean {
    return m.finalizedAt !== undefined && (!this.processes(m) || this.state(m) === 'succeeded')
  }

  /** Records a STATUS request as it arrives, marked early when it comes before the last answer allowed. */
  pollArrived(m: MediaRecord): void {
    const at = this.clock()
    const earliest = m.nextPollAt ?? m.finalizedAt ?? at
    m.statusPolls.push({ at, earliest, early: at < earliest })
  }

  /** An answer with processing_info reached the client: the next poll is due after its check_after_secs. */
  answered(m: MediaRecord, info: ProcessingInfo | undefined): void {
    m.nextPollAt = this.clock() + (info?.check_after_secs ?? 0) * 1000
  }

  addPost(text: string, mediaIds: string[], auth: UserAuth): MediaPostView {
    const post = { id: newId(i => this.postList.some(p => p.id === i)), text, mediaIds, auth }
    this.postList.push(post)
    return post
  }

  posts(): MediaPostView[] {
    return this.postList.map(p => ({ ...p, mediaIds: [...p.mediaIds] }))
  }

  /** The segments joined in index order (undefined for an unknown media or with discardObjects). */
  object(id: string): Buffer | undefined {
    const m = this.byId.get(id)
    if (!m || !this.keepBytes) return undefined
    const order = [...m.segments.keys()].sort((a, b) => a - b)
    return Buffer.concat(order.map(i => m.segments.get(i)?.bytes ?? Buffer.alloc(0)))
  }

  view(m: MediaRecord): MediaView {
    const state = this.state(m)
    return {
      id: m.id,
      mediaKey: m.mediaKey,
      type: m.type,
      category: m.category,
      totalBytes: m.totalBytes,
      auth: m.auth,
      segments: [...m.segments].sort(([a], [b]) => a - b).map(([index, s]) => ({ index, size: s.size })),
      appendOrder: [...m.appendOrder],
      maxConcurrentAppends: m.maxConcurrentAppends,
      finalized: m.finalizedAt !== undefined,
      ...(state !== undefined ? { state } : {}),
      ...(m.altText !== undefined ? { altText: m.altText } : {}),
      statusPolls: m.statusPolls.map(p => ({ ...p }))
    }
  }
}
