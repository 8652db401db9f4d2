// The one loopback test: http is allowed only for these hosts, and they never go through a proxy.

/** 127.0.0.0/8, ::1 (also IPv4-mapped loopback), localhost (with or without the root dot). A URL hostname. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(h)
  return mapped !== null && parseInt(mapped[1], 16) >> 8 === 127
}
