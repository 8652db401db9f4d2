// X API v2 chunked media upload (/2/media/...) and POST /2/tweets: routing, auth (user context only), the rate
// windows, then the endpoint. Every answer carries the 15-minute and 24-hour rate-limit headers.
import { consumeBody, readBody, type Ctx, type Reply } from './http.js'
import { append } from './media-append.js'
import { authenticate, type MediaAuthDeps, type UserAuth } from './media-auth.js'
import {
  createPost,
  finalize,
  findMedia,
  initialize,
  isMedia,
  metadata,
  status,
  type MediaEnv
} from './media-endpoints.js'
import { invalid } from './media-errors.js'
import { isFormUrlencoded } from './media-input.js'
import { familyOf, type MediaLimits } from './media-limits.js'
import type { MediaStore } from './media-store.js'
import type { Param } from './oauth1-verify.js'
import type { RequestKind } from './types.js'

export const MEDIA_KINDS: readonly RequestKind[] = [
  'mediaInit',
  'mediaAppend',
  'mediaFinalize',
  'mediaStatus',
  'mediaMetadata',
  'post'
]
// JSON bodies here are small (alt text is at most 1000 characters).
const BODY_LIMIT = 1 << 20

export interface MediaDeps {
  store: MediaStore
  limits: MediaLimits
  auth: MediaAuthDeps
}

export interface MediaRoute {
  kind: RequestKind
  /** The media id of an append or finalize path. */
  id?: string
}

/** What a request under /2/media or to /2/tweets is; undefined for anything else. */
export function mediaRoute(method: string, pathname: string): MediaRoute | undefined {
  if (method === 'POST') {
    if (pathname === '/2/media/upload/initialize') return { kind: 'mediaInit' }
    if (pathname === '/2/media/metadata') return { kind: 'mediaMetadata' }
    if (pathname === '/2/tweets') return { kind: 'post' }
    const m = /^\/2\/media\/upload\/([^/]+)\/(append|finalize)$/.exec(pathname)
    if (m) return { kind: m[2] === 'append' ? 'mediaAppend' : 'mediaFinalize', id: m[1] }
  }
  if (method === 'GET' && pathname === '/2/media/upload') return { kind: 'mediaStatus' }
  return undefined
}

export function mediaRateHeaders(deps: MediaDeps, kind: RequestKind): Record<string, string> {
  return deps.limits.headers(familyOf(kind))
}

function withHeaders(reply: Reply, headers: Record<string, string>): Reply {
  return { ...reply, headers: { ...reply.headers, ...headers } }
}

type Gate = { auth: UserAuth; headers: Record<string, string> } | { refused: Reply }

/** Auth first (401/403 count in no window), then the windows. */
function admit(ctx: Ctx, deps: MediaDeps, bodyParams: readonly Param[]): Gate {
  const family = familyOf(ctx.kind)
  const a = authenticate(
    {
      method: ctx.req.method ?? 'GET',
      url: ctx.url,
      authorization: ctx.req.headers.authorization,
      bodyParams
    },
    deps.auth
  )
  if ('refused' in a) return { refused: withHeaders(a.refused, deps.limits.headers(family)) }
  if (ctx.kind === 'mediaStatus') {
    // Every authenticated poll is recorded as it arrives, a refused one too.
    const m = deps.store.get(ctx.url.searchParams.get('media_id') ?? '')
    if (m) deps.store.pollArrived(m)
  }
  const w = deps.limits.admit(family, ctx.fault)
  if (w.refused) return { refused: withHeaders(w.refused, w.headers) }
  return { auth: a.auth, headers: w.headers }
}

/** A status fault without commit answers instead: nothing may change then. */
function applies(ctx: Ctx): boolean {
  const f = ctx.fault
  return !(f && 'status' in f && !f.commit)
}

function formParams(ctx: Ctx, body: Buffer): Param[] {
  return isFormUrlencoded(ctx.req) ? [...new URLSearchParams(body.toString('utf8')).entries()] : []
}

/** Multipart appends are admitted on their headers and parsed as they stream. */
async function streamedAppend(ctx: Ctx, deps: MediaDeps, id: string): Promise<Reply | undefined> {
  const gate = admit(ctx, deps, [])
  const drainThen = async (reply: Reply): Promise<Reply | undefined> =>
    (await consumeBody(ctx)) ? reply : undefined
  if ('refused' in gate) return drainThen(gate.refused)
  const m = findMedia(deps.store, id)
  if (!isMedia(m)) return drainThen(withHeaders(m, gate.headers))
  if (m.finalizedAt !== undefined)
    return drainThen(withHeaders(invalid(`Media ${m.id} is already finalized`), gate.headers))
  const reply = await append(ctx, deps.store, m, applies(ctx))
  return reply && withHeaders(reply, gate.headers)
}

export async function handleMediaApi(
  ctx: Ctx,
  deps: MediaDeps,
  route: MediaRoute
): Promise<Reply | undefined> {
  const id = route.id === undefined ? undefined : decodeURIComponentSafe(route.id)
  if (route.kind === 'mediaAppend' && !isFormUrlencoded(ctx.req)) return streamedAppend(ctx, deps, id ?? '')
  const body = await readBody(ctx, BODY_LIMIT)
  if (body === undefined) return undefined
  // OAuth 1.0a signs a form-urlencoded body's parameters, so they are needed before auth.
  const gate = admit(ctx, deps, formParams(ctx, body))
  if ('refused' in gate) return gate.refused
  const env: MediaEnv = {
    store: deps.store,
    req: ctx.req,
    url: ctx.url,
    auth: gate.auth,
    fault: ctx.fault,
    applies: applies(ctx)
  }
  const reply =
    ctx.record.bytesReceived > BODY_LIMIT
      ? invalid('The request body is too large')
      : dispatch(env, route.kind, id, body)
  return withHeaders(reply, gate.headers)
}

function dispatch(env: MediaEnv, kind: RequestKind, id: string | undefined, body: Buffer): Reply {
  if (kind === 'mediaInit') return initialize(env, body)
  if (kind === 'mediaMetadata') return metadata(env, body)
  if (kind === 'post') return createPost(env, body)
  if (kind === 'mediaAppend') return invalid('An append must be multipart/form-data')
  if (kind === 'mediaStatus') {
    const command = env.url.searchParams.get('command')
    if (command !== 'STATUS')
      return invalid(`The \`command\` query parameter value [${command ?? ''}] is not STATUS`)
  }
  const m = findMedia(env.store, kind === 'mediaStatus' ? env.url.searchParams.get('media_id') : (id ?? null))
  if (!isMedia(m)) return m
  return kind === 'mediaStatus' ? status(env, m, body) : finalize(env, m, body)
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
