// Forward proxies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY and their lower-case forms), for self-hosted runners.
//
// Per request, by URL: a loopback host is always direct (decided here: undici's EnvHttpProxyAgent would send
// it to the proxy); a NO_PROXY match is direct; otherwise the proxy for the URL's scheme, if any, carries it
// through undici's own `fetch` with a ProxyAgent (both from the npm `undici` package: a dispatcher must never
// be handed to another undici copy's fetch, such as Node's global one). Everything else uses `direct`.
//
// The proxied transport keeps the HttpRequest contract of httpTransport: the caller's exact headers (an
// explicit Content-Length, the body streamed in slices so the stall watchdog sees it move), redirects never
// followed, the caller's signal, and failures as NetworkError codes. Proxy credentials are never printed.
import type { Dispatcher, ProxyAgent, fetch as UndiciFetch } from 'undici'
import {
  abortedError,
  httpTransport,
  NetworkError,
  readText,
  sliceSize,
  type HttpRequest,
  type HttpResponse,
  type Transport
} from './transport.js'
import { Watchdog } from './watchdog.js'
import { isLoopbackHost } from './loopback.js'

// undici is loaded only when a proxy is used: most runs never need it, and it costs start-up time and memory.
let undici: Promise<typeof import('undici')> | undefined
const loadUndici = () => (undici ??= import('undici'))

export type ProxyEnv = Record<string, string | undefined>

export type ProxyRoute =
  | { via: 'direct'; reason: 'loopback' | 'no_proxy' | 'no proxy' }
  | { via: 'proxy'; proxy: URL; variable: string }

/** The first non-empty of the lower-case then upper-case variable, with the name it came from. */
function pick(env: ProxyEnv, name: string): { variable: string; value: string } | undefined {
  for (const variable of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[variable]?.trim()
    if (value) return { variable, value }
  }
  return undefined
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '')
}

/**
 * NO_PROXY: entries separated by commas (or spaces); `*` matches everything; `example.com`, `.example.com`
 * and `*.example.com` match that host and its subdomains; an optional `:port` restricts the match to that
 * port; IPv6 literals may be bracketed. Case-insensitive. (No CIDR ranges.)
 */
export function matchesNoProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false
  const host = url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
  const port = defaultPort(url)
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase()
    if (!entry) continue
    if (entry === '*') return true
    let entryPort: string | undefined
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
    if (bracketed) {
      entry = bracketed[1]
      entryPort = bracketed[2]
    } else {
      const withPort = /^([^:]+):(\d+)$/.exec(entry) // a bare IPv6 literal has several colons: no port
      if (withPort) {
        entry = withPort[1]
        entryPort = withPort[2]
      }
    }
    if (entryPort !== undefined && entryPort !== port) continue
    entry = entry.replace(/^\*?\./, '').replace(/\.$/, '')
    if (!entry) continue
    if (host === entry || host.endsWith(`.${entry}`)) return true
  }
  return false
}

/** Parses a proxy variable's value; `proxy.corp:3128` means http://proxy.corp:3128. Never quotes the value. */
export function parseProxyUrl(variable: string, value: string): URL {
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`)
  } catch {
    throw new Error(`${variable} is not a valid proxy URL: use e.g. http://proxy.example.com:3128`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${variable} uses ${url.protocol} proxies, which are not supported: use an http:// proxy`)
  }
  if (!url.hostname) throw new Error(`${variable} names no proxy host`)
  return url
}

/** The proxy as it may be printed: scheme, host and port, never credentials, path or query. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`
}

/** Where a request to `url` goes, given the environment. Throws (without quoting it) on an invalid proxy. */
export function proxyRoute(url: URL, env: ProxyEnv): ProxyRoute {
  if (isLoopbackHost(url.hostname)) return { via: 'direct', reason: 'loopback' }
  if (matchesNoProxy(url, pick(env, 'no_proxy')?.value)) return { via: 'direct', reason: 'no_proxy' }
  const found =
    url.protocol === 'https:'
      ? pick(env, 'https_proxy')
      : url.protocol === 'http:'
        ? pick(env, 'http_proxy')
        : undefined
  if (!found) return { via: 'direct', reason: 'no proxy' }
  return { via: 'proxy', proxy: parseProxyUrl(found.variable, found.value), variable: found.variable }
}

export interface ProxyTransportOptions {
  /** Called once per proxy the first time a request goes through it, with describeProxy(). */
  onProxy?: (proxy: string) => void
}

/**
 * A transport honouring the proxy variables of `env` (read once, here). Invalid proxy variables throw now,
 * so a run fails before it starts rather than on its first request.
 */
