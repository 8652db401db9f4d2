// The job summary (HTML, escaped) and summary.json. Both hold aggregate facts only: never a post or account ID,
// the token or a signed URL.
import * as path from 'node:path'
import { artifactUrl } from '../action/github-context.js'
import { duration, esc, fmt, htmlTable, link, type Cell } from '../action/html.js'
import { mermaidPie } from '../action/mermaid.js'
import { uploadMBps, type RunReport } from './report.js'

export const SUMMARY_VERSION = 1

export function renderSummary(r: RunReport): string {
  const rows: [string, Cell][] = [
    ['Type', r.type ?? '—'],
    ['Job ID', r.jobId ?? '—'],
    ['Job name', r.jobName ?? '—'],
    ['Status', r.status ?? '—']
  ]
  if (r.idsCount !== undefined) rows.push(['IDs in the file', fmt(r.idsCount)])
  if (r.bytesUploaded !== undefined) rows.push(['Bytes uploaded', fmt(r.bytesUploaded)])
  const rate = uploadMBps(r)
  if (rate !== undefined) rows.push(['Upload speed', `${rate.toFixed(1)} MB/s`])
  rows.push(['Faults recovered', fmt(r.faultsRecovered)])
  rows.push(['Time waited for the job', duration(r.waitedMs)])
  if (r.results) {
    rows.push(['IDs needing action', fmt(r.results.count)])
    rows.push(['Results file', path.basename(r.results.file)])
  }
  if (r.artifact) {
    const { name, id, skipped } = r.artifact
    rows.push([
      'Artifact',
      skipped ? `skipped: ${skipped}` : r.run && id !== undefined ? link(artifactUrl(r.run, id), name) : name
    ])
  }
  if (r.run) rows.push(['Workflow run', link(r.run.url, `${r.run.workflow || 'run'} #${r.run.run_id}`)])

  const parts = [`<h2>X batch compliance${r.error ? ': failed' : ''}</h2>`, table(['', ''], rows, true)]
  if (r.results) {
    parts.push('<h3>By action</h3>', countTable('Action', r.results.counts.byAction))
    parts.push('<h3>By reason</h3>', countTable('Reason', r.results.counts.byReason))
    // The same counts drawn (GitHub renders Mermaid in summaries); the table stays for screen readers.
    const pie = mermaidPie('IDs needing action, by reason', r.results.counts.byReason)
    if (pie) parts.push('', pie, '')
  }
  if (r.error) {
    parts.push('<h3>Error</h3>', `<p>${esc(r.error)}</p>`)
    parts.push(`<p>${esc(rerunAdvice(r))}</p>`)
  }
  return `${parts.join('\n')}\n`
}

export function summaryJson(r: RunReport, version: string): string {
  const rate = uploadMBps(r)
  return `${JSON.stringify(
    {
      job: { id: r.jobId ?? null, type: r.type ?? null, name: r.jobName ?? null, status: r.status ?? null },
      ids_count: r.idsCount ?? null,
      bytes_uploaded: r.bytesUploaded ?? null,
      upload: r.upload
        ? {
            bytes: r.upload.bytes,
            seconds: r.upload.elapsedMs / 1000,
            mb_per_s: rate ?? null,
            sessions: r.upload.sessions,
            faults_recovered: r.faultsRecovered
          }
        : null,
      results: r.results
        ? {
            file: path.basename(r.results.file),
            count: r.results.count,
            by_action: r.results.counts.byAction,
            by_reason: r.results.counts.byReason
          }
        : null,
      version,
      // provenance: which run produced these results (absent outside Actions)
      run: r.run
        ? {
            repository: r.run.repository,
            run_id: r.run.run_id,
            run_attempt: r.run.run_attempt,
            sha: r.run.sha,
            workflow: r.run.workflow
          }
        : undefined
    },
    null,
    2
  )}\n`
}

function rerunAdvice(r: RunReport): string {
  if (r.uploadExpired) {
    return 'The upload window of this job is over: run again without job-id (and without its state-file) to create a new job.'
  }
  if (r.rerunHint) return `To resume: ${r.rerunHint}.`
  if (r.jobId && r.status === 'created') {
    return `Job ${r.jobId} is still waiting for its upload: rerun with job-id: ${r.jobId} before its upload URL expires, or rerun without job-id to create a new job.`
  }
  if (r.jobId && (r.status === 'in_progress' || r.status === 'complete')) {
    return `Rerun with job-id: ${r.jobId} to continue with this job.`
  }
  return 'Fix the cause above and run the workflow again.'
}

function countTable(label: string, counts: Record<string, number>): string {
  const rows = Object.entries(counts).map(([k, v]): [string, string] => [k, fmt(v)])
  return rows.length > 0 ? table([label, 'IDs'], rows, false) : '<p>None.</p>'
}

function table(head: [string, string], rows: [string, Cell][], headless: boolean): string {
  return htmlTable(headless ? undefined : head, rows)
}

export { esc } from '../action/html.js'
