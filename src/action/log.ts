// One logger for the action and the CLI. Secrets are redacted from every line it prints; inside GitHub
// Actions they are also registered with ::add-mask:: so the runner hides them from other steps' output.
// Outside Actions no workflow command is printed at all: ::add-mask:: would print the secret itself.
import * as core from '@actions/core'

export interface Logger {
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  error(message: string): void
  debug(message: string): void
  /** Registers a secret at once: masked by the runner (in Actions) and redacted from our own lines. */
  mask(secret: string): void
  redact(text: string): string
  readonly inActions: boolean
}

export interface LoggerOptions {
  inActions: boolean
  debug?: boolean
  write?: (line: string) => void // non-Actions sink, default stdout
}

export function createLogger(opts: LoggerOptions): Logger {
  const secrets = new Set<string>()
  let ordered: string[] = []
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`))

  const redact = (text: string): string => {
    let out = text
    for (const s of ordered) if (out.includes(s)) out = out.split(s).join('***')
    return out
  }
  const add = (s: string): boolean => {
    if (s.length < 4 || secrets.has(s)) return false
    secrets.add(s)
    ordered = [...secrets].sort((a, b) => b.length - a.length)
    return true
  }

  return {
    inActions: opts.inActions,
    redact,
    mask(secret: string) {
      // Also the encoded and decoded forms, since a token or URL may be printed either way.
      const forms = new Set([secret, safeDecode(secret), encodeURIComponent(secret)])
      for (const form of forms) {
        if (add(form) && opts.inActions) core.setSecret(form)
      }
    },
    info: m => (opts.inActions ? core.info(redact(m)) : write(redact(m))),
    notice: m => (opts.inActions ? core.notice(redact(m)) : write(`notice: ${redact(m)}`)),
    warning: m => (opts.inActions ? core.warning(redact(m)) : write(`warning: ${redact(m)}`)),
    error: m => (opts.inActions ? core.error(redact(m)) : write(`error: ${redact(m)}`)),
    debug: m => {
      if (opts.inActions) core.debug(redact(m))
      else if (opts.debug) write(`debug: ${redact(m)}`)
    }
  }
}

/** Masks a signed URL whole and its signature alone (which is what a partial print would leak). */
export function maskUrl(log: Logger, url: string): void {
  log.mask(url)
  try {
    const u = new URL(url)
    for (const key of ['X-Goog-Signature', 'x-goog-signature', 'upload_id', 'Signature', 'sig']) {
      const v = u.searchParams.get(key)
      if (v) log.mask(v)
    }
  } catch {
    // not a URL: the whole string is masked already
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
