// Input parsing every action shares: how a raw value is read, and the typed parsers whose errors name the input,
// the value and what is allowed. Each action's own inputs module applies them to its names and defaults.
import { isLoopbackHost } from '../net/loopback.js'

export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(message)
    this.name = 'InputError'
  }
}

/** Returns the raw value, or undefined when the input was not given at all. */
export type RawInputSource = (name: string) => string | undefined

/** Reads inputs the way @actions/core does (INPUT_<NAME>, hyphens kept, trimmed), but tells unset from ''. */
export function envInputSource(env: NodeJS.ProcessEnv = process.env): RawInputSource {
  return name => {
    const raw = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]
    return raw === undefined ? undefined : raw.trim()
  }
}

/** A value as it may be quoted in an error: control characters shown as ?, at most 40 characters. */
export function excerpt(s: string): string {
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, '?')
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean
}

export function parseBoolean(name: string, raw: string): boolean {
  if (/^(true|True|TRUE)$/.test(raw)) return true
  if (/^(false|False|FALSE)$/.test(raw)) return false
  throw new InputError(name, `${name} "${excerpt(raw)}" is not a boolean: use true or false.`)
}

export function parseInteger(name: string, raw: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(raw)) {
    throw new InputError(
      name,
      `${name} "${excerpt(raw)}" is not a whole number: use an integer from ${min} to ${max}.`
    )
  }
  const n = Number(raw)
  if (n < min || n > max) {
    throw new InputError(name, `${name} ${raw} is out of range: use an integer from ${min} to ${max}.`)
  }
  return n
}

export function parseChoice<T extends string>(
  name: string,
  raw: string,
  allowed: readonly T[],
  hint = ''
): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T
  const list = allowed.map(a => (a === '' ? "'' (empty)" : a)).join(', ')
  throw new InputError(name, `${name} "${excerpt(raw)}" is not allowed: use one of ${list}${hint}.`)
}

const KIB = 1024
const MIB = 1024 * KIB
const GIB = 1024 * MIB

/** A size in bytes, KiB, MiB or GiB (no space): `8MiB`, `256KiB`, `262144`; undefined when it is not one. */
export function parseSizeValue(raw: string): number | undefined {
  const m = /^([0-9]+)(KiB|MiB|GiB)?$/.exec(raw)
  if (!m) return undefined
  const unit = m[2] === 'GiB' ? GIB : m[2] === 'MiB' ? MIB : m[2] === 'KiB' ? KIB : 1
  return Number(m[1]) * unit
}

/**
 * An API base URL: https, or http only for a loopback host (the sandbox), no credentials, query or fragment.
 * `example` is the service's real base URL; `secret` names what must not travel in clear text.
 */
export function parseApiBaseUrl(name: string, raw: string, example: string, secret: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(name, `${name} "${excerpt(raw)}" is not a URL: use e.g. ${example}.`)
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(
      name,
      `${name} must not carry credentials, a query or a fragment: use e.g. ${example}.`
    )
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InputError(
      name,
      `${name} uses http for ${url.hostname}: the ${secret} must travel over https; http is allowed only for a loopback host (127.0.0.1, ::1, localhost).`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(name, `${name} must be an https URL, not ${url.protocol}.`)
  }
  return url.toString().replace(/\/+$/, '')
}
