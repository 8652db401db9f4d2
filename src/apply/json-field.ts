// Finds top-level fields of a one-line JSON object and returns their values' raw text, so an ID
// such as 1265324480517361664 (> 2^53) is read from its digits and never rounded by JSON.parse.
//
// Scope, on purpose: the object's structure is followed exactly (strings with escapes, nested objects
// and arrays skipped by bracket matching, keys compared after unescaping), so a nested "id" is never
// mistaken for the top-level one; a wanted key present twice at top level is an error (JSON parsers
// disagree on which one wins). Nested values and the other keys are not validated beyond that.

/** Value kinds. */
export const V_NONE = 0 // the key is absent
export const V_STRING = 1 // span is the string's content, without the quotes
export const V_NUMBER = 2 // a bare token starting with a digit or '-' (validated by the caller)
export const V_OTHER = 3 // true, false, null, an object or an array

export class JsonScanError extends Error {}

/** The keys to look for, fixed per scanner; results of the last scan() in kind/start/end. */
export class TopLevelScanner {
  private readonly keyBytes: Uint8Array[]
  private readonly keyStrings: string[]
  readonly kind: Int32Array
  readonly start: Int32Array
  readonly end: Int32Array
  /** True when the string value had a backslash escape (decode its raw text with JSON.parse). */
  readonly escaped: Uint8Array
  /** Offset of the object's closing brace after a scan. */
  closeBrace = 0

  constructor(keys: string[]) {
    this.keyStrings = keys
    this.keyBytes = keys.map(k => new TextEncoder().encode(k))
    this.kind = new Int32Array(keys.length)
    this.start = new Int32Array(keys.length)
    this.end = new Int32Array(keys.length)
    this.escaped = new Uint8Array(keys.length)
  }

  /** Scans buf[s, e), one JSON object and optional whitespace around it. Throws JsonScanError. */
  scan(buf: Uint8Array, s: number, e: number): void {
    const nk = this.keyBytes.length
    for (let k = 0; k < nk; k++) this.kind[k] = V_NONE
    let i = skipWs(buf, s, e)
    if (i >= e || buf[i] !== 0x7b) throw new JsonScanError('is not a JSON object')
    i = skipWs(buf, i + 1, e)
    if (i < e && buf[i] === 0x7d) {
      this.closeBrace = i
      return this.finish(buf, i + 1, e)
    }
    for (;;) {
      if (i >= e || buf[i] !== 0x22) throw new JsonScanError('is not valid JSON (expected a key)')
      const ks = i + 1
      let esc = false
      i = ks
      for (;;) {
        if (i >= e) throw new JsonScanError('is not valid JSON (unterminated string)')
        const c = buf[i]
        if (c === 0x22) break
        if (c === 0x5c) {
          esc = true
          i += 2
        } else i++
      }
      const ke = i
      const k = this.match(buf, ks, ke, esc)
      i = skipWs(buf, i + 1, e)
      if (i >= e || buf[i] !== 0x3a) throw new JsonScanError('is not valid JSON (expected ":")')
      i = skipWs(buf, i + 1, e)
      if (i >= e) throw new JsonScanError('is not valid JSON (missing value)')
      const vs = i
      const c = buf[i]
      let kind: number
      let vEsc = false
      if (c === 0x22) {
        kind = V_STRING
        i++
        for (;;) {
          if (i >= e) throw new JsonScanError('is not valid JSON (unterminated string)')
          const d = buf[i]
          if (d === 0x22) break
          if (d === 0x5c) {
            vEsc = true
            i += 2
          } else i++
        }
        i++
      } else if (c === 0x7b || c === 0x5b) {
        kind = V_OTHER
        i = skipNested(buf, i, e)
      } else {
        kind = (c >= 0x30 && c <= 0x39) || c === 0x2d ? V_NUMBER : V_OTHER
        while (i < e) {
          const d = buf[i]
          if (
            d === 0x2c ||
            d === 0x7d ||
            d === 0x5d ||
            d === 0x20 ||
            d === 0x09 ||
            d === 0x0d ||
            d === 0x0a
          ) {
            break
          }
          i++
        }
        if (i === vs) throw new JsonScanError('is not valid JSON (unexpected character)')
      }
      if (k >= 0) {
        if (this.kind[k] !== V_NONE) {
          throw new JsonScanError(
            `has the key ${JSON.stringify(this.keyStrings[k])} twice, which is ambiguous`
          )
        }
        this.kind[k] = kind
        this.escaped[k] = vEsc ? 1 : 0
        if (kind === V_STRING) {
          this.start[k] = vs + 1
          this.end[k] = i - 1
        } else {
          this.start[k] = vs
          this.end[k] = i
        }
      }
      i = skipWs(buf, i, e)
      if (i < e && buf[i] === 0x2c) {
        i = skipWs(buf, i + 1, e)
        continue
      }
      if (i < e && buf[i] === 0x7d) {
        this.closeBrace = i
        return this.finish(buf, i + 1, e)
      }
      throw new JsonScanError('is not valid JSON (expected "," or "}")')
    }
  }

  private finish(buf: Uint8Array, i: number, e: number): void {
    if (skipWs(buf, i, e) !== e) throw new JsonScanError('has text after its JSON object')
  }

  /** The index of the wanted key buf[ks, ke) is, or -1. */
  private match(buf: Uint8Array, ks: number, ke: number, esc: boolean): number {
    const keys = this.keyBytes
    if (esc) {
      let name: string
      try {
        name = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + ks - 1, ke - ks + 2).toString('utf8'))
      } catch {
        throw new JsonScanError('is not valid JSON (bad escape in a key)')
      }
      return this.keyStrings.indexOf(name)
    }
    const len = ke - ks
    outer: for (let k = 0; k < keys.length; k++) {
      const key = keys[k]
      if (key.length !== len) continue
      for (let j = 0; j < len; j++) if (key[j] !== buf[ks + j]) continue outer
      return k
    }
    return -1
  }
}

function skipWs(buf: Uint8Array, i: number, e: number): number {
  while (i < e) {
    const c = buf[i]
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) break
    i++
  }
  return i
}

let stack = new Uint8Array(64)

/** Skips an object or array starting at buf[i]; returns the offset after its matching closing bracket. */
function skipNested(buf: Uint8Array, i: number, e: number): number {
  let depth = 0
  while (i < e) {
    const c = buf[i]
    if (c === 0x22) {
      i++
      for (;;) {
        if (i >= e) throw new JsonScanError('is not valid JSON (unterminated string)')
        const d = buf[i]
        if (d === 0x22) break
        i += d === 0x5c ? 2 : 1
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === stack.length) {
        const bigger = new Uint8Array(stack.length * 2)
        bigger.set(stack)
        stack = bigger
      }
      stack[depth++] = c + 2 // the closing bracket: { + 2 = }, [ + 2 = ]
    } else if (c === 0x7d || c === 0x5d) {
      if (stack[--depth] !== c) throw new JsonScanError('is not valid JSON (unbalanced brackets)')
      if (depth === 0) return i + 1
    }
    i++
  }
  throw new JsonScanError('is not valid JSON (unbalanced brackets)')
}
