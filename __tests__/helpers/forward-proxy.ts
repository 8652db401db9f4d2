// A real forward proxy (the `proxy` npm package: plain requests and CONNECT tunnels) on 127.0.0.1, in a child
// process whose DNS maps made-up hostnames (e.g. sandbox.test) to 127.0.0.1. Only the proxy resolves them, so a
// request that reaches such a host proves it went through the proxy.
//
// Why a child process: the package's API takes no `lookup` (it calls net.connect / http.request with a bare
// host), so its resolution can only be changed by patching dns.lookup, which is process-wide. Patched in the
// test's own process it would also resolve the name for direct requests, defeating the test; in a child, the
// patch is scoped to the proxy alone.
import { spawn, type ChildProcess } from 'node:child_process'
import * as readline from 'node:readline'

export interface ProxySeen {
  /** 'CONNECT' or the method of a plain proxied request */
  method: string
  /** host:port of a CONNECT, or the absolute URL of a plain request */
  target: string
  /** the Proxy-Authorization header, if any */
  auth?: string
}

export interface ForwardProxy {
  /** http://127.0.0.1:PORT */
  url: string
  port: number
  /** every request the proxy received, in order */
  seen: ProxySeen[]
  close(): Promise<void>
}

const CHILD = `
import dns from 'node:dns'
import http from 'node:http'
import { createProxy } from 'proxy'
const hosts = JSON.parse(process.env.PROXY_HOSTS)
const auth = process.env.PROXY_AUTH
const realLookup = dns.lookup
dns.lookup = function (host, options, callback) {
  if (typeof options === 'function') { callback = options; options = {} }
  if (typeof options === 'number') options = { family: options }
  const ip = hosts[String(host).toLowerCase()]
  if (ip === undefined) return realLookup.call(dns, host, options, callback)
  if (options && options.all) return process.nextTick(callback, null, [{ address: ip, family: 4 }])
  return process.nextTick(callback, null, ip, 4)
}
const server = createProxy(http.createServer())
if (auth) server.authenticate = req => req.headers['proxy-authorization'] === 'Basic ' + Buffer.from(auth).toString('base64')
const note = (method, target, req) => process.stdout.write(JSON.stringify({ method, target, auth: req.headers['proxy-authorization'] }) + '\\n')
server.prependListener('connect', req => note('CONNECT', req.url, req))
server.prependListener('request', req => note(req.method, req.url, req))
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'))
process.on('SIGTERM', () => process.exit(0))
`

export async function startForwardProxy(
  hosts: Record<string, string>,
  opts: { auth?: string } = {}
): Promise<ForwardProxy> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    cwd: process.cwd(), // resolves `proxy` from this repository's node_modules
    env: { PATH: process.env.PATH, PROXY_HOSTS: JSON.stringify(hosts), PROXY_AUTH: opts.auth ?? '' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const seen: ProxySeen[] = []
  const lines = readline.createInterface({ input: child.stdout! })
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the proxy did not start: ${stderr}`)), 10_000)
    child.once('exit', code => reject(new Error(`the proxy exited (${code}): ${stderr}`)))
    lines.on('line', line => {
      const msg = JSON.parse(line) as { port?: number } & ProxySeen
      if (msg.port !== undefined) {
        clearTimeout(timer)
        resolve(msg.port)
      } else seen.push({ method: msg.method, target: msg.target, ...(msg.auth ? { auth: msg.auth } : {}) })
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
