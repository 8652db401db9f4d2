// End to end under faults: `node dist/index.js` exactly as the runner runs it, against the sandbox with a fault
// plan per test. Every run is leak-scanned; every recoverable fault must end in a complete, byte-exact job.
// Each test has a sandbox of its own, so the tests run concurrently (most of a run is waiting for a poll).
import { describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import {
  expectedResults,
  faultPresets,
  startSandbox,
  type Fault,
  type FaultPlan,
  type FaultRule,
  type RequestRecord,
  type Sandbox,
  type SandboxOptions
} from '../../src/sandbox/index.js'
import { makeRunDir, type ActionRun } from '../helpers/action-runner.js'
import {
  expectCompleteRun,
  faultsRecovered,
  KiB,
  lastSeq,
  makeIds,
  requestsSince,
  runScanned,
  sandboxInputs,
  settleJobs,
  sha256,
  writeIds
} from '../helpers/e2e-sandbox.js'

const TOKEN = 'e2e-faults-Tk9%3Dp'
const BLOCK = 256 * KiB
let seed = 100

interface FaultRun {
  run: ActionRun
  ids: string[]
  content: string
  /** the sandbox's requests during the run */
  reqs: RequestRecord[]
  /** faults the sandbox injected during the run */
  injected: number
}

/**
 * One run of the action against `sandbox` with `plan` set for it (and cleared after): a fresh ID file of `n`
 * IDs (~20 bytes each), 256 KiB chunks, fast retries and 1 s polls unless `over` says otherwise.
 */
async function runWith(
  sandbox: Sandbox,
  plan: FaultPlan,
  over: Record<string, string> = {},
  n = 40_000
): Promise<FaultRun> {
  const dir = await makeRunDir()
  const ids = makeIds(n, seed++)
  const content = `${ids.join('\n')}\n`
  const file = await writeIds(dir, content)
  const before = lastSeq(sandbox)
  const injectedBefore = sandbox.stats().faultsInjected
  sandbox.setFaults(plan)
  try {
    const run = await runScanned(
      sandbox,
      TOKEN,
      sandboxInputs(sandbox, TOKEN, {
        'ids-file': file,
        'chunk-size': '256KiB',
        'request-timeout-seconds': '5',
        ...over
      }),
      { dir }
    )
    return {
      run,
      ids,
      content,
      reqs: requestsSince(sandbox, before),
      injected: sandbox.stats().faultsInjected - injectedBefore
    }
  } finally {
    sandbox.setFaults([])
  }
}

/**
 * A test body with a sandbox of its own (so tests can run concurrently: faults, jobs and the one-active-job rule
 * never cross), closed afterwards; on success no job is left active.
 */
async function scenario(opts: SandboxOptions, body: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox({ token: TOKEN, processingMs: 100, ...opts })
  try {
    await body(sandbox)
    await settleJobs(sandbox, TOKEN)
  } finally {
    await sandbox.close()
  }
}

/**
 * A recovered run: complete and byte-exact, all `faults` injected faults fired, and the summary's "Faults
 * recovered" counts at least `counted` of them (all but those the client cannot see as failures: a server keeping
 * less than it received, an honoured `x-rate-limit-remaining: 0`, an empty final 200).
 */
async function expectRecovered(sandbox: Sandbox, r: FaultRun, faults: number, counted = faults) {
  const job = await expectCompleteRun(r.run, sandbox, r)
  expect(r.injected).toBe(faults)
  expect(faultsRecovered(r.run.summary)).toBeGreaterThanOrEqual(counted)
  expect(r.run.summary).toContain('<td>Status</td><td>complete</td>')
  return job
}

const of = (reqs: RequestRecord[], kind: RequestRecord['kind']) => reqs.filter(q => q.kind === kind)
/** x-rate-limit-reset (ms) the sandbox sent for a window exhausted at `at` for `seconds`: never before at + s. */
const resetMs = (at: number, seconds: number) => Math.ceil((at + seconds * 1000) / 1000) * 1000

describe('upload faults', () => {
  it.concurrent.each<[string, FaultRule & { do: { status: number; keepBytes?: number } }]>([
    ['503 on chunk 2', { on: 'chunk', nth: 2, do: { status: 503 } }],
    ['408 on chunk 3', { on: 'chunk', nth: 3, do: { status: 408 } }],
    ['500 on the final chunk', { on: 'chunk', final: true, do: { status: 500 } }],
    [
      '502 on chunk 2 after keeping 256 KiB of it',
      { on: 'chunk', nth: 2, do: { status: 502, keepBytes: BLOCK } }
    ]
  ])('recovers from %s by asking the server first', (_name, rule) =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [rule], rule.do.keepBytes ? { 'chunk-size': '512KiB' } : {})
      await expectRecovered(sandbox, r, 1)
      const i = r.reqs.findIndex(q => q.fault !== undefined)
      expect(r.reqs[i]).toMatchObject({ kind: 'chunk', status: rule.do.status })
      expect(r.reqs[i + 1].kind).toBe('status') // never resent blindly
      if (rule.do.keepBytes) expect(r.reqs[i + 1].range).toBe(`bytes=0-${3 * BLOCK - 1}`)
    })
  )

  it.concurrent(
    'recovers from a reset after 300 KiB of a 512 KiB chunk, keeping the whole block received',
    () =>
      scenario({}, async sandbox => {
        const r = await runWith(
          sandbox,
          [{ on: 'chunk', nth: 2, do: { reset: { afterBytes: 300 * KiB } } }],
          { 'chunk-size': '512KiB' },
          50_000 // 1 MB: the second chunk (475,712 bytes) breaks after 300 KiB
        )
        await expectRecovered(sandbox, r, 1)
        const i = r.reqs.findIndex(q => q.fault === 'reset')
        expect(r.reqs[i]).toMatchObject({ kind: 'chunk', status: 0, outcome: 'reset' })
        expect(r.reqs[i].bytesReceived).toBeLessThan(475_712)
        expect(r.reqs[i].contentRange).toMatch(/^bytes 524288-/)
        expect(r.reqs[i + 1]).toMatchObject({
          kind: 'status',
          status: 308,
          range: `bytes=0-${3 * BLOCK - 1}`
        })
        expect(r.reqs[i + 2].contentRange).toMatch(new RegExp(`^bytes ${3 * BLOCK}-`))
      })
  )

  it.concurrent('continues from the Range when the server keeps less than it received', () =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [{ on: 'chunk', nth: 1, do: { keepLess: BLOCK } }], {
        'chunk-size': '512KiB'
      })
      // Keeping less is the protocol's right, not a failure: it need not count as a recovered fault.
      await expectRecovered(sandbox, r, 1, 0)
      const chunks = of(r.reqs, 'chunk')
      expect(chunks[0]).toMatchObject({ status: 308, range: `bytes=0-${BLOCK - 1}` })
      expect(chunks[1].contentRange).toMatch(new RegExp(`^bytes ${BLOCK}-${3 * BLOCK - 1}/`))
    })
  )

  it.concurrent.each<[string, FaultPlan, number]>([
    ['on chunk 2', [{ on: 'chunk', nth: 2, do: { dropAll: true } }], 1],
    // The status query after a 503 finds nothing kept; only the 503 is a failure the client sees.
    [
      'on the status query after a 503',
      [
        { on: 'chunk', nth: 3, do: { status: 503 } },
        { on: 'status', nth: 1, do: { dropAll: true } }
      ],
      1
    ]
  ])(
    'starts over from byte 0 when the server loses everything (308 without Range) %s',
    (_name, plan, counted) =>
      scenario({}, async sandbox => {
        const r = await runWith(sandbox, plan)
        await expectRecovered(sandbox, r, plan.length, counted)
        const i = r.reqs.findIndex(q => q.fault === 'dropAll')
        expect(r.reqs[i].status).toBe(308)
        expect(r.reqs[i].range).toBeUndefined()
        expect(r.reqs[i + 1].contentRange).toMatch(/^bytes 0-262143\//)
      })
  )

  it.concurrent.each<[404 | 410 | 499]>([[404], [410], [499]])(
    'replaces a session that answers %i with a new one',
    code =>
      scenario({}, async sandbox => {
        const r = await runWith(sandbox, [{ on: 'chunk', nth: 2, do: { sessionGone: code } }])
        const job = await expectRecovered(sandbox, r, 1)
        expect(job.sessionsStarted).toBe(2)
        const gone = r.reqs.findIndex(q => q.fault === 'sessionGone')
        expect(r.reqs[gone].status).toBe(code)
        expect(r.reqs[gone + 1].kind).toBe('start')
        expect(r.reqs[gone + 2].contentRange).toMatch(/^bytes 0-262143\//)
      })
  )

  it.concurrent.each<[string, Fault, number]>([
    ['the final answer is lost (reset after the commit)', { loseFinalResponse: true }, 1],
    ['the final answer is truncated', { truncateFinalResponse: true }, 1],
    // An empty 200 is success on the wire: nothing to count, but the object must be whole.
    ['the final answer has an empty body', { truncateFinalResponse: 'empty' }, 0]
  ])('finishes when %s', (_name, fault, counted) =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [{ on: 'chunk', final: true, do: fault }])
      await expectRecovered(sandbox, r, 1, counted)
    })
  )

  it.concurrent(
    'recovers from two faults in one run: a reset mid-chunk, then a 503 on the status query',
    () =>
      scenario({}, async sandbox => {
        const r = await runWith(sandbox, [
          { on: 'chunk', nth: 2, do: { reset: { afterBytes: 100 * KiB } } },
          { on: 'status', nth: 1, do: { status: 503 } }
        ])
        await expectRecovered(sandbox, r, 2)
        expect(r.reqs.filter(q => q.fault).map(q => `${q.kind} ${q.fault}`)).toEqual([
          'chunk reset',
          'status status 503'
        ])
      })
  )

  it.concurrent(
    'recovers from a rough network (seven faults: start, chunks, status query, final answer, poll)',
    () =>
      scenario({}, async sandbox => {
        // faultPresets['rough-network'], on 2.5 MB in 512 KiB chunks so that every rule fires.
        const r = await runWith(sandbox, faultPresets['rough-network'], { 'chunk-size': '512KiB' }, 125_000)
        // keepLess is not a failure (see above): 6 of the 7 must be counted.
        await expectRecovered(sandbox, r, 7, 6)
      })
  )
})

