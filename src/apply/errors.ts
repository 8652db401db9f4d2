// The one error type of `apply`: bad input (a file, a line, what is wrong and how to fix it).

export class ApplyError extends Error {
  /** The file the problem is in, when there is one. */
  readonly file?: string
  /** 1-based line number in that file, when there is one. */
  readonly line?: number
  constructor(message: string, options: { file?: string; line?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ApplyError'
    if (options.file !== undefined) this.file = options.file
    if (options.line !== undefined) this.line = options.line
  }
}

const EXCERPT = 40

/** A short, quoted excerpt of some text for an error message. */
export function excerpt(text: string): string {
  return JSON.stringify(text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text)
}

/** A short, quoted excerpt of some bytes (decoded as UTF-8) for an error message. */
export function excerptBytes(buf: Uint8Array, start: number, end: number): string {
  const cut = Math.min(end, start + EXCERPT * 4)
  return excerpt(Buffer.from(buf.buffer, buf.byteOffset + start, cut - start).toString('utf8'))
}

/** The message of an fs error, which may come from another realm (jest vm), so no instanceof. */
export function systemMessage(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message
  return typeof m === 'string' ? m : String(e)
}
