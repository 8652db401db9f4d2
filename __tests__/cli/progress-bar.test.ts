import { describe, expect, it } from '@jest/globals'
import { clock, ProgressBar, renderStatus, renderUpload } from '../../src/cli/progress-bar.js'

const MiB = 1024 * 1024

function fakeTerminal(columns = 80) {
  let t = 1_000_000
  const writes: string[] = []
  const stream = { columns, write: (s: string) => void writes.push(s) }
  const time = { now: () => t }
  return {
    bar: new ProgressBar(stream, time),
    writes,
    advance: (ms: number) => (t += ms),
    /** what the terminal shows: the text after the last line clear on the last line */
    screen: () =>
      writes
        .join('')
        .split('\n')
        .map(l => l.split('\r\x1b[K').at(-1))
  }
}

describe('renderUpload', () => {
  it('shows acknowledged bytes, percent, MB/s and ETA', () => {
    const line = renderUpload({ acknowledged: 1.5 * MiB, total: 3 * MiB, rate: 2e6, width: 100 })
    expect(line).toMatch(/^Upload \[#+-+\] {2}50% {2}1\.5\/3\.0 MiB {2}2\.0 MB\/s {2}ETA 0:01$/)
    expect(line.length).toBeLessThan(100)
    expect(renderUpload({ acknowledged: 0, total: 3 * MiB, width: 80 })).toMatch(/-- MB\/s {2}ETA --:--$/)
  })

  it('fits narrow terminals, dropping the bar first', () => {
    const line = renderUpload({ acknowledged: MiB, total: 4 * MiB, rate: 1e6, width: 40 })
    expect(line.length).toBeLessThanOrEqual(39)
    expect(line).not.toContain('[')
  })

  it('formats durations as m:ss and h:mm:ss', () => {
    expect(clock(0)).toBe('0:00')
    expect(clock(61.2)).toBe('1:02')
    expect(clock(3725)).toBe('1:02:05')
    expect(renderStatus('Job 1: in_progress', 65_000, 80)).toBe('Job 1: in_progress, waited 1:05')
  })
})

describe('ProgressBar with a fake clock', () => {
  it('measures MB/s over the last seconds and redraws at most every 100 ms', () => {
    const term = fakeTerminal()
    const { bar } = term
    bar.setUpload(0, 10 * MiB)
    expect(bar.rate()).toBeUndefined()
    for (let i = 1; i <= 10; i++) {
      term.advance(50)
      bar.setUpload(i * 100_000, 10 * MiB) // 2 MB/s
    }
    expect(bar.rate()).toBeCloseTo(2e6, -3)
    const draws = term.writes.filter(w => w.startsWith('\r\x1b[K')).length
    expect(draws).toBeLessThanOrEqual(6) // 500 ms of updates every 50 ms
    // the rate follows a slowdown within the window
    for (let i = 0; i < 120; i++) {
      term.advance(100)
      bar.setUpload(1_000_000 + (i + 1) * 50_000, 10 * MiB) // 0.5 MB/s
    }
    expect(bar.rate()).toBeCloseTo(5e5, -3)
    expect(term.screen().at(-1)).toMatch(/0\.5 MB\/s {2}ETA 0:0[0-9]|0\.5 MB\/s {2}ETA 0:\d\d/)
  })

  it('prints log lines above the bar and redraws it', () => {
    const term = fakeTerminal()
    term.bar.setUpload(MiB, 4 * MiB)
    term.bar.log('Retrying the upload after HTTP 503')
    const screen = term.screen()
    expect(screen).toEqual(['Retrying the upload after HTTP 503', expect.stringMatching(/^Upload .* 25% /)])
  })

  it('switches to the job status, counting the time waited', () => {
    const term = fakeTerminal()
    term.bar.setUpload(4 * MiB, 4 * MiB)
    term.bar.setStatus('Job 7: in_progress', true)
    term.advance(12_000)
    term.bar.tick()
    expect(term.screen().at(-1)).toBe('Job 7: in_progress, waited 0:12')
    term.bar.setStatus('Job 7: complete')
    expect(term.screen().at(-1)).toBe('Job 7: complete')
  })

  it('leaves a clean line when stopped', () => {
    const term = fakeTerminal()
    term.bar.setUpload(MiB, 2 * MiB)
    term.bar.stop()
    term.bar.log('done')
    expect(term.writes.join('')).toMatch(/\r\x1b\[Kdone\n$/)
    term.bar.setUpload(2 * MiB, 2 * MiB)
    expect(term.writes.join('')).toMatch(/done\n$/)
  })
})

describe('in-flight bytes', () => {
  it('draws acknowledged bytes as # and bytes sent but not yet acknowledged as =', () => {
    const line = renderUpload({ acknowledged: MiB, sent: 2 * MiB, total: 4 * MiB, rate: 1e6, width: 100 })
    const bar = /\[([#=-]+)\]/.exec(line)![1]
    expect(bar).toMatch(/^#+=+-+$/)
    expect(bar.split('#').length - 1).toBe(bar.split('=').length - 1)
    expect(line).toContain(' 25%  1.0/4.0 MiB')
  })

  it('measures the rate on the send cursor and starts over when a fault moves it back', () => {
    const term = fakeTerminal()
    term.bar.setUpload(0, 8 * MiB, 0)
    term.advance(500)
    term.bar.setUpload(0, 8 * MiB, 1_000_000) // nothing acknowledged yet, 2 MB/s sent
    expect(term.bar.rate()).toBeCloseTo(2e6, -3)
    term.advance(500)
    term.bar.setUpload(262_144, 8 * MiB, 262_144) // reset: resume from the server's offset
    expect(term.bar.rate()).toBeUndefined()
  })
})
