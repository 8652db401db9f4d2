// A Mermaid pie chart for job summaries (GitHub renders Mermaid there), beside a table that says the same for
// screen readers and plain-text views. Labels come from X and may be anything: each is quoted, with the
// characters that would end or break it written as Mermaid entity codes.

export function mermaidLabel(text: string): string {
  const safe = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/`/g, '#96;')
  return `"${safe}"`
}

/** A fenced `mermaid` pie; undefined when there is nothing to show. */
export function mermaidPie(title: string, counts: Record<string, number>): string | undefined {
  const slices = Object.entries(counts).filter(([, n]) => n > 0)
  if (slices.length === 0) return undefined
  const lines = slices.map(([label, n]) => `    ${mermaidLabel(label)} : ${n}`)
  return ['```mermaid', `pie title ${title.replace(/[\r\n]+/g, ' ')}`, ...lines, '```'].join('\n')
}
