// Randomized: the real uploader (node:http) against the real sandbox through 200 seeded random sequences
// of F-presets. Reproduce a run with FAULT_SEED=<seed> (printed; CI uses the default).
//  1. A sequence of survivable faults only always ends with the object identical to the file.
//  2. Any sequence (fatal faults included) never ends in success with other bytes, and the server never
//     holds a finalized object that differs from the file.
import { describe, expect, it } from '@jest/globals'
import { createCipheriv } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { fPresetList, type FaultPlan, type FPreset } from '../../src/sandbox/index.js'
import { BLOCK } from './fake-gcs.js'
import { tempPath, useTempDir } from './harness.js'
import { runThroughSandbox, sha256 } from './sandbox-run.js'

useTempDir('upload-random-')

const SEED = Number(process.env.FAULT_SEED ?? 20_240_601)
const SURVIVABLE_RUNS = 130
const MIXED_RUNS = 70

/** mulberry32: small, fast, good enough to pick faults and bytes reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Reproducible bytes, fast: AES-128-CTR over zeros, keyed by the PRNG. */
function randomBytes(rand: () => number, n: number): Buffer {
  const key = Buffer.alloc(16)
  for (let i = 0; i < 16; i += 4) key.writeUInt32LE((rand() * 4294967296) >>> 0, i)
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
  return Buffer.concat([cipher.update(Buffer.alloc(n)), cipher.final()])
}

const SURVIVABLE_IDS = new Set(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12'])
for (const id of ['F13', 'F14', 'F15', 'F17', 'F21', 'F22', 'F25']) SURVIVABLE_IDS.add(id)
const survivablePool = fPresetList.filter(p => SURVIVABLE_IDS.has(p.id))

interface Outcome {
  run: number
  presets: string[]
  size: number
  ok: boolean
  identical: boolean
  finalizedIdentical: boolean | undefined
  faults: number
  error?: string
}

/** One sequence: 1-3 presets (repeats allowed) on a 0.5-3 MiB file in 256 KiB chunks. */
async function sequence(rand: () => number, pool: readonly FPreset[], run: number): Promise<Outcome> {
  const size = Math.floor(512 * 1024 + rand() * 2.5 * 1024 * 1024)
  const presets = Array.from(
    { length: 1 + Math.floor(rand() * 3) },
    () => pool[Math.floor(rand() * pool.length)]
  )
  const plan: FaultPlan = presets.flatMap(p => p.plan)
  const data = randomBytes(rand, size)
  const path = tempPath(`random-${run}.bin`)
  await writeFile(path, data)
  try {
    const r = await runThroughSandbox({
      path,
      size,
      plan,
      chunkSize: BLOCK,
      // Tiny delays; enough tries to outlast F21's 300 ms refusal on top of other faults.
      retry: { maxRetries: 30, baseDelayMs: 2, maxDelayMs: 40 },
      stallTimeoutMs: 250
    })
    const want = sha256(data)
    const object = r.job.object
    return {
      run,
      presets: presets.map(p => p.name),
      size,
      ok: r.error === undefined,
      identical: object !== undefined && sha256(object) === want && r.result?.bytes === size,
      finalizedIdentical:
        r.job.finalizedAt === undefined ? undefined : object !== undefined && sha256(object) === want,
      faults: r.faultsInjected,
      error: r.error?.message
    }
  } finally {
    await rm(path, { force: true })
  }
}

async function runAll(seed: number, pool: readonly FPreset[], runs: number): Promise<Outcome[]> {
  const rand = prng(seed)
  const outcomes: Outcome[] = []
  for (let i = 0; i < runs; i++) outcomes.push(await sequence(rand, pool, i))
  return outcomes
}

describe(`random fault sequences (FAULT_SEED=${SEED})`, () => {
  it(`${SURVIVABLE_RUNS} sequences of survivable faults all end with an identical object`, async () => {
    const started = Date.now()
    const outcomes = await runAll(SEED, survivablePool, SURVIVABLE_RUNS)
    console.log(`FAULT_SEED=${SEED}: ${SURVIVABLE_RUNS} survivable sequences in ${Date.now() - started} ms`)
    const bad = outcomes.filter(o => !o.ok || !o.identical)
    expect(bad).toEqual([])
    // The faults really happen (a rule on a late chunk may find a small file too short).
    expect(outcomes.filter(o => o.faults > 0).length).toBeGreaterThan(0.9 * SURVIVABLE_RUNS)
  }, 120_000)

  it(`${MIXED_RUNS} sequences with fatal faults too never succeed with other bytes`, async () => {
    const started = Date.now()
    const outcomes = await runAll(SEED + 1, fPresetList, MIXED_RUNS)
    console.log(
      `FAULT_SEED=${SEED}: ${MIXED_RUNS} mixed sequences in ${Date.now() - started} ms, ` +
        `${outcomes.filter(o => o.ok).length} succeeded`
    )
    const bad = outcomes.filter(
      o =>
        (o.ok && !o.identical) ||
        o.finalizedIdentical === false ||
        (!o.ok && /https?:|upload_id|signature/i.test(o.error ?? ''))
    )
    expect(bad).toEqual([])
    // Both ends must be exercised: some fail (fatal faults), most succeed.
    expect(outcomes.some(o => !o.ok)).toBe(true)
    expect(outcomes.some(o => o.ok)).toBe(true)
  }, 120_000)
})
