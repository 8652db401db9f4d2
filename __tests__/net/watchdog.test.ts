// Fake timers (performance.now included): the watchdog's timing is checked to the millisecond, with no real sleeps.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Watchdog } from '../../src/net/watchdog.js'

beforeEach(() => {
  jest.useFakeTimers()
})
afterEach(() => {
  jest.useRealTimers()
})

describe('Watchdog', () => {
  it('never fires while kicked steadily for three times the timeout, then fires once', () => {
    let fired = 0
    const dog = new Watchdog(300, () => fired++)
    dog.arm()
    for (let i = 0; i < 9; i++) {
      jest.advanceTimersByTime(100)
      dog.kick()
    }
    expect(fired).toBe(0)
    // The last kick was at 900 ms: silence from then on fires at 1200 ms, not a millisecond before.
    jest.advanceTimersByTime(299)
    expect(fired).toBe(0)
    jest.advanceTimersByTime(1)
    expect(fired).toBe(1)
    jest.advanceTimersByTime(10_000)
    expect(fired).toBe(1)
  })

  it('does not fire while disarmed, and counts afresh from arm()', () => {
    let fired = 0
    const dog = new Watchdog(150, () => fired++)
    dog.arm()
    dog.disarm()
    jest.advanceTimersByTime(300)
    expect(fired).toBe(0)
    dog.arm()
    jest.advanceTimersByTime(149)
    expect(fired).toBe(0)
    jest.advanceTimersByTime(1)
    expect(fired).toBe(1)
    dog.disarm()
  })

  it('a kick while disarmed does not start a timer', () => {
    let fired = 0
    const dog = new Watchdog(100, () => fired++)
    dog.kick()
    jest.advanceTimersByTime(1000)
    expect(fired).toBe(0)
    expect(jest.getTimerCount()).toBe(0)
  })

  it('never fires again once it has fired, even when armed again', () => {
    let fired = 0
    const dog = new Watchdog(100, () => fired++)
    dog.arm()
    jest.advanceTimersByTime(100)
    expect(fired).toBe(1)
    dog.arm()
    jest.advanceTimersByTime(1000)
    expect(fired).toBe(1)
  })
})
