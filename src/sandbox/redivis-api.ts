// The Redivis REST API under /api/v1: routing, the one rate-limit window, bearer tokens and scopes, HEAD
// answers (no body; the error JSON in x-redivis-error-payload), then the endpoint.
import type { IncomingMessage } from 'node:http'
import { readBody, type Ctx, type Reply } from './http.js'
import type { RateLimiter, RateState } from './rate-limit.js'
import {
  addRawFiles,
  createTempUploads,
  createUpload,
  createVersion,
  deleteUpload,
  getDataset,
  getTable,
  getUpload,
  listRawFiles,
  listUploads,
  patchTable,
  type EndpointEnv,
  type TableCall
} from './redivis-endpoints.js'
import { insufficientScope, invalidToken, notFound, rateLimited } from './redivis-errors.js'
import type { RedivisStore } from './redivis-store.js'
import { bearer } from './redivis-target.js'
import type { RequestKind } from './types.js'

export const REDIVIS_PREFIX = '/api/v1/'
/** One window for every /api/v1 request of every token. */
const FAMILY = 'redivis'
const WRITE_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE']
// 1000 temp uploads or files with long names fit well below this.
const BODY_LIMIT = 4 << 20

export const REDIVIS_KINDS: readonly RequestKind[] = [
  'redivisDataset',
  'redivisVersion',
  'redivisTable',
  'tempUploads',
  'uploadCreate',
  'uploadGet',
  'uploadHead',
  'uploadDelete',
  'rawFiles',
  'rawFileList'
]

export interface RedivisDeps {
  store: RedivisStore
  limiter: RateLimiter
  limit: number
  windowMs: number
  /** If set, only this token (and readOnlyToken) is accepted; else any non-empty one. */
  token?: string
  /** A token without the data.edit scope: reads only. */
  readOnlyToken?: string
  clock: () => number
}

type Endpoint =
  | { at: 'dataset' | 'versions'; ref: string }
  | { at: 'table' | 'tempUploads' | 'uploads' | 'rawFiles'; ref: string }
  | { at: 'upload'; ref: string; name: string }
  | { at: 'unknown' }

export interface RedivisRoute {
  kind: RequestKind
  endpoint: Endpoint
  method: string
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment // not percent-encoding: no reference parses from it, so a 404 names it
  }
}

function endpointOf(pathname: string): Endpoint {
  const parts = pathname.slice(REDIVIS_PREFIX.length).split('/')
  const [collection, rawRef, leaf, rawName, ...rest] = parts
  if (!rawRef || rest.length) return { at: 'unknown' }
  const ref = decode(rawRef)
  if (collection === 'datasets') {
    if (leaf === undefined) return { at: 'dataset', ref }
    if (leaf === 'versions' && rawName === undefined) return { at: 'versions', ref }
  }
  if (collection === 'tables') {
    if (leaf === undefined) return { at: 'table', ref }
    if (leaf === 'uploads' && rawName) return { at: 'upload', ref, name: decode(rawName) }
    if ((leaf === 'tempUploads' || leaf === 'uploads' || leaf === 'rawFiles') && rawName === undefined)
      return { at: leaf, ref }
  }
  return { at: 'unknown' }
}

const KINDS: Record<Endpoint['at'], Partial<Record<string, RequestKind>>> = {
  dataset: { GET: 'redivisDataset', HEAD: 'redivisDataset' },
  versions: { POST: 'redivisVersion' },
  table: { GET: 'redivisTable', HEAD: 'redivisTable', PATCH: 'redivisTable' },
  tempUploads: { POST: 'tempUploads' },
  uploads: { POST: 'uploadCreate', GET: 'uploadGet', HEAD: 'uploadGet' },
  upload: { GET: 'uploadGet', HEAD: 'uploadHead', DELETE: 'uploadDelete' },
  rawFiles: { POST: 'rawFiles', GET: 'rawFileList', HEAD: 'rawFileList' },
  unknown: {}
}

/** What a /api/v1/... request is. */
export function redivisRoute(method: string, pathname: string): RedivisRoute {
  const endpoint = endpointOf(pathname)
  const kind = KINDS[endpoint.at][method]
  return kind ? { kind, endpoint, method } : { kind: 'other', endpoint: { at: 'unknown' }, method }
}