export function proxyAwareTransport(
  env: ProxyEnv,
  direct: Transport = httpTransport,
  opts: ProxyTransportOptions = {}
): Transport {
  const snapshot: ProxyEnv = {}
  for (const name of ['https_proxy', 'http_proxy', 'no_proxy']) {
    for (const v of [name, name.toUpperCase()]) snapshot[v] = env[v]
  }
  for (const name of ['https_proxy', 'http_proxy']) {
    const found = pick(snapshot, name)
    if (found) parseProxyUrl(found.variable, found.value)
  }
  if (!pick(snapshot, 'https_proxy') && !pick(snapshot, 'http_proxy')) return direct

  const agents = new Map<string, Transport>()
  return async req => {
    let url: URL
    try {
      url = new URL(req.url)
    } catch {
      return direct(req) // it reports the invalid URL, without quoting it
    }
    const route = proxyRoute(url, snapshot)
    if (route.via === 'direct') return direct(req)
    const key = route.proxy.href
    let transport = agents.get(key)
    if (!transport) {
      transport = undiciTransport(await newProxyAgent(route.proxy), route.proxy)
      agents.set(key, transport)
      opts.onProxy?.(describeProxy(route.proxy))
    }
    return transport(req)
  }
}

async function newProxyAgent(proxy: URL): Promise<ProxyAgent> {
  const { ProxyAgent } = await loadUndici()
  // Our watchdog is the only timeout, as with httpTransport (undici's own would cut at 300 s).
  return new ProxyAgent({ uri: proxy.href, headersTimeout: 0, bodyTimeout: 0 })
}

/** Throws when an explicit Content-Length disagrees with the body (the request would be broken). */
function checkContentLength(req: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {}
  const length = req.body?.length ?? 0
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.toLowerCase() === 'content-length') {
      if (value.trim() !== String(length)) {
        throw new Error(`content-length header ${value} does not match the body length ${length}`)
      }
      continue
    }
    headers[name] = value
  }
  // A streamed body has no length of its own: undici sends ours. With no body, fetch sends 0 for PUT/POST.
  if (length > 0) headers['content-length'] = String(length)
  // fetch would ask for gzip and decode it: the caller gets the bytes as sent, as over node:http.
  if (!Object.keys(headers).some(k => k.toLowerCase() === 'accept-encoding'))
    headers['accept-encoding'] = 'identity'
  return headers
}

/** Strips anything URL-like and the proxy's credentials from a message before it is shown. */
function scrub(message: string, proxy: URL): string {
  let m = message.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, '<url>')
  for (const secret of [proxy.username, proxy.password]) {
    if (!secret) continue
    for (const s of new Set([secret, decodeURIComponent(secret)])) m = m.split(s).join('***')
  }
  return m
}

/** The innermost error code and message in an undici `cause` chain (fetch fails with TypeError 'fetch failed'). */
function networkErrorOf(err: unknown, proxy: URL): NetworkError | undefined {
  if (err instanceof NetworkError) return err
  let code: string | undefined
  let detail: string | undefined
  let e: unknown = err
  for (let depth = 0; depth < 8 && typeof e === 'object' && e !== null; depth++) {
    const x = e as { code?: unknown; cause?: unknown; errors?: unknown; message?: unknown }
    if (typeof x.code === 'string' && x.code !== '') {
      code = x.code
      if (typeof x.message === 'string' && x.message) detail = x.message
    }
    e = Array.isArray(x.errors) && x.errors.length > 0 ? x.errors[0] : x.cause
  }
  if (code === undefined) {
    if (!(err instanceof TypeError) || err.message !== 'fetch failed') return undefined
    code = 'ECONNRESET' // fetch failed below HTTP without saying how
  }
  // undici reports a refused CONNECT as an abort (UND_ERR_ABORTED, retryable): a 407 or another 4xx is final
  const refused = detail && /Proxy response \((\d{3})\)/.exec(detail)?.[1]
  if (refused === '407') {
    return new NetworkError(
      'PROXY_AUTH',
      `the proxy ${describeProxy(proxy)} refused the request (407 Proxy Authentication Required): ` +
        'give its credentials in the proxy URL (http://user:password@host:port)',
      { cause: err }
    )
  }
  if (refused?.startsWith('4')) code = 'PROXY_REFUSED' // a policy answer, final; a 5xx stays retryable
  const suffix = detail ? `: ${scrub(detail, proxy)}` : ''
  return new NetworkError(code, `the connection through the proxy failed (${code})${suffix}`, { cause: err })
}

