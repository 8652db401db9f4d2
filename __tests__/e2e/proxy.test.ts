// End to end through a forward proxy: `node dist/index.js` with HTTPS_PROXY against the sandbox served over
// https as sandbox.test, a name only the test proxy resolves (to 127.0.0.1). The action insists on https for a
// non-loopback API, so the sandbox gets a self-signed certificate made here with openssl (in Debian base, and
// installed by .ci/run if missing), trusted by the child
// through NODE_EXTRA_CA_CERTS. The proxy asks for credentials, which must never appear in any output.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { makeRunDir } from '../helpers/action-runner.js'
import { makeIds, runScanned, sandboxInputs, sha256, writeIds } from '../helpers/e2e-sandbox.js'
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js'

const TOKEN = 'e2e-proxy-token-Hq7v'
const PROXY_USER = 'runner'
const PROXY_PASS = 'pr0xy-S3cret'

let sandbox: Sandbox
let proxy: ForwardProxy
let certDir: string
let caFile: string

beforeAll(async () => {
  certDir = await makeRunDir()
  caFile = path.join(certDir, 'cert.pem')
  const keyFile = path.join(certDir, 'key.pem')
  // A self-signed leaf for sandbox.test is its own trust anchor once listed in NODE_EXTRA_CA_CERTS.
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
      ...['-keyout', keyFile, '-out', caFile, '-subj', '/CN=sandbox.test'],
      ...['-addext', 'subjectAltName=DNS:sandbox.test', '-addext', 'basicConstraints=critical,CA:TRUE']
    ],
    { stdio: 'ignore' }
  )
  sandbox = await startSandbox({
    token: TOKEN,
    processingMs: 300,
    publicHost: 'sandbox.test',
    tls: { cert: await fs.readFile(caFile), key: await fs.readFile(keyFile) }
  })
  proxy = await startForwardProxy({ 'sandbox.test': '127.0.0.1' }, { auth: `${PROXY_USER}:${PROXY_PASS}` })
})
afterAll(async () => {
  await Promise.all([sandbox.close(), proxy.close()])
  await fs.rm(certDir, { recursive: true, force: true })
})

const inputs = (over: Record<string, string>) => sandboxInputs(sandbox, TOKEN, over)

const proxyUrl = () => proxy.url.replace('//', `//${PROXY_USER}:${PROXY_PASS}@`)

/** Every secret of the proxy: none may appear anywhere the action writes. */
function expectNoProxySecrets(run: { stdout: string; stderr: string; summary: string; outputsRaw: string }) {
  for (const where of [run.stdout, run.stderr, run.summary, run.outputsRaw]) {
    expect(where).not.toContain(PROXY_PASS)
    expect(where).not.toContain(`${PROXY_USER}:`)
  }
}

describe('the action behind a proxy', () => {
  it('runs the whole job (API, upload, download) through HTTPS_PROXY', async () => {
    expect(sandbox.apiBaseUrl).toMatch(/^https:\/\/sandbox\.test:\d+$/)
    const dir = await makeRunDir()
    const ids = makeIds(30_000) // ~600 KB: three 256 KiB chunks
    const content = `${ids.join('\n')}\n`
    const file = await writeIds(dir, content)
    const seenBefore = proxy.seen.length
    const run = await runScanned(sandbox, TOKEN, inputs({ 'ids-file': file, 'chunk-size': '256KiB' }), {
      dir,
      env: { HTTPS_PROXY: proxyUrl(), NODE_EXTRA_CA_CERTS: caFile }
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const job = sandbox.job(run.outputs['job-id'])!
    expect(sha256(job.object!)).toBe(sha256(content))
    expect(run.outputs.status).toBe('complete')
    expect(await fs.readFile(run.outputs['results-file'], 'utf8')).toBe(job.results)
    // one info line names the proxy, without its credentials
    expect(run.stdout.split('\n').filter(l => l.includes('Using the proxy'))).toEqual([
      `Using the proxy ${proxy.url}`
    ])
    expectNoProxySecrets(run)

    const tunnels = proxy.seen.slice(seenBefore)
    expect(tunnels.length).toBeGreaterThan(0)
    const basic = `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASS}`).toString('base64')}`
    for (const t of tunnels)
      expect(t).toEqual({ method: 'CONNECT', target: `sandbox.test:${sandbox.port}`, auth: basic })
    const kinds = new Set(
      sandbox
        .stats()
        .requests.filter(r => r.jobId === job.id)
        .map(r => r.kind)
    )
    for (const k of ['create', 'start', 'chunk', 'get', 'download']) expect(kinds).toContain(k)
  })

  it('goes direct for a NO_PROXY host, which then does not resolve', async () => {
    const dir = await makeRunDir()
    const file = await writeIds(dir, `${makeIds(10).join('\n')}\n`)
    const seenBefore = proxy.seen.length
    const run = await runScanned(sandbox, TOKEN, inputs({ 'ids-file': file, 'max-retries': '0' }), {
      dir,
      env: { https_proxy: proxyUrl(), no_proxy: 'localhost,.test', NODE_EXTRA_CA_CERTS: caFile }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/ENOTFOUND|EAI_AGAIN/)
    expect(run.stdout).not.toContain('Using the proxy')
    expect(proxy.seen.length).toBe(seenBefore)
    expectNoProxySecrets(run)
  })

  it('fails at once on a 407 (wrong proxy credentials): one CONNECT, no retry, no credentials printed', async () => {
    const dir = await makeRunDir()
    const file = await writeIds(dir, `${makeIds(10).join('\n')}\n`)
    const seenBefore = proxy.seen.length
    const requestsBefore = sandbox.stats().requests.length
    const run = await runScanned(sandbox, TOKEN, inputs({ 'ids-file': file }), {
      dir,
      env: {
        HTTPS_PROXY: proxy.url.replace('//', `//${PROXY_USER}:wr0ng-Pass@`),
        NODE_EXTRA_CA_CERTS: caFile
      }
    })
    expect(run.code).toBe(1)
    const errors = run.stdout.split('\n').filter(l => l.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(
      `the proxy ${proxy.url} refused the request (407 Proxy Authentication Required)`
    )
    expect(run.stdout).not.toContain('Retrying')
    expect(proxy.seen.length - seenBefore).toBe(1) // the create's CONNECT, refused, never tried again
    expect(sandbox.stats().requests.length).toBe(requestsBefore)
    expect(run.stdout + run.stderr + run.summary).not.toContain('wr0ng-Pass')
    expectNoProxySecrets(run)
  })

  it('fails at once, naming the variable but not its value, on a malformed proxy URL', async () => {
    const dir = await makeRunDir()
    const file = await writeIds(dir, `${makeIds(10).join('\n')}\n`)
    const run = await runScanned(sandbox, TOKEN, inputs({ 'ids-file': file }), {
      dir,
      env: { HTTPS_PROXY: `http://${PROXY_USER}:${PROXY_PASS}@[oops` }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('HTTPS_PROXY is not a valid proxy URL')
    expectNoProxySecrets(run)
  })
})