describe('stalls: the request-timeout-seconds watchdog', () => {
  it.concurrent.each<[string, 'chunk' | 'get' | 'download', Fault]>([
    ['the body was read but no answer comes', 'chunk', { stall: {} }],
    ['the server stops reading mid-body', 'chunk', { stall: { afterBytes: 100 * KiB } }],
    ['a poll gets no answer', 'get', { stall: {} }],
    ['the results download stops mid-body', 'download', { stall: { afterBytes: 100 } }]
  ])('aborts and recovers when %s', (_name, on, fault) =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [{ on, nth: on === 'chunk' ? 2 : 1, do: fault }], {
        'request-timeout-seconds': '2'
      })
      await expectRecovered(sandbox, r, 1)
      const i = r.reqs.findIndex(q => q.fault === 'stall')
      expect(r.reqs[i].status).toBe(0) // never answered
      // The next request came after the watchdog's 2 s (generous bounds: the machine may be busy).
      const gap = r.reqs[i + 1].startedAt - r.reqs[i].startedAt
      expect(gap).toBeGreaterThanOrEqual(1500)
      expect(gap).toBeLessThan(20_000)
      expect(r.reqs[i + 1].kind).toBe(on === 'chunk' ? 'status' : on)
      if (on === 'download') expect(r.reqs[i + 1].status).toBe(206) // resumed with Range
    })
  )
})

