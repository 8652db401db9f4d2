// A Mermaid pie chart for job summaries (GitHub renders Mermaid there), beside a table that says the same for
// screen readers and plain-text views. Labels come from X and may be anything: each is quoted, with the
// characters that would end or break it written as Mermaid entity codes; % too, so a `%%{init: ...}%%` directive
// or `%%` comment inside a reason stays text.

export function mermaidLabel(text: string): string {
  const safe = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/#/g, '#35;') // first: the codes below must not be encoded again
    .replace(/%/g, '#37;')
    .replace(/"/g, '#quot;')
    .replace(/`/g, '#96;')
  return `"${safe}"`
}

/** A fenced `mermaid` pie; undefined when there is nothing to show. Labels that read the same are one slice. */
export function mermaidPie(title: string, counts: Record<string, number>): string | undefined {
  const slices = new Map<string, number>()
  for (const [label, n] of Object.entries(counts)) {
    if (!(n > 0)) continue
    const key = mermaidLabel(label)
    slices.set(key, (slices.get(key) ?? 0) + n)
  }
  if (slices.size === 0) return undefined
  const lines = [...slices].map(([label, n]) => `    ${label} : ${n}`)
  return ['```mermaid', `pie title ${title.replace(/[\r\n]+/g, ' ')}`, ...lines, '```'].join('\n')
}
