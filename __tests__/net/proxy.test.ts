// Proxies: the routing decision (loopback first, then @actions/http-client's reading of HTTPS_PROXY, HTTP_PROXY and
// NO_PROXY), then the one transport through a real forward proxy (the `proxy` package) that alone maps sandbox.test /
// echo.test to 127.0.0.1. http-client reads process.env, so each test sets the variables it needs and restores them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import {
  createTransport,
  httpTransport,
  NetworkError,
  type HttpRequest,
  type Transport
} from '../../src/net/transport.js'
import { checkProxyVariables, describeProxy, parseProxyUrl, proxyFor } from '../../src/net/proxy.js'
import { isRetryableError } from '../../src/net/retry.js'
import { uploadResumable } from '../../src/upload/gcs-resumable.js'
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js'
import { START_HEADERS } from '../upload/fake-gcs.js'

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex')

const PROXY_VARS = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY']
const saved = Object.fromEntries(PROXY_VARS.map(v => [v, process.env[v]]))

/** Sets exactly these proxy variables (the others unset) until the test ends. */
function setProxyEnv(vars: Record<string, string>): void {
  for (const v of PROXY_VARS) delete process.env[v]
  Object.assign(process.env, vars)
}
afterEach(() => {
  for (const v of PROXY_VARS) {
    if (saved[v] === undefined) delete process.env[v]
    else process.env[v] = saved[v]
  }
})

describe('the proxy decision', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080' }
  const via = (url: string, e: Record<string, string> = env) => {
    setProxyEnv(e)
    const proxy = proxyFor(new URL(url))
    return proxy ? describeProxy(proxy) : 'direct'
  }

  it('sends loopback direct even with NO_PROXY unset and a proxy for every scheme', () => {
    for (const u of [
      'http://127.0.0.1:8080/x',
      'https://[::1]/x',
      'http://localhost:1/',
      'http://localhost.:1/',
      'http://127.1/',
      'http://[::ffff:7f00:1]/'
    ]) {
      expect(via(u)).toBe('direct')
    }
  })

  it('picks the proxy by scheme, lower case first, empty meaning none', () => {
    expect(via('https://api.x.com/2')).toBe('http://proxy.corp:3128')
    expect(via('http://example.com/')).toBe('http://plain.corp:8080')
    expect(via('https://api.x.com/', { https_proxy: 'http://low:1', HTTPS_PROXY: 'http://up:2' })).toBe(
      'http://low:1'
    )
    expect(via('https://api.x.com/', { https_proxy: '', HTTPS_PROXY: 'http://up:2' })).toBe('http://up:2')
    // no fallback from https to HTTP_PROXY
    expect(via('https://api.x.com/', { HTTP_PROXY: 'http://plain:1' })).toBe('direct')
  })

  // http-client's NO_PROXY: comma-separated; `*`; a host matches itself and its subdomains, with or without a
  // leading dot; `host:port` matches that port only. Not understood: `*.x.com`, spaces as separators, CIDR.
  it.each([
    ['https://api.x.com/', 'api.x.com', true],
    ['https://API.X.com/', 'api.x.COM', true],
    ['https://api.x.com/', 'x.com', true],
    ['https://api.x.com/', '.x.com', true],
    ['https://api.x.com/', '*.x.com', false],
    ['https://x.com/', 'x.com', true],
    ['https://notx.com/', 'x.com', false],
    ['https://api.x.com/', 'other.com, x.com', true],
    ['https://api.x.com/', 'other.com x.com', false],
    ['https://api.x.com/', '*', true],
    ['https://api.x.com/', 'x.com:443', true],
    ['https://api.x.com/', 'x.com:8443', false],
    ['https://api.x.com:8443/', 'x.com:8443', true],
    ['http://api.x.com/', 'api.x.com:80', true],
    ['https://10.1.2.3/', '10.1.2.3', true],
    ['https://10.1.2.3/', '10.0.0.0/8', false],
    ['https://[2001:db8::1]/', '[2001:db8::1]', true],
    ['https://[2001:db8::1]:9/', '[2001:db8::1]:9', true],
    ['https://[2001:db8::1]/', '[2001:db8::1]:9', false],
    ['https://[2001:db8::1]/', '2001:db8::1', false],
    ['https://api.x.com/', '', false],
    ['https://api.x.com/', ' , ,', false]
  ])('NO_PROXY: %s with "%s" -> direct %s', (url, noProxy, expected) => {
    const want = expected ? 'direct' : 'http://proxy.corp:3128'
    expect(via(url, { ...env, no_proxy: noProxy })).toBe(want)
    expect(via(url, { ...env, NO_PROXY: noProxy })).toBe(want)
  })

  it('refuses a bad proxy variable without quoting it (it may hold credentials)', () => {
    const bad = { HTTPS_PROXY: 'http://user:s3cret@[bad' }
    expect(() => checkProxyVariables(bad)).toThrow('HTTPS_PROXY is not a valid proxy URL')
    expect(() => checkProxyVariables(bad)).not.toThrow(/s3cret/)
    expect(() => checkProxyVariables({ https_proxy: 'socks5://user:pw@h:1' })).toThrow(
      'https_proxy uses socks5: proxies'
    )
    // http-client would read this as the scheme `proxy.corp:` and go direct without a word
    expect(() => checkProxyVariables({ HTTP_PROXY: 'proxy.corp:3128' })).toThrow(
      'HTTP_PROXY names no scheme: write it as http://host:port'
    )
    expect(() =>
      checkProxyVariables({ HTTPS_PROXY: 'https://proxy.corp', NO_PROXY: '*.x.com' })
    ).not.toThrow()
    setProxyEnv(bad)
    expect(() => createTransport()).toThrow('HTTPS_PROXY is not a valid proxy URL')
    expect(describeProxy(parseProxyUrl('HTTPS_PROXY', 'http://user:s3cret@proxy.corp:3128/p?q'))).toBe(
      'http://proxy.corp:3128'
    )
  })
})

