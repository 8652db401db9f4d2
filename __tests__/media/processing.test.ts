import { describe, expect, it } from '@jest/globals'
import type { MediaClient, MediaInfo } from '../../src/media/client.js'
import { ProcessingFailedError, ProcessingTimeoutError, waitForProcessing } from '../../src/media/flow.js'
import type { MediaReport } from '../../src/media/report.js'
import type { Logger } from '../../src/action/log.js'
import { fakeClock } from '../helpers/fake-transport.js'

const log = { info: () => undefined } as unknown as Logger
const report = (): MediaReport => ({
  file: 'v.mp4',
  mediaType: 'video/mp4',
  category: 'tweet_video',
  size: 1,
  segmentSize: 1,
  bytesUploaded: 1,
  faultsRecovered: 0,
  altText: false
})

function client(answers: MediaInfo['processing_info'][], clock: ReturnType<typeof fakeClock>, at: number[]) {
  let i = 0
  return {
    status: async (id: string) => {
      at.push(clock.now())
      return { id, processing_info: answers[Math.min(i++, answers.length - 1)] }
    }
  } as unknown as MediaClient
}

describe('waiting for processing', () => {
  it('polls no earlier than check_after_secs (at least 1 s) after each answer', async () => {
    const clock = fakeClock(0)
    const at: number[] = []
    const c = client(
      [
        { state: 'in_progress', check_after_secs: 3, progress_percent: 40 },
        { state: 'in_progress', check_after_secs: 0 },
        { state: 'succeeded', progress_percent: 100 }
      ],
      clock,
      at
    )
    const info = await waitForProcessing(
      c,
      '7',
      { state: 'pending', check_after_secs: 2 },
      0,
      10,
      { log, clock, signal: new AbortController().signal } as never,
      report()
    )
    expect(info.state).toBe('succeeded')
    expect(at).toEqual([2000, 5000, 6000])
  })

  it('quotes processing_info.error when processing failed', async () => {
    const clock = fakeClock(0)
    const c = client(
      [{ state: 'failed', error: { code: 3, name: 'UnsupportedMedia', message: 'Duration too long' } }],
      clock,
      []
    )
    const r = report()
    await expect(
      waitForProcessing(
        c,
        '7',
        { state: 'pending', check_after_secs: 1 },
        0,
        10,
        { log, clock, signal: new AbortController().signal } as never,
        r
      )
    ).rejects.toThrow(
      new ProcessingFailedError(
        "X could not process media 7: UnsupportedMedia: Duration too long. Check the file against X's media requirements (format, duration, size) and upload a fixed one."
      )
    )
    expect(r.processingState).toBe('failed')
  })

  it('gives up at processing-timeout-minutes counted from finalize', async () => {
    const clock = fakeClock(0)
    const at: number[] = []
    const c = client([{ state: 'in_progress', check_after_secs: 10, progress_percent: 5 }], clock, at)
    await expect(
      waitForProcessing(
        c,
        '7',
        { state: 'pending', check_after_secs: 10 },
        0,
        1,
        { log, clock, signal: new AbortController().signal } as never,
        report()
      )
    ).rejects.toBeInstanceOf(ProcessingTimeoutError)
    expect(at).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000])
    expect(clock.now()).toBeLessThanOrEqual(60_000)
  })
})