/** A Transport on undici's fetch with `dispatcher` (a ProxyAgent). */
export function undiciTransport(dispatcher: Dispatcher, proxy: URL): Transport {
  return async req => {
    const { signal } = req
    if (signal?.aborted) throw abortedError(signal)
    let url: URL
    try {
      url = new URL(req.url)
    } catch {
      throw new Error('the request URL is not a valid URL')
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`unsupported URL scheme ${url.protocol} (only http and https)`)
    }
    const headers = checkContentLength(req)
    const controller = new AbortController()
    const watchdog = req.stallTimeoutMs
      ? new Watchdog(req.stallTimeoutMs, () => {
          const seconds = (req.stallTimeoutMs ?? 0) / 1000
          controller.abort(
            new NetworkError('STALLED', `the connection stalled: no progress for ${seconds} s`)
          )
        })
      : undefined
    const onAbort = (): void => controller.abort(abortedError(signal))
    signal?.addEventListener('abort', onAbort, { once: true })
    const cleanup = (): void => {
      watchdog?.disarm()
      signal?.removeEventListener('abort', onAbort)
    }
    const failure = (err: unknown): unknown => {
      if (controller.signal.aborted && controller.signal.reason instanceof NetworkError) {
        return controller.signal.reason
      }
      return networkErrorOf(err, proxy) ?? err
    }

    const body = req.body && req.body.length > 0 ? req.body : undefined
    watchdog?.arm()
    const { fetch: undiciFetch } = await loadUndici()
    let res: Awaited<ReturnType<typeof UndiciFetch>>
    try {
      res = await undiciFetch(url, {
        method: req.method,
        headers,
        body: body
          ? bodyStream(body, sliceSize(req.stallTimeoutMs), watchdog, req.onBodyProgress)
          : undefined,
        ...(body ? { duplex: 'half' as const } : {}),
        redirect: 'manual',
        signal: controller.signal,
        dispatcher
      })
    } catch (err) {
      cleanup()
      throw failure(err)
    }
    watchdog?.disarm()
    if (body) req.onBodyProgress?.(body.length)
    return wrapFetchResponse(res, watchdog, failure, cleanup)
  }
}

// The body in slices through a pull stream: each pull means the previous slice was taken by undici.
function bodyStream(
  body: Buffer,
  slice: number,
  watchdog: Watchdog | undefined,
  onProgress?: (sent: number) => void
): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        watchdog?.kick()
        if (offset > 0) onProgress?.(offset)
        if (offset >= body.length) return controller.close()
        const piece = body.subarray(offset, Math.min(offset + slice, body.length))
        offset += piece.length
        controller.enqueue(new Uint8Array(piece.buffer, piece.byteOffset, piece.length))
      }
    },
    { highWaterMark: 0 }
  )
}

type ReadResult = { done: true; value?: undefined } | { done: false; value: Uint8Array }

function wrapFetchResponse(
  res: Awaited<ReturnType<typeof UndiciFetch>>,
  watchdog: Watchdog | undefined,
  failure: (err: unknown) => unknown,
  cleanup: () => void
): HttpResponse {
  const headers = new Headers()
  res.headers.forEach((value, name) => headers.append(name, value))
  let consumed = false
  let done = res.body === null
  let disposed = false
  if (done) cleanup()
  const reader = res.body?.getReader()

  async function read(): Promise<ReadResult> {
    watchdog?.arm()
    try {
      const next = (await reader!.read()) as ReadResult
      if (next.done) {
        done = true
        cleanup()
      }
      return next
    } catch (err) {
      done = true
      cleanup()
      throw failure(err)
    } finally {
      watchdog?.disarm()
    }
  }

  async function* body(): AsyncGenerator<Uint8Array> {
    if (consumed) throw new Error('the response body was already read')
    consumed = true
    if (!reader) return
    for (;;) {
      const next = await read()
      if (next.done) return
      yield next.value
    }
  }

  async function dispose(): Promise<void> {
    if (disposed) return
    disposed = true
    if (!reader || done) return cleanup()
    // A short remainder is drained so the (tunnelled) connection can be reused; a long one is cut.
    try {
      let left = 64 * 1024
      while (!done && left > 0) {
        const next = await read()
        if (!next.done) left -= next.value.length
      }
    } catch {
      // failing while discarding is no failure
    }
    if (!done) {
      cleanup()
      await reader.cancel().catch(() => undefined)
    }
  }

  return {
    status: res.status,
    headers,
    body,
    text: (maxBytes?: number) => readText(body, dispose, maxBytes),
    dispose
  }
}