describe('through a real forward proxy', () => {
  let proxy: ForwardProxy
  let authProxy: ForwardProxy
  let sandbox: Sandbox
  let echo: http.Server
  let echoBase: string
  let dir: string
  const seen: Array<{ headers: string[]; bytes: number }> = []

  beforeAll(async () => {
    const hosts = { 'sandbox.test': '127.0.0.1', 'echo.test': '127.0.0.1' }
    ;[proxy, authProxy] = await Promise.all([
      startForwardProxy(hosts),
      startForwardProxy(hosts, { auth: 'agent:p@ss w0rd' })
    ])
    sandbox = await startSandbox({ processingMs: 100, publicHost: 'sandbox.test' })
    echo = http.createServer((req, res) => {
      let bytes = 0
      req.on('data', (d: Buffer) => (bytes += d.length))
      req.on('end', () => {
        seen.push({ headers: req.rawHeaders, bytes })
        if (req.url === '/stall') return // never answers
        if (req.url === '/redirect') {
          res.writeHead(308, { range: 'bytes=0-262143', location: 'http://elsewhere.test/' })
          return void res.end()
        }
        if (req.url === '/slow-body') {
          res.writeHead(200, { 'content-length': '10' })
          return void res.write('12345') // and never the rest
        }
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ bytes }))
      })
    })
    await new Promise<void>(r => echo.listen(0, '127.0.0.1', r))
    echoBase = `http://echo.test:${(echo.address() as AddressInfo).port}`
    dir = await mkdtemp(join(tmpdir(), 'proxy-'))
  })
  afterAll(async () => {
    echo.closeAllConnections()
    await Promise.all([proxy.close(), authProxy.close(), sandbox.close(), new Promise(r => echo.close(r))])
    await rm(dir, { recursive: true, force: true })
  })

  const through = (env: Record<string, string> = {}): Transport => {
    setProxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, ...env })
    return createTransport()
  }
  const count = (p: ForwardProxy, host: string) => p.seen.filter(s => s.target.includes(host)).length

  it('carries an API call, a resumable upload and a download, byte for byte', async () => {
    const named: string[] = []
    setProxyEnv({ https_proxy: proxy.url, http_proxy: proxy.url })
    const transport = createTransport({ onProxy: p => named.push(p) })
    const before = count(proxy, 'sandbox.test')
    const auth = { authorization: 'Bearer t' }
    const created = await transport({
      method: 'POST',
      url: `${sandbox.apiBaseUrl}/2/compliance/jobs`,
      headers: { ...auth, 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ type: 'tweets', resumable: true }))
    })
    expect(created.status).toBe(200)
    const job = (JSON.parse(await created.text()) as { data: { id: string; upload_url: string } }).data
    expect(job.upload_url.startsWith('http://sandbox.test:')).toBe(true)

    const ids = Array.from({ length: 40_000 }, (_, i) => String(1_000_000_000_000 + i * 7919))
    const content = Buffer.from(`${ids.join('\n')}\n`) // ~560 KB: three 256 KiB chunks
    const file = join(dir, 'ids.txt')
    await writeFile(file, content)
    const progress: number[] = []
    const result = await uploadResumable({
      transport,
      retry: { maxRetries: 0, baseDelayMs: 1 },
      chunkSize: 256 * 1024,
      stallTimeoutMs: 10_000,
      file: { path: file, size: content.length },
      start: { url: job.upload_url, headers: { ...START_HEADERS } },
      onProgress: p => progress.push(p.acknowledged)
    })
    expect(result.bytes).toBe(content.length)
    expect(result.faultsRecovered).toBe(0)
    expect(sha(sandbox.job(job.id)!.object!)).toBe(sha(content))
    expect(progress.at(-1)).toBe(content.length)

    let done: { status: string; download_url: string } | undefined
    for (let i = 0; i < 100 && done?.status !== 'complete'; i++) {
      await new Promise(r => setTimeout(r, 50))
      const got = await transport({
        method: 'GET',
        url: `${sandbox.apiBaseUrl}/2/compliance/jobs/${job.id}`,
        headers: auth
      })
      done = (JSON.parse(await got.text()) as { data: typeof done }).data
    }
    expect(done?.status).toBe('complete')
    const download = await transport({ method: 'GET', url: done!.download_url, headers: {} })
    expect(download.status).toBe(200)
    const parts: Uint8Array[] = []
    for await (const c of download.body()) parts.push(c)
    await download.dispose()
    const results = sandbox.job(job.id)!.results!
    expect(results.length).toBeGreaterThan(0)
    expect(sha(Buffer.concat(parts))).toBe(sha(results))

    // every request went through the proxy; the sandbox never saw anything the proxy did not carry
    // http-client tunnels http too: a CONNECT per request
    const tunnels = proxy.seen.filter(x => x.target.includes('sandbox.test')).slice(before)
    expect(tunnels.length).toBeGreaterThan(0)
    for (const t of tunnels) expect(t).toEqual({ method: 'CONNECT', target: `sandbox.test:${sandbox.port}` })
    const requests = sandbox.stats().requests.length
    expect(tunnels.length).toBe(requests)
    expect(named).toEqual([proxy.url])
    const kinds = new Set(sandbox.stats().requests.map(r => r.kind))
    expect([...kinds].sort()).toEqual(['chunk', 'create', 'download', 'get', 'start'])
  })

  it('sends the exact headers, an explicit Content-Length, and hands back a 308 unfollowed', async () => {
    const transport = through()
    const body = randomBytes(300_000)
    const sent: number[] = []
    const r = await transport({
      method: 'PUT',
      url: `${echoBase}/put`,
      headers: {
        'content-type': 'text/plain',
        'content-length': String(body.length),
        'x-goog-resumable': 'x'
      },
      body,
      stallTimeoutMs: 5_000,
      onBodyProgress: n => sent.push(n)
    })
    expect(JSON.parse(await r.text())).toEqual({ bytes: body.length })
    const h = seen.at(-1)!.headers
    const values = (name: string) => h.filter((_, i) => i % 2 === 1 && h[i - 1].toLowerCase() === name)
    expect(values('content-length')).toEqual([String(body.length)])
    expect(values('content-type')).toEqual(['text/plain'])
    expect(values('x-goog-resumable')).toEqual(['x'])
    expect(values('transfer-encoding')).toEqual([])
    expect(values('accept-encoding')).toEqual([])
    expect(sent.at(-1)).toBe(body.length)
    expect(sent).toEqual([...sent].sort((a, b) => a - b))

    const empty = await transport({
      method: 'PUT',
      url: `${echoBase}/redirect`,
      headers: { 'content-range': 'bytes */5' }
    })
    expect(empty.status).toBe(308)
    expect(empty.headers.get('range')).toBe('bytes=0-262143')
    await empty.dispose()
    const eh = seen.at(-1)!.headers
    expect(eh.filter((_, i) => i % 2 === 1 && eh[i - 1].toLowerCase() === 'content-length')).toEqual(['0'])

    await expect(
      transport({
        method: 'PUT',
        url: `${echoBase}/put`,
        headers: { 'content-length': '3' },
        body: Buffer.from('ab')
      })
    ).rejects.toThrow('content-length header 3 does not match the body length 2')
  })

  it('stalls, aborts and fails as NetworkErrors', async () => {
    const transport = through()
    const req = (path: string, extra: Partial<HttpRequest> = {}) =>
      transport({ method: 'GET', url: `${echoBase}${path}`, headers: {}, ...extra })

    await expect(req('/stall', { stallTimeoutMs: 300 })).rejects.toMatchObject({ code: 'STALLED' })
    const slow = await req('/slow-body', { stallTimeoutMs: 300 })
    await expect(slow.text()).rejects.toMatchObject({ code: 'STALLED' })

    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('stop')), 100)
    await expect(req('/stall', { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' })

    // a proxy nobody listens on
    const closed = http.createServer()
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise(r => closed.close(r))
    setProxyEnv({ HTTP_PROXY: `http://127.0.0.1:${port}` })
    const dead = createTransport()
    const err = await dead({ method: 'GET', url: `${echoBase}/x`, headers: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect((err as NetworkError).code).toBe('ECONNREFUSED')
    expect(isRetryableError(err)).toBe(true)
  })

  it('authenticates to the proxy with the URL credentials and never prints them', async () => {
    const creds = `agent:${encodeURIComponent('p@ss w0rd')}`
    const named: string[] = []
    setProxyEnv({ HTTP_PROXY: authProxy.url.replace('//', `//${creds}@`) })
    const ok = createTransport({ onProxy: p => named.push(p) })
    const r = await ok({ method: 'GET', url: `${echoBase}/x`, headers: {} })
    expect(r.status).toBe(200)
    await r.dispose()
    expect(named).toEqual([authProxy.url])
    expect(authProxy.seen.at(-1)!.auth).toBe(`Basic ${Buffer.from('agent:p@ss w0rd').toString('base64')}`)

    setProxyEnv({ HTTP_PROXY: authProxy.url.replace('//', '//agent:n0pe-secret@') })
    const wrong = createTransport()
    const err = await wrong({ method: 'GET', url: `${echoBase}/x`, headers: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect(err).toBeInstanceOf(NetworkError)
    expect((err as NetworkError).code).toBe('PROXY_AUTH')
    expect(isRetryableError(err)).toBe(false) // the credentials will not improve
    expect((err as Error).message).toContain('407')
    expect((err as Error).message).not.toMatch(/n0pe-secret|agent:/)
  })

  it('cannot reach sandbox.test directly: the name resolves only inside the proxy', async () => {
    setProxyEnv({})
    const before = count(proxy, 'sandbox.test')
    const err = await httpTransport({
      method: 'GET',
      url: `${sandbox.apiBaseUrl}/2/compliance/jobs/1`,
      headers: {}
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain((err as NetworkError).code)
    expect(count(proxy, 'sandbox.test')).toBe(before)
  })

  it.each(['sandbox.test', '.test', `sandbox.test:${0}`, '*'])(
    'NO_PROXY=%s goes direct (and fails to resolve)',
    async np => {
      const entry = np.endsWith(':0') ? `sandbox.test:${sandbox.port}` : np
      const before = count(proxy, 'sandbox.test')
      const transport = through({ NO_PROXY: entry })
      const err = await transport({
        method: 'GET',
        url: `${sandbox.apiBaseUrl}/2/compliance/jobs/1`,
        headers: {}
      }).catch((e: unknown) => e)
      expect(['ENOTFOUND', 'EAI_AGAIN']).toContain((err as NetworkError).code)
      expect(count(proxy, 'sandbox.test')).toBe(before)
    }
  )

  it('sends loopback direct: the proxy never sees 127.0.0.1', async () => {
    const transport = through()
    const total = proxy.seen.length
    const r = await transport({
      method: 'GET',
      url: `http://127.0.0.1:${sandbox.port}/2/compliance/jobs?type=tweets`,
      headers: { authorization: 'Bearer t' }
    })
    expect(r.status).toBe(200)
    await r.dispose()
    expect(proxy.seen.length).toBe(total)
  })
})
