// The redivis-upload job summary (HTML, escaped): per file its name, size, status, rows, speed and faults
// recovered; the totals; on failure the error and how to rerun. Never the token or a transfer URL.
import { duration, esc, fmt, htmlTable, link, type Cell } from '../action/html.js'
import { MAX_SUMMARY_ITEMS, moreLine } from '../action/long-list.js'
import { outputStatus, rerunAdvice, totals, type RedivisReport } from './report.js'

export function renderRedivisSummary(r: RedivisReport): string {
  const t = totals(r)
  const head = ['File', 'Upload name', 'Size', 'Status', 'Rows', 'MB/s', 'Faults recovered']
  const shown = r.files.slice(0, MAX_SUMMARY_ITEMS)
  const more = r.files.length - shown.length
  const rows: Cell[][] = shown.map(f => [
    f.file.relative,
    f.name,
    size(f.file.size),
    outputStatus(f) + (f.deleted ? ' (deleted)' : ''),
    f.rows === null ? '—' : fmt(f.rows),
    f.transferMs ? (f.file.size / 1e6 / Math.max(f.transferMs / 1000, 0.001)).toFixed(1) : '—',
    fmt(f.faultsRecovered)
  ])
  const facts: Cell[][] = [
    ['Table', r.table],
    ['Version', r.version ?? '—'],
    ['Files', fmt(r.files.length)],
    [r.kind === 'files' ? 'Raw files added' : 'Uploads created', fmt(t.uploaded)],
    ['Failed', fmt(t.failed)],
    ['Skipped', fmt(t.skipped)],
    ['Bytes uploaded', fmt(t.bytes)]
  ]
  if (t.rows !== undefined) facts.push(['Rows (completed uploads)', fmt(t.rows)])
  if (r.endedAt) facts.push(['Time', duration(r.endedAt - r.startedAt)])
  if (r.run) facts.push(['Workflow run', link(r.run.url, `${r.run.workflow || 'run'} #${r.run.run_id}`)])
  const parts = [`<h2>Redivis upload${r.error ? ': failed' : ''}</h2>`, htmlTable(undefined, facts)]
  if (r.files.length > 0) parts.push('<h3>Files</h3>', htmlTable(head, rows))
  if (more > 0) parts.push(`<p>${esc(moreLine(more, r.listFile))}</p>`)
  const errors = r.files.filter(f => f.error)
  const shownErrors = errors.slice(0, MAX_SUMMARY_ITEMS)
  if (errors.length > 0)
    parts.push(
      '<h3>Errors</h3>',
      `<ul>${shownErrors.map(f => `<li>${esc(`${f.name}: ${f.error}`)}</li>`).join('')}${
        errors.length > shownErrors.length
          ? `<li>${esc(moreLine(errors.length - shownErrors.length, r.listFile))}</li>`
          : ''
      }</ul>`
    )
  if (r.error) {
    parts.push('<h3>Error</h3>', `<p>${esc(r.error)}</p>`)
    parts.push(`<p>${esc(rerunAdvice(r))}</p>`)
  }
  return `${parts.join('\n')}\n`
}

function size(n: number): string {
  return n >= 1048576
    ? `${(n / 1048576).toFixed(1)} MiB`
    : n >= 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${n} B`
}
