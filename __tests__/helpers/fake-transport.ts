// A scripted in-memory transport and a fake clock, for unit tests that need no sockets and no real time.
import type { HttpRequest, HttpResponse, Transport } from '../../src/net/transport.js'

export interface Reply {
  status: number
  headers?: Record<string, string>
  body?: string
}

export function response(reply: Reply): HttpResponse {
  const body = Buffer.from(reply.body ?? '')
  return {
    status: reply.status,
    headers: new Headers(reply.headers ?? {}),
    body: async function* () {
      if (body.length > 0) yield body
    },
    text: async () => body.toString('utf8'),
    dispose: async () => undefined
  }
}

export interface ScriptedTransport extends Transport {
  requests: HttpRequest[]
}

/** Answers each request with the handler's reply (or throws what it throws), recording every request. */
export function scriptedTransport(
  handler: (req: HttpRequest, n: number) => Reply | Promise<Reply>
): ScriptedTransport {
  const requests: HttpRequest[] = []
  const t = (async (req: HttpRequest) => {
    requests.push(req)
    return response(await handler(req, requests.length))
  }) as ScriptedTransport
  t.requests = requests
  return t
}

export function fakeClock(start = 1_700_000_000_000) {
  let t = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => t,
    random: () => 0.5,
    advance: (ms: number) => (t += ms),
    sleep: async (ms: number) => {
      sleeps.push(ms)
      t += ms
    }
  }
}
