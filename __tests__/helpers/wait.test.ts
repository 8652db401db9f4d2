// The polling helper every test waits with: it must end, and say what it was waiting for.
import { describe, expect, it } from '@jest/globals'
import { waitUntil } from './wait.js'

describe('waitUntil', () => {
  it('resolves once the condition holds, sync or async', async () => {
    let n = 0
    await waitUntil(() => ++n >= 3, { what: 'three polls', intervalMs: 1 })
    expect(n).toBe(3)
    await waitUntil(async () => true, { what: 'an async condition' })
  })

  it('times out naming what it waited for, with the detail', async () => {
    await expect(
      waitUntil(() => false, { what: 'the moon', timeoutMs: 30, intervalMs: 5, detail: () => 'still dark' })
    ).rejects.toThrow('timed out after 30 ms waiting for the moon\nstill dark')
  })

  it('stops at once when the condition throws', async () => {
    let n = 0
    const fail = () => {
      n++
      throw new Error('the process exited')
    }
    await expect(waitUntil(fail, { what: 'never', timeoutMs: 10_000 })).rejects.toThrow('the process exited')
    expect(n).toBe(1)
  })
})
