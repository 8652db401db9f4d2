// A TCP relay on 127.0.0.1 that emulates a link: each direction is paced to BENCH_RATE_BPS and delayed
// by BENCH_DELAY_MS (so the round trip is twice that), and a new connection costs one round trip before
// its first byte moves, like a TCP handshake. Used when tc netem is not available. TCP slow start and
// loss are not emulated. It stops when told, when the bench goes away, or after BENCH_LIFETIME_MS.
import net from 'node:net'
import { performance } from 'node:perf_hooks'

const target = Number(process.env.BENCH_TARGET_PORT)
const delayMs = Number(process.env.BENCH_DELAY_MS ?? 10)
const bytesPerMs = Number(process.env.BENCH_RATE_BPS ?? 1e9) / 8 / 1000
// Bytes a direction may hold (on the wire plus a bottleneck queue) before the sender is paused:
// about twice the bandwidth-delay product of one direction.
const limit = Math.max(1 << 20, Math.ceil(bytesPerMs * delayMs * 2))
const clock = () => performance.now()
const sockets = new Set()

/** Moves src's bytes to dst, each arriving delayMs after the paced link finished sending it. */
function link(src, dst) {
  const queue = []
  let queued = 0
  let free = 0 // when the link is done serializing what it was given
  let timer
  let waitingDrain = false
  const maybeResume = () => {
    if (queued < limit / 2 && dst.writableLength < limit) src.resume()
    else if (dst.writableLength >= limit && !waitingDrain) {
      waitingDrain = true
      dst.once('drain', () => {
        waitingDrain = false
        maybeResume()
      })
    }
  }
  const flush = () => {
    timer = undefined
    const t = clock()
    while (queue.length > 0 && queue[0].due <= t + 0.5) {
      const item = queue.shift()
      if (item.end) {
        if (item.error) dst.destroy()
        else dst.end()
        return
      }
      queued -= item.buf.length
      if (!dst.destroyed) dst.write(item.buf)
    }
    maybeResume()
    schedule()
  }
  const schedule = () => {
    if (timer || queue.length === 0) return
    timer = setTimeout(flush, Math.max(0, queue[0].due - clock()))
  }
  const enqueue = item => {
    queue.push(item)
    schedule()
  }
  src.on('data', buf => {
    free = Math.max(free, clock()) + buf.length / bytesPerMs
    queued += buf.length
    enqueue({ buf, due: free + delayMs })
    if (queued >= limit || dst.writableLength >= limit) src.pause()
  })
  src.on('end', () => enqueue({ end: true, due: Math.max(free, clock()) + delayMs }))
  src.on('error', () => enqueue({ end: true, error: true, due: Math.max(free, clock()) + delayMs }))
  src.on('close', hadError => {
    if (hadError) enqueue({ end: true, error: true, due: Math.max(free, clock()) + delayMs })
  })
}

const server = net.createServer(client => {
  client.pause()
  client.setNoDelay(true)
  const upstream = net.connect(target, '127.0.0.1')
  upstream.setNoDelay(true)
  sockets.add(client)
  sockets.add(upstream)
  client.once('close', () => sockets.delete(client))
  upstream.once('close', () => sockets.delete(upstream))
  link(client, upstream)
  link(upstream, client)
  // The handshake: one round trip before the client's first bytes leave.
  upstream.pause()
  setTimeout(() => {
    client.resume()
    upstream.resume()
  }, 2 * delayMs)
})

function stop() {
  clearTimeout(lifetime)
  for (const s of sockets) s.destroy()
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 1000).unref()
}
const lifetime = setTimeout(stop, Number(process.env.BENCH_LIFETIME_MS ?? 20 * 60_000))
process.on('disconnect', stop)
process.on('message', m => {
  if (m.cmd === 'close') {
    process.send({ id: m.id })
    stop()
  } else process.send({ id: m.id, error: `unknown command ${m.cmd}` })
})
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }))
