// X answers errors as RFC 7807 problems (top level or in errors[]), {errors:[{code,message}]}, plain strings,
// or a proxy's HTML page. This turns any of them into one short, quotable line.

export interface ProblemSummary {
  title?: string
  detail?: string
  type?: string
  text: string // what to quote: "title: detail", the messages, or a cleaned excerpt
}

const MAX_QUOTE = 300

export function summarizeProblem(body: string): ProblemSummary {
  const summary = parse(body)
  return summary.text === '' ? { ...summary, text: '(empty body)' } : summary
}

function parse(body: string): ProblemSummary {
  const trimmed = body.trim()
  if (trimmed === '') return { text: '(empty body)' }
  let json: unknown
  try {
    json = JSON.parse(trimmed)
  } catch {
    return { text: cleanText(trimmed) }
  }
  if (typeof json === 'string') return { text: clip(json) }
  if (!isObject(json)) return { text: clip(trimmed) }

  const title = str(json.title)
  const detail = str(json.detail)
  const type = str(json.type)
  const parts: string[] = []
  if (title) parts.push(title)
  if (detail && detail !== title) parts.push(detail)
  const nested = Array.isArray(json.errors) ? json.errors.map(describeEntry).filter(Boolean) : []
  for (const n of nested) if (!parts.includes(n)) parts.push(n)
  if (parts.length === 0) {
    const message = str(json.message) ?? str(json.error)
    if (message) parts.push(message)
  }
  return { title, detail, type, text: parts.length > 0 ? clip(parts.join(': ')) : clip(trimmed) }
}

function describeEntry(entry: unknown): string {
  if (typeof entry === 'string') return entry
  if (!isObject(entry)) return ''
  const title = str(entry.title)
  const detail = str(entry.detail) ?? str(entry.message)
  if (title && detail && title !== detail) return `${title}: ${detail}`
  return title ?? detail ?? ''
}

/** An HTML page (a proxy's error page) is reduced to its <title> or its visible text. */
function cleanText(text: string): string {
  if (/^<(!doctype|html|\?xml|[a-z])/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]
    const code = /<Code>([\s\S]*?)<\/Code>/.exec(text)?.[1]
    const message = /<Message>([\s\S]*?)<\/Message>/.exec(text)?.[1]
    if (code || message) return clip([code, message].filter(Boolean).join(': '))
    const visible = (
      title ?? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
    ).trim()
    return clip(decodeEntities(visible).replace(/\s+/g, ' ') || 'an HTML page')
  }
  return clip(text.replace(/\s+/g, ' '))
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

function clip(s: string): string {
  const one = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return one.length > MAX_QUOTE ? `${one.slice(0, MAX_QUOTE)}…` : one
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}