describe('X API and download faults', () => {
  it.concurrent.each<[string, Fault]>([
    ['its answer is lost', { loseFinalResponse: true }],
    ['it answers 503', { status: 503, commit: true }],
    ['it never answers (the watchdog fires)', { stall: {} }]
  ])('adopts the job of an ambiguous create that was committed but %s', (_name, fault) =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [{ on: 'create', do: fault }], {
        'job-name': 'e2e ambiguous create',
        'request-timeout-seconds': '2'
      })
      const job = await expectRecovered(sandbox, r, 1)
      expect(job.name).toBe('e2e ambiguous create')
      expect(sandbox.jobs().map(j => j.id)).toEqual([job.id]) // never two jobs
      expect(of(r.reqs, 'create')).toHaveLength(1) // never a second create
      expect(of(r.reqs, 'list').length).toBeGreaterThanOrEqual(1)
    })
  )

  it.concurrent('creates again, once, when an ambiguous create was not committed', () =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [{ on: 'create', do: { status: 503 } }])
      const job = await expectRecovered(sandbox, r, 1)
      expect(sandbox.jobs().map(j => j.id)).toEqual([job.id])
      expect(of(r.reqs, 'create').map(q => q.status)).toEqual([503, 200])
    })
  )

  it.concurrent('resumes a broken results download with Range and writes the exact results', () =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [{ on: 'download', do: { reset: { afterBytes: 100 } } }])
      await expectRecovered(sandbox, r, 1)
      const expected = `${expectedResults(r.ids, 'tweets').join('\n')}\n`
      expect(await fs.readFile(r.run.outputs['results-file'], 'utf8')).toBe(expected)
      const downloads = of(r.reqs, 'download')
      expect(downloads[0]).toMatchObject({ fault: 'reset', outcome: 'truncated' })
      // A 206 only ever answers a Range request.
      expect(downloads.slice(1).map(q => q.status)).toEqual([206])
    })
  )

  it.concurrent.each<['failed' | 'expired', string | undefined]>([
    ['failed', 'Internal error while processing'],
    ['expired', undefined]
  ])('fails with "job N ended with status %s"', (status, error) =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [
        { on: 'create', do: { jobOutcome: status, ...(error ? { error } : {}) } }
      ])
      const o = r.run.outputs
      expect(r.run.code).toBe(1)
      const job = sandbox.job(o['job-id'])!
      expect(job.status).toBe(status)
      expect(sha256(job.object!)).toBe(sha256(r.content)) // the upload itself was whole
      const message = `job ${job.id} ended with status ${status}${error ? `: ${error}` : ''}`
      expect(r.run.stdout).toContain(`::error::${message}`)
      expect(r.run.summary).toContain(message)
      expect(o.status).toBe(status)
      expect(o['bytes-uploaded']).toBe(String(r.content.length))
      for (const k of ['results-file', 'results-count', 'counts']) expect(o[k]).toBe('')
      expect(of(r.reqs, 'download')).toEqual([])
    })
  )
})