function rateHeaders(state: RateState): Record<string, string> {
  return { 'x-ratelimit-limit': String(state.limit), 'x-ratelimit-remaining': String(state.remaining) }
}

/** The window as it stands, for answers the fault plan makes before (or instead of) the endpoint's. */
export function redivisRateHeaders(deps: RedivisDeps): Record<string, string> {
  return rateHeaders(deps.limiter.peek(FAMILY))
}

function withHeaders(reply: Reply, headers: Record<string, string>): Reply {
  return { ...reply, headers: { ...reply.headers, ...headers } }
}

/** Counts the request in the window (or spends it, for a rateLimit fault); a 429 when it is spent. */
function admit(ctx: Ctx, deps: RedivisDeps): { state: RateState; refused?: Reply } {
  const f = ctx.fault
  let state: RateState
  if (f && 'rateLimit' in f) {
    deps.limiter.exhaust(FAMILY, deps.clock() + f.rateLimit.resetInSeconds * 1000)
    state = deps.limiter.peek(FAMILY)
    if (f.rateLimit.mode === 'exhaust') return { state }
  } else {
    const taken = deps.limiter.take(FAMILY)
    state = taken.state
    if (taken.ok) return { state }
  }
  const retryAfter = Math.max(1, Math.ceil((state.endsAt - deps.clock()) / 1000))
  const refused = withHeaders(rateLimited(deps.limit, deps.windowMs, retryAfter), {
    'retry-after': String(retryAfter)
  })
  return { state, refused }
}

function authorize(req: IncomingMessage, deps: RedivisDeps): { token: string } | { refused: Reply } {
  const token = bearer(req)
  const known = deps.token === undefined || token === deps.token || token === deps.readOnlyToken
  if (!token || !known) return { refused: invalidToken() }
  if (token === deps.readOnlyToken && WRITE_METHODS.includes(req.method ?? 'GET'))
    return { refused: insufficientScope() }
  return { token }
}

function dispatch(env: EndpointEnv, route: RedivisRoute, body: Buffer): Reply {
  const e = route.endpoint
  if (e.at === 'unknown') return notFound(`No such endpoint: ${route.method} ${REDIVIS_PREFIX}...`)
  if (e.at === 'dataset') return getDataset(env, e.ref)
  if (e.at === 'versions') return createVersion(env, e.ref, body)
  const call: TableCall = { ref: e.ref, body }
  switch (route.kind) {
    case 'redivisTable':
      return route.method === 'PATCH' ? patchTable(env, call) : getTable(env, call)
    case 'tempUploads':
      return createTempUploads(env, call)
    case 'uploadCreate':
      return createUpload(env, call)
    case 'uploadGet':
    case 'uploadHead':
      return e.at === 'upload' ? getUpload(env, call, e.name) : listUploads(env, call)
    case 'uploadDelete':
      return e.at === 'upload' ? deleteUpload(env, call, e.name) : notFound('No such upload.')
    case 'rawFiles':
      return addRawFiles(env, call)
    case 'rawFileList':
      return listRawFiles(env, call)
    default:
      return notFound(`No such endpoint: ${route.method} ${REDIVIS_PREFIX}...`)
  }
}

export async function handleRedivisApi(
  ctx: Ctx,
  deps: RedivisDeps,
  route: RedivisRoute
): Promise<Reply | undefined> {
  const body = await readBody(ctx, BODY_LIMIT)
  if (body === undefined) return undefined
  const { state, refused } = admit(ctx, deps)
  let reply: Reply
  if (refused) reply = refused
  else {
    const auth = authorize(ctx.req, deps)
    reply =
      'refused' in auth
        ? auth.refused
        : dispatch({ store: deps.store, base: ctx.base, token: auth.token, fault: ctx.fault }, route, body)
  }
  reply = withHeaders(reply, rateHeaders(state))
  // HEAD answers have no body: an error's JSON goes URL-encoded in a header, as Redivis sends it.
  if (route.method === 'HEAD' && reply.status >= 400 && typeof reply.body === 'string')
    reply = withHeaders(reply, { 'x-redivis-error-payload': encodeURIComponent(reply.body) })
  return reply
}
