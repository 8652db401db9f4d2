// Test data for the benchmark, deterministic and written fast: ID files and results files.
import { open } from 'node:fs/promises'

function xorshift(seed) {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s
  }
}

/** Exactly `size` bytes of ID lines (LF-terminated): mostly 19-digit post IDs, some 8-10 digit user IDs. */
function idBlock(size, seed) {
  const rnd = xorshift(seed)
  const buf = Buffer.allocUnsafe(size)
  let p = 0
  while (p < size) {
    const left = size - p
    let len = rnd() % 8 === 0 ? 8 + (rnd() % 3) : 19
    if (left <= 20) len = left - 1
    else if (left - (len + 1) < 2) len = left - 3 // leave room for a last line of at least one digit
    buf[p++] = 0x31 + (rnd() % 9)
    for (let i = 1; i < len; i++) buf[p++] = 0x30 + (rnd() % 10)
    buf[p++] = 0x0a
  }
  return buf
}

/** Writes a clean ID file of exactly `bytes` bytes (a 4 MiB block of random IDs, repeated). */
export async function writeIdFile(path, bytes) {
  const BLOCK = 4 << 20
  const block = idBlock(Math.min(BLOCK, bytes), 42)
  const fh = await open(path, 'w')
  try {
    let done = 0
    while (bytes - done >= block.length) {
      await fh.write(block, 0, block.length)
      done += block.length
    }
    if (done < bytes) await fh.write(idBlock(bytes - done, 7))
  } finally {
    await fh.close()
  }
  let lines = 0
  const whole = Math.floor(bytes / block.length)
  for (const b of block) if (b === 0x0a) lines++
  lines *= whole
  if (bytes > whole * block.length)
    for (const b of idBlock(bytes - whole * block.length, 7)) if (b === 0x0a) lines++
  return { bytes, lines }
}

const REASONS = ['deleted', 'protected', 'suspended', 'scrub_geo', 'bounced']

/**
 * Writes `lines` result lines in X's shape (a 100 000-line template, repeated) and returns the counts
 * they must give.
 */
export async function writeResultsFile(path, lines) {
  const rnd = xorshift(1234)
  const TEMPLATE = Math.min(lines, 100_000)
  const parts = []
  const reasonsOf = []
  const base = Date.UTC(2010, 0, 1)
  for (let i = 0; i < TEMPLATE; i++) {
    const id = String(1_200_000_000_000_000_000n + BigInt(rnd()) * 1_000_003n)
    const r = rnd()
    const created = new Date(base + (r % 400_000_000) * 1000).toISOString().slice(0, 19) + '.000Z'
    const reason = REASONS[(r >>> 7) % REASONS.length]
    reasonsOf.push(reason)
    parts.push(
      r % 4 === 0
        ? `{"id":"${id}","action":"delete","created_at":"${created}","reason":"${reason}"}\n`
        : `{"id":"${id}","action":"delete","created_at":"${created}","redacted_at":"${created}","reason":"${reason}"}\n`
    )
  }
  const template = Buffer.from(parts.join(''))
  const counts = { total: lines, by_action: { delete: lines }, by_reason: {} }
  const fh = await open(path, 'w')
  let bytes = 0
  try {
    let left = lines
    while (left >= TEMPLATE) {
      await fh.write(template)
      bytes += template.length
      left -= TEMPLATE
    }
    if (left > 0) {
      const tail = Buffer.from(parts.slice(0, left).join(''))
      await fh.write(tail)
      bytes += tail.length
    }
  } finally {
    await fh.close()
  }
  const reps = Math.floor(lines / TEMPLATE)
  const rest = lines - reps * TEMPLATE
  reasonsOf.forEach((reason, i) => {
    counts.by_reason[reason] = (counts.by_reason[reason] ?? 0) + reps + (i < rest ? 1 : 0)
  })
  return { lines, bytes, counts }
}

/** Sorted-key form of counts, to compare two tools' answers. */
export function sameCounts(a, b) {
  const norm = c =>
    JSON.stringify([
      c.total,
      Object.entries(c.by_action ?? c.byAction).sort(),
      Object.entries(c.by_reason ?? c.byReason).sort()
    ])
  return norm(a) === norm(b)
}

/**
 * Writes a clean ID file of exactly `lines` ID lines (the same 4 MiB block of random IDs as writeIdFile,
 * repeated, then the first lines of it) and returns its size.
 */
export async function writeIdLines(path, lines) {
  const block = idBlock(4 << 20, 42)
  const ends = []
  for (let i = 0; i < block.length; i++) if (block[i] === 0x0a) ends.push(i + 1)
  const whole = Math.floor(lines / ends.length)
  const rest = lines - whole * ends.length
  const fh = await open(path, 'w')
  let bytes = 0
  try {
    for (let i = 0; i < whole; i++) {
      await fh.write(block, 0, block.length)
      bytes += block.length
    }
    if (rest > 0) {
      await fh.write(block, 0, ends[rest - 1])
      bytes += ends[rest - 1]
    }
  } finally {
    await fh.close()
  }
  return { bytes, lines }
}