describe('rate limits: never earlier than x-rate-limit-reset', () => {
  /** The first request of `kind` hit the limit (reset = now + 2 s); the next one came at or after the reset. */
  function expectWaitedForReset(reqs: RequestRecord[], kind: RequestRecord['kind']) {
    const all = of(reqs, kind)
    const hit = all.findIndex(q => q.fault === 'rateLimit')
    expect(hit).toBeGreaterThanOrEqual(0)
    expect(all[hit + 1]).toBeDefined()
    const reset = resetMs(all[hit].startedAt, 2)
    expect(all[hit + 1].startedAt).toBeGreaterThanOrEqual(reset)
    expect(all[hit + 1].startedAt).toBeLessThan(reset + 20_000)
  }

  it.concurrent.each<['create' | 'get']>([['create'], ['get']])(
    'waits for the reset after a 429 on %s',
    kind =>
      scenario({}, async sandbox => {
        const r = await runWith(sandbox, [{ on: kind, do: { rateLimit: { resetInSeconds: 2 } } }])
        await expectRecovered(sandbox, r, 1)
        expect(of(r.reqs, kind)[0].status).toBe(429)
        expectWaitedForReset(r.reqs, kind)
        expect(sandbox.jobs()).toHaveLength(1)
        if (kind === 'create') expect(of(r.reqs, 'create').map(q => q.status)).toEqual([429, 200])
      })
  )

  it.concurrent('waits for the reset after x-rate-limit-remaining: 0 on a poll', () =>
    // Processing outlasts the first poll, so a second poll is needed, and it must wait for the reset.
    scenario({ processingMs: 2500 }, async sandbox => {
      const r = await runWith(sandbox, [
        { on: 'get', do: { rateLimit: { resetInSeconds: 2, mode: 'exhaust' } } }
      ])
      // Honouring remaining: 0 is not a failure: nothing need be counted.
      await expectRecovered(sandbox, r, 1, 0)
      const gets = of(r.reqs, 'get')
      expect(gets[0]).toMatchObject({ status: 200, fault: 'rateLimit' })
      expect(gets.map(q => q.status)).not.toContain(429) // it never ran into the limit
      expectWaitedForReset(r.reqs, 'get')
    })
  )
})

