// What one media-upload run did: the source of the outputs and the summary, filled in as the flow goes.
import type { RunContext } from '../action/github-context.js'
import type { MediaInputs } from './inputs.js'

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

/** A report of nothing done yet, for these inputs. */
export function newMediaReport(inputs: MediaInputs, run?: RunContext): MediaReport {
  return {
    file: inputs.file,
    mediaType: inputs.mediaType,
    category: inputs.category,
    size: inputs.size,
    segmentSize: inputs.chunkSize,
    bytesUploaded: 0,
    faultsRecovered: 0,
    altText: inputs.altText !== '',
    run
  }
}
