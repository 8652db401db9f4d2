// The pieces of the HTML job summaries: escaped text, links built from escaped parts, tables, numbers.

/** A cell's text (escaped) or trusted HTML built from escaped parts (a link). */
export type Cell = string | { html: string }

export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

export function link(href: string, text: string): Cell {
  return { html: `<a href="${esc(href)}">${esc(text)}</a>` }
}

/** A table; `head` undefined gives a headless one (key/value rows). */
export function htmlTable(head: string[] | undefined, rows: Cell[][]): string {
  const cell = (c: Cell) => (typeof c === 'string' ? esc(c) : c.html)
  const th = head ? `<tr>${head.map(h => `<th>${esc(h)}</th>`).join('')}</tr>` : ''
  const body = rows.map(r => `<tr>${r.map(c => `<td>${cell(c)}</td>`).join('')}</tr>`).join('')
  return `<table>${th}${body}</table>`
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US')
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000)
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`
}

/** The summary of a run that failed before it had anything to report (bad input): what failed and what it left. */
export function earlyFailureSummary(title: string, error: string, left: string): string {
  return `<h2>${esc(title)}: failed</h2>\n<h3>Error</h3>\n<p>${esc(error)}</p>\n<p>${esc(left)}</p>\n`
}
