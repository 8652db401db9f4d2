// The media-upload job summary (HTML, escaped): the file, its type and category, size, segments, speed, faults
// recovered, processing time and state, the post link; on failure the error. Never a token or a signature.
import * as path from 'node:path'
import { duration, esc, fmt, htmlTable, link, type Cell } from '../action/html.js'
import { postUrl, type MediaReport } from './report.js'

export function renderMediaSummary(r: MediaReport): string {
  const rows: Cell[][] = [
    ['File', path.basename(r.file)],
    ['Type', r.mediaType],
    ['Category', r.category],
    ['Size', `${fmt(r.size)} bytes`],
    ['Segments', r.segments === undefined ? '—' : `${fmt(r.segments)} of up to ${fmt(r.segmentSize)} bytes`],
    ['Bytes uploaded', fmt(r.bytesUploaded)]
  ]
  if (r.uploadMs)
    rows.push([
      'Upload speed',
      `${(r.bytesUploaded / 1e6 / Math.max(r.uploadMs / 1000, 0.001)).toFixed(1)} MB/s`
    ])
  rows.push(['Faults recovered', fmt(r.faultsRecovered)])
  rows.push(['Media ID', r.mediaId ?? '—'])
  rows.push([
    'Processing',
    r.processingState
      ? `${r.processingState}${r.processingMs ? ` after ${duration(r.processingMs)}` : ''}`
      : '—'
  ])
  if (r.altText) rows.push(['Alt text', 'set'])
  rows.push(['Post', r.postId ? link(postUrl(r.postId), postUrl(r.postId)) : '—'])
  if (r.run) rows.push(['Workflow run', link(r.run.url, `${r.run.workflow || 'run'} #${r.run.run_id}`)])
  const parts = [`<h2>X media upload${r.error ? ': failed' : ''}</h2>`, htmlTable(undefined, rows)]
  if (r.error) parts.push('<h3>Error</h3>', `<p>${esc(r.error)}</p>`)
  return `${parts.join('\n')}\n`
}
