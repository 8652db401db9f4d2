// What the JSON API clients (X, Redivis) share: the request they send, reading a JSON answer, and the text of
// a failure below HTTP. Each client keeps its own error class and hints.
import { NetworkError, type HttpRequest, type HttpResponse } from './transport.js'

export interface JsonApiTarget {
  baseUrl: string
  token: string
  userAgent: string
  signal?: AbortSignal
  stallTimeoutMs: number
}

/** A request to `baseUrl + path` with the bearer token and a JSON body when one is given. */
export function jsonRequest(
  t: JsonApiTarget,
  method: HttpRequest['method'],
  path: string,
  body?: string
): HttpRequest {
  const headers: Record<string, string> = {
    authorization: `Bearer ${t.token}`,
    accept: 'application/json',
    'user-agent': t.userAgent
  }
  if (body !== undefined) headers['content-type'] = 'application/json'
  return {
    method,
    url: `${t.baseUrl}${path}`,
    headers,
    body: body === undefined ? undefined : Buffer.from(body),
    signal: t.signal,
    stallTimeoutMs: t.stallTimeoutMs
  }
}

/** The JSON of an answer ({} when empty); `notJson` makes the error for a body that is not JSON. */
export async function readJsonBody(res: HttpResponse, notJson: () => Error): Promise<unknown> {
  const text = await res.text(16 * 1024 * 1024)
  try {
    return text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw notJson()
  }
}

/** Why a request failed below HTTP (a refused proxy, a certificate, a code), never a URL; undefined for an abort. */
export function failureReason(err: unknown): string | undefined {
  const code = (err as { code?: string }).code
  if (code === 'ABORTED' || (err as Error).name === 'AbortError') return undefined
  return err instanceof NetworkError ? err.message : (code ?? (err as Error).message ?? String(err))
}
