// Forward proxies for self-hosted runners, with the semantics of every toolkit action (actions/checkout,
// actions/cache): `@actions/http-client` decides from HTTPS_PROXY/HTTP_PROXY/NO_PROXY (and their lower-case forms,
// which win) and hands out the tunnelling agent (CONNECT, also for http:// targets). Ours, on top:
// - the loopback check runs first, so loopback is always direct (the sandbox, tests);
// - a malformed or non-http proxy variable fails the run at once, naming the variable (http-client would silently
//   go direct, or speak HTTP to a SOCKS proxy);
// - a refused CONNECT is told apart: 407 and other 4xx are final (the tunnel library reports them as ECONNRESET,
//   which would be retried).
// Proxy credentials are never printed.
import { HttpClient } from '@actions/http-client'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import type { Agent, ClientRequest, RequestOptions } from 'node:http'
import { isLoopbackHost } from './loopback.js'
import { NetworkError } from './network-error.js'

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const

/**
 * Parses a proxy variable's value. It must name its scheme: http-client reads `proxy.corp:3128` as the scheme
 * `proxy.corp:` and would silently go direct.
 */
export function parseProxyUrl(variable: string, value: string): URL {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase()
  if (scheme === undefined) {
    throw new Error(
      `${variable} names no scheme: write it as http://host:port (e.g. http://proxy.example.com:3128)`
    )
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new Error(`${variable} uses ${scheme}: proxies, which are not supported: use an http:// proxy`)
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${variable} is not a valid proxy URL: use e.g. http://proxy.example.com:3128`)
  }
  if (!url.hostname) throw new Error(`${variable} names no proxy host`)
  return url
}

/** Throws, without quoting the value (it may hold credentials), when a proxy variable is not a usable URL. */
export function checkProxyVariables(env: NodeJS.ProcessEnv = process.env): void {
  for (const variable of PROXY_VARIABLES) {
    const value = env[variable]?.trim()
    if (value) parseProxyUrl(variable, value)
  }
}

/** The proxy as it may be printed: scheme, host and port, never credentials, path or query. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`
}

/** The proxy a request to `url` goes through, or undefined for a direct connection. */
export function proxyFor(url: URL): URL | undefined {
  if (isLoopbackHost(url.hostname)) return undefined
  const proxy = getProxyUrl(url)
  return proxy?.hostname ? proxy : undefined
}

// One client per target scheme: http-client caches one agent per client, whatever the scheme it was made for.
const clients = new Map<string, HttpClient>()

/** http-client's tunnelling agent for a request to `url` through its proxy. */
export function proxyAgent(url: URL): Agent {
  let client = clients.get(url.protocol)
  if (!client) {
    client = new HttpClient('x-compliance')
    clients.set(url.protocol, client)
  }
  return withBufferFreeAuth(client.getAgent(url.href))
}

interface TunnelInternals {
  proxyOptions?: { proxyAuth?: string }
  request?: (options: RequestOptions, ...rest: unknown[]) => ClientRequest
}

/**
 * The tunnel library behind http-client encodes proxy credentials with the deprecated `new Buffer()`, which makes
 * Node print a DEP0005 warning on the step's log (actions/http-client#36). Send the same Proxy-Authorization
 * header from its request hook instead. Without those internals the agent is used as it is.
 */
function withBufferFreeAuth(agent: Agent): Agent {
  const t = agent as Agent & TunnelInternals
  const auth = t.proxyOptions?.proxyAuth
  const request = t.request
  if (!auth || typeof request !== 'function') return agent
  delete t.proxyOptions!.proxyAuth
  const header = `Basic ${Buffer.from(auth).toString('base64')}`
  t.request = (options, ...rest) =>
    request({ ...options, headers: { ...options.headers, 'Proxy-Authorization': header } }, ...rest)
  return agent
}

/** A failed request through `proxy` as a NetworkError: a refused CONNECT is final, anything else as it came. */
export function proxyFailure(err: unknown, proxy: URL): NetworkError | undefined {
  const message = err instanceof Error ? err.message : ''
  const status = /tunneling socket could not be established, statusCode=(\d{3})/.exec(message)?.[1]
  if (status === '407') {
    return new NetworkError(
      'PROXY_AUTH',
      `the proxy ${describeProxy(proxy)} refused the request (407 Proxy Authentication Required): ` +
        'give its credentials in the proxy URL (http://user:password@host:port)',
      { cause: err }
    )
  }
  if (status?.startsWith('4')) {
    return new NetworkError(
      'PROXY_REFUSED',
      `the proxy ${describeProxy(proxy)} refused the connection (HTTP ${status}): check its access rules`,
      { cause: err }
    )
  }
  const cause = /tunneling socket could not be established, cause=(.*)$/.exec(message)?.[1]
  if (cause !== undefined) {
    const code = /\b(E[A-Z_]+)\b/.exec(cause)?.[1] ?? 'ECONNRESET'
    return new NetworkError(
      code,
      `the connection to the proxy ${describeProxy(proxy)} failed (${code}): ${scrub(cause, proxy)}`,
      { cause: err }
    )
  }
  return undefined
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
