// X API v2 batch compliance endpoints: auth, rate limits, job shapes, the one-active-job rule.
import type { IncomingMessage } from 'node:http'
import { jsonReply, readBody, type Ctx, type Reply } from './http.js'
import type { JobStore } from './jobs.js'
import { rateHeaders, type RateLimiter, type RateState } from './rate-limit.js'
import type { JobType } from './types.js'
import { ID_PATTERN as ID } from '../compliance/model.js'

export interface XDeps {
  jobs: JobStore
  limiter: RateLimiter
  token?: string
  clock: () => number
}

const PROBLEM = 'application/problem+json'
const PROBLEMS = 'https://api.x.com/2/problems'
const TYPES: readonly string[] = ['tweets', 'users']
const LIST_STATUSES: readonly string[] = ['created', 'in_progress', 'failed', 'complete']
const CREATE_KEYS: readonly string[] = ['type', 'name', 'resumable']

function problem(status: number, value: Record<string, unknown>): Reply {
  return jsonReply(status, value, PROBLEM)
}

/** X's 400 shape: errors[] of {message} next to the problem fields. */
function invalid(message: string): Reply {
  return problem(400, {
    errors: [{ message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: `${PROBLEMS}/invalid-request`
  })
}

function notFound(id: string): Reply {
  return problem(404, {
    title: 'Not Found Error',
    type: `${PROBLEMS}/resource-not-found`,
    status: 404,
    detail: `Could not find compliance job with id: [${id}].`,
    resource_type: 'compliance_job',
    resource_id: id,
    parameter: 'id',
    value: id
  })
}

export const UNAUTHORIZED = {
  title: 'Unauthorized',
  type: 'about:blank',
  status: 401,
  detail: 'Unauthorized'
}
export const TOO_MANY = {
  title: 'Too Many Requests',
  type: 'about:blank',
  status: 429,
  detail: 'Too Many Requests'
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  const m = /^Bearer\s+(\S.*)$/i.exec(req.headers.authorization ?? '')
  const given = m?.[1]?.trim()
  if (!given) return false
  return token === undefined || given === token
}

function withRate(reply: Reply, state: RateState): Reply {
  return { ...reply, headers: { ...reply.headers, ...rateHeaders(state) } }
}

export async function handleXApi(ctx: Ctx, deps: XDeps): Promise<Reply | undefined> {
  const body = await readBody(ctx)
  if (body === undefined) return undefined
  const family = ctx.kind
  if (!authorized(ctx.req, deps.token)) return withRate(problem(401, UNAUTHORIZED), deps.limiter.peek(family))
  let state: RateState
  const f = ctx.fault
  if (f && 'rateLimit' in f) {
    deps.limiter.exhaust(family, deps.clock() + f.rateLimit.resetInSeconds * 1000)
    state = deps.limiter.peek(family)
    if (f.rateLimit.mode !== 'exhaust') return withRate(problem(429, TOO_MANY), state)
  } else {
    const taken = deps.limiter.take(family)
    if (!taken.ok) return withRate(problem(429, TOO_MANY), taken.state)
    state = taken.state
  }
  return withRate(route(ctx, deps, body), state)
}

function route(ctx: Ctx, deps: XDeps, body: Buffer): Reply {
  const id = decodeURIComponent(ctx.url.pathname.split('/')[4] ?? '')
  switch (ctx.kind) {
    case 'create':
      return create(ctx, deps, body)
    case 'list':
      return list(ctx, deps)
    case 'get':
    case 'cancel': {
      if (!ID.test(id)) return invalid(`The \`id\` query parameter value [${id}] is not valid`)
      const job = deps.jobs.get(id)
      if (!job) return notFound(id)
      ctx.jobId = id
      if (ctx.kind === 'get') return jsonReply(200, { data: deps.jobs.toX(job, ctx.base) })
      const status = deps.jobs.status(job)
      if (status !== 'created' && status !== 'in_progress')
        return invalid(`Compliance job ${id} cannot be cancelled: its status is ${status}.`)
      deps.jobs.cancel(job)
      // Documented shape choice: {data: {id, cancelled: true}}; a GET then shows status failed.
      return jsonReply(200, { data: { id, cancelled: true } })
    }
    default:
      return problem(404, { title: 'Not Found Error', type: 'about:blank', status: 404, detail: 'Not Found' })
  }
}

function create(ctx: Ctx, deps: XDeps, body: Buffer): Reply {
  let input: unknown
  try {
    input = JSON.parse(body.toString('utf8'))
  } catch {
    return invalid('Request body is not valid JSON.')
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return invalid('Request body must be a JSON object.')
  const fields = input as Record<string, unknown>
  const extra = Object.keys(fields).filter(k => !CREATE_KEYS.includes(k))
  if (extra.length) return invalid(`[${extra.join(', ')}] is not one of [type, name, resumable]`)
  const { type, name, resumable } = fields
  if (typeof type !== 'string' || !TYPES.includes(type))
    return invalid(`The \`type\` parameter value [${String(type)}] is not one of [tweets,users]`)
  if (name !== undefined && (typeof name !== 'string' || name.length > 64))
    return invalid('The `name` parameter must be a string of at most 64 characters')
  if (resumable !== undefined && typeof resumable !== 'boolean')
    return invalid('The `resumable` parameter must be a boolean')
  if (deps.jobs.active(type as JobType))
    return problem(409, {
      title: 'Conflict',
      type: `${PROBLEMS}/conflict`,
      status: 409,
      detail: `Only one active compliance job per type is allowed; a ${type} job is already created or in progress.`
    })
  const job = deps.jobs.create(type as JobType, name as string | undefined, resumable === true)
  ctx.jobId = job.id
  return jsonReply(200, { data: deps.jobs.toX(job, ctx.base) })
}

function list(ctx: Ctx, deps: XDeps): Reply {
  const type = ctx.url.searchParams.get('type')
  const status = ctx.url.searchParams.get('status')
  if (type === null || !TYPES.includes(type))
    return invalid(`The \`type\` query parameter value [${type ?? ''}] is not one of [tweets,users]`)
  if (status !== null && !LIST_STATUSES.includes(status))
    return invalid(
      `The \`status\` query parameter value [${status}] is not one of [${LIST_STATUSES.join(',')}]`
    )
  const data = deps.jobs
    .all()
    .filter(j => j.type === type && (status === null || deps.jobs.status(j) === status))
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(j => deps.jobs.toX(j, ctx.base))
  // Like X: no `data` key at all when nothing matches.
  return jsonReply(
    200,
    data.length ? { data, meta: { result_count: data.length } } : { meta: { result_count: 0 } }
  )
}