describe('upload URL expiry', () => {
  /** The upload window (2 s) passes during a slow chunk answer; then the session is lost. */
  const expiredRun = (sandbox: Sandbox) =>
    runWith(
      sandbox,
      [
        { on: 'chunk', nth: 1, do: { stall: { ms: 3000 } } },
        { on: 'chunk', nth: 2, do: { sessionGone: 404 } }
      ],
      { 'request-timeout-seconds': '10' }
    )

  it.concurrent('fails naming upload_expires_at when the session is lost after the upload URL expired', () =>
    scenario({ uploadWindowMs: 2000 }, async sandbox => {
      const r = await expiredRun(sandbox)
      expect(r.run.code).toBe(1)
      expect(r.injected).toBe(2)
      const job = sandbox.job(r.run.outputs['job-id'])!
      const error = r.run.stdout.split('\n').find(l => l.startsWith('::error::')) ?? ''
      expect(error).toMatch(/upload session was lost/)
      expect(error).toContain(job.upload_expires_at)
      expect(r.run.summary).toContain(job.upload_expires_at)
      expect(['created', 'expired']).toContain(r.run.outputs.status)
      expect(r.run.outputs['bytes-uploaded']).toBe('')
      // No new session was tried with the expired URL.
      expect(job.sessionsStarted).toBe(1)
      const gone = r.reqs.findIndex(q => q.fault === 'sessionGone')
      expect(r.reqs.slice(gone + 1).filter(q => ['start', 'chunk', 'status'].includes(q.kind))).toEqual([])
    })
  )

  it.concurrent(
    'after the upload URL expired, neither warns that the job blocks new jobs nor advises job-id',
    () =>
      scenario({ uploadWindowMs: 2000 }, async sandbox => {
        const r = await expiredRun(sandbox)
        expect(r.run.code).toBe(1)
        const job = sandbox.job(r.run.outputs['job-id'])!
        expect(job.status).toBe('expired') // X no longer counts it as active
        // The cancel of an expired job is refused (400): that must not become "it blocks new tweets jobs";
        // and as the error says "create a new job", the summary must not advise rerunning with this job's id.
        const lines = r.run.stdout.split('\n')
        expect({
          warnings: lines.filter(l => l.startsWith('::warning::') && /blocks new tweets jobs/.test(l)),
          rerunWithJobId: r.run.summary.includes(`rerun with job-id: ${job.id}`)
        }).toEqual({ warnings: [], rerunWithJobId: false })
      })
  )
})
