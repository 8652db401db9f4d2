// Request plumbing shared by the X and GCS handlers: body reading with body-side faults, replies, resets.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { ByteSource } from './body.js'
import type { Fault } from './faults.js'
import type { RequestKind, RequestRecord } from './types.js'

export interface Reply {
  status: number
  headers?: Record<string, string | number>
  /** A ByteSource is made as it is sent (results files). */
  body?: Buffer | string | ByteSource
  /** Set when this request finalized an upload. */
  finalized?: boolean
}

/** Timers that close() can clear, so stalled requests never keep the process alive. */
export class Timers {
  private set = new Set<NodeJS.Timeout>()

  later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.set.delete(t)
      fn()
    }, ms)
    this.set.add(t)
  }

  clear(): void {
    for (const t of this.set) clearTimeout(t)
    this.set.clear()
  }
}

export interface Ctx {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  kind: RequestKind
  final: boolean
  fault?: Fault
  record: RequestRecord
  base: string
  timers: Timers
  /** The job the request concerns, once known (for jobOutcome faults and stats). */
  jobId?: string
  /** Counts body bytes into the sandbox totals. */
  onBytes: (n: number) => void
}

/** RST, not FIN: what GCS's and the testbench's reset faults look like to a client. */
export function resetSocket(socket: Socket): void {
  const s = socket as Socket & { resetAndDestroy?: () => void }
  if (typeof s.resetAndDestroy === 'function' && !s.destroyed) s.resetAndDestroy()
  else s.destroy()
}

export function markReset(ctx: Ctx): void {
  ctx.record.outcome = 'reset'
  resetSocket(ctx.req.socket)
}

/**
 * Reads the request body, handing each piece to onData, and applies body-side faults
 * (reset / stall after N bytes). Resolves true when the body arrived whole, false when the
 * connection broke or was reset.
 */
export function consumeBody(ctx: Ctx, onData?: (buf: Buffer) => void): Promise<boolean> {
  const { req } = ctx
  const socket = req.socket
  const f = ctx.kind === 'download' ? undefined : ctx.fault
  const resetAfter = f && 'reset' in f ? (f.reset.afterBytes ?? 0) : undefined
  const stall = f && 'stall' in f && f.stall.afterBytes !== undefined ? f.stall : undefined
  return new Promise(resolve => {
    let received = 0
    let done = false
    let stalled = false
    const finish = (complete: boolean): void => {
      if (done) return
      done = true
      req.off('data', onChunk)
      req.off('end', onEnd)
      req.off('error', onAbort)
      req.off('aborted', onAbort)
      socket.off('close', onAbort)
      resolve(complete)
    }
    const deliver = (buf: Buffer): void => {
      if (!buf.length) return
      received += buf.length
      ctx.record.bytesReceived += buf.length
      ctx.onBytes(buf.length)
      onData?.(buf)
    }
    const doReset = (): void => {
      markReset(ctx)
      finish(false)
    }
    const onChunk = (buf: Buffer): void => {
      if (done) return
      if (resetAfter !== undefined && received + buf.length >= resetAfter) {
        deliver(buf.subarray(0, resetAfter - received))
        return doReset()
      }
      if (stall && !stalled && received + buf.length >= (stall.afterBytes ?? 0)) {
        const cut = (stall.afterBytes ?? 0) - received
        deliver(buf.subarray(0, cut))
        stalled = true
        req.pause()
        const rest = buf.subarray(cut)
        if (stall.ms !== undefined)
          ctx.timers.later(() => {
            if (done) return
            deliver(rest)
            req.resume()
          }, stall.ms)
        return
      }
      deliver(buf)
    }
    const onEnd = (): void => {
      // A body shorter than the fault's threshold still gets the fault, at its end.
      if (resetAfter !== undefined) return doReset()
      if (stall && !stalled) {
        stalled = true
        if (stall.ms !== undefined) ctx.timers.later(() => finish(true), stall.ms)
        return
      }
      finish(true)
    }
    const onAbort = (): void => finish(false)
    if (resetAfter === 0) return doReset()
    req.on('data', onChunk)
    req.on('end', onEnd)
    req.on('error', onAbort)
    req.on('aborted', onAbort)
    socket.on('close', onAbort)
  })
}

/** Reads a small body whole (X API JSON); undefined when the connection broke. */
export async function readBody(ctx: Ctx, limit = 1 << 20): Promise<Buffer | undefined> {
  const parts: Buffer[] = []
  let size = 0
  const ok = await consumeBody(ctx, buf => {
    size += buf.length
    if (size <= limit) parts.push(buf)
  })
  return ok ? Buffer.concat(parts) : undefined
}

export function xmlError(status: number, code: string, message: string, details?: string): Reply {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const extra = details === undefined ? '' : `<Details>${esc(details)}</Details>`
  return {
    status,
    headers: { 'content-type': 'application/xml; charset=UTF-8' },
    body: `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${esc(message)}</Message>${extra}</Error>`
  }
}

export function jsonReply(
  status: number,
  value: unknown,
  contentType = 'application/json; charset=utf-8'
): Reply {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(value) }
}
