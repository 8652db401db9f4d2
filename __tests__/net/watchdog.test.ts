import { describe, expect, it } from '@jest/globals'
import { Watchdog } from '../../src/net/watchdog.js'

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('Watchdog', () => {
  it('never fires while kicked steadily for three times the timeout, then fires once', async () => {
    let fired = 0
    const dog = new Watchdog(300, () => fired++)
    dog.arm()
    for (let i = 0; i < 9; i++) {
      await sleep(100)
      dog.kick()
    }
    expect(fired).toBe(0)
    const stopped = performance.now()
    while (fired === 0 && performance.now() - stopped < 3000) await sleep(20)
    expect(fired).toBe(1)
    expect(performance.now() - stopped).toBeGreaterThanOrEqual(250)
    await sleep(400)
    expect(fired).toBe(1)
  })

  it('does not fire while disarmed, and counts afresh from arm()', async () => {
    let fired = 0
    const dog = new Watchdog(150, () => fired++)
    dog.arm()
    dog.disarm()
    await sleep(300)
    expect(fired).toBe(0)
    dog.arm()
    await sleep(100)
    expect(fired).toBe(0)
    await sleep(300)
    expect(fired).toBe(1)
    dog.disarm()
  })
})
