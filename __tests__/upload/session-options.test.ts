// What the caller of the generic GCS session passes besides the start request: headers for every request (Redivis
// wants its token on each) and a store for the session between runs.
import { describe, expect, it } from '@jest/globals'
import type { HttpRequest, Transport } from '../../src/net/transport.js'
import { uploadResumable } from '../../src/upload/gcs-resumable.js'
import { expectIntact, options, setup, SIZE, useTempDir } from './harness.js'

useTempDir('upload-session-options-')

/** Records every request as sent, then hands it on without the caller's headers (the fake is strict about them). */
function recording(inner: Transport, sent: HttpRequest[]): Transport {
  return req => {
    sent.push(req)
    const headers = { ...req.headers }
    delete headers.authorization
    if (req.method !== 'POST') delete headers['x-goog-resumable']
    return inner({ ...req, headers })
  }
}

describe('uploadResumable: caller headers and the session store', () => {
  it('sends the caller headers on the start, every chunk and every status query; start headers win', async () => {
    const run = await setup(SIZE, [{ on: 'chunk', nth: 2, do: { networkError: 'ECONNRESET' } }])
    const sent: HttpRequest[] = []
    await uploadResumable(
      options(run, {
        transport: recording(run.fake.transport, sent),
        headers: { authorization: 'Bearer redivis-token', 'x-goog-resumable': 'not-this' }
      })
    )
    expectIntact(run)
    expect(new Set(sent.map(r => r.method))).toEqual(new Set(['POST', 'PUT']))
    expect(sent.some(r => r.headers['content-range']?.startsWith('bytes */'))).toBe(true) // a status query
    for (const r of sent) expect(r.headers.authorization).toBe('Bearer redivis-token')
    expect(sent[0].headers['x-goog-resumable']).toBe('start') // the start request's own headers win
    expect(sent[1].headers['x-goog-resumable']).toBe('not-this')
  })

  it('tells the store each new session and every acknowledged offset, in order', async () => {
    const run = await setup()
    const events: string[] = []
    await uploadResumable(
      options(run, {
        store: {
          onSession: uri => void events.push(`session ${uri.startsWith(run.fake.base) ? 'fake' : uri}`),
          onAcknowledged: n => void events.push(`ack ${n}`)
        }
      })
    )
    expect(events.filter(e => e.startsWith('session'))).toEqual(['session fake'])
    expect(events[0]).toBe('session fake')
    const acks = events.slice(1).map(e => Number(e.slice(4)))
    expect(acks.at(-1)).toBe(SIZE)
    expect(acks).toEqual([...acks].sort((a, b) => a - b))
  })
})
