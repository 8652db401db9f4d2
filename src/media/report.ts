// What one media-upload run did: the source of the outputs and the summary, filled in as the flow goes.
import type { RunContext } from '../action/github-context.js'

export interface MediaReport {
  file: string
  mediaType: string
  category: string
  size: number
  segmentSize: number
  segments?: number
  mediaId?: string
  mediaKey?: string
  /** ms epoch */
  expiresAt?: number
  bytesUploaded: number
  uploadMs?: number
  faultsRecovered: number
  processingState?: string
  processingMs?: number
  postId?: string
  altText: boolean
  run?: RunContext
  error?: string
}

export function postUrl(id: string): string {
  return `https://x.com/i/web/status/${id}`
}
