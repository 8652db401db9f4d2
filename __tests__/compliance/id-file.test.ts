import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { IdFileError, prepareIdFile, type IdFileReport } from '../../src/compliance/id-file.js'
import { fileCrc32c } from '../../src/upload/crc32c.js'

let root: string
let seq = 0

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'id-file-test-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Writes `content` to a fresh file; each call gets its own temp dir so leftover copies are visible. */
async function setup(content: string | Uint8Array): Promise<{ file: string; tempDir: string }> {
  const dir = join(root, `case-${seq++}`)
  await mkdir(dir)
  const file = join(dir, 'ids.txt')
  await writeFile(file, content)
  return { file, tempDir: join(dir, 'tmp') }
}

async function prepare(content: string | Uint8Array, chunkSize?: number) {
  const { file, tempDir } = await setup(content)
  const report = await prepareIdFile(file, { tempDir, chunkSize })
  const text = await readFile(report.uploadPath, 'latin1')
  return { file, tempDir, report, text }
}

async function rejection(content: string | Uint8Array, chunkSize?: number): Promise<IdFileError> {
  const { file, tempDir } = await setup(content)
  const err = await prepareIdFile(file, { tempDir, chunkSize }).then(
    () => undefined,
    (e: unknown) => e
  )
  if (!(err instanceof IdFileError)) throw new Error(`expected IdFileError, got ${String(err)}`)
  // A failed validation never leaves a copy behind.
  expect(await readdir(tempDir).catch(() => [])).toEqual([])
  return err
}

/** A bitwise CRC32C, independent of the implementations under test. */
function crc32cOfText(text: string): string {
  let c = 0xffffffff
  for (const byte of Buffer.from(text)) {
    c ^= byte
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1
  }
  const out = Buffer.alloc(4)
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0)
  return out.toString('base64')
}

const noFixes = { bom: false, crLines: 0, trailingWhitespaceLines: 0, blankLines: 0 }
const utf8 = (s: string) => new TextEncoder().encode(s)

describe('prepareIdFile: clean files', () => {
  test('a clean file is not copied and nothing is written', async () => {
    const { file, tempDir, report } = await prepare('1\n22\n333\n')
    const expected: IdFileReport = {
      uploadPath: file,
      normalized: false,
      ids: 3,
      bytes: 9,
      crc32c: await fileCrc32c(file),
      fixes: noFixes
    }
    expect(report).toEqual(expected)
    await expect(readdir(tempDir)).rejects.toThrow() // tempDir not even created
  })

  test('no final newline is still clean', async () => {
    const { file, report } = await prepare('1\n2')
    expect(report).toMatchObject({ uploadPath: file, normalized: false, ids: 2, bytes: 3 })
  })

  test('duplicates are kept and counted', async () => {
    const { report } = await prepare('5\n5\n5\n')
    expect(report.ids).toBe(3)
  })

  test('exactly 19 digits is an ID, leading zeros allowed', async () => {
    const { report } = await prepare('9999999999999999999\n0000000000000000001\n')
    expect(report).toMatchObject({ normalized: false, ids: 2 })
  })

  test('clean across tiny chunks', async () => {
    const { report } = await prepare('1234567890\n42\n7', 3)
    expect(report).toMatchObject({ normalized: false, ids: 3, bytes: 15 })
  })
})

describe('prepareIdFile: the four-bytes-at-a-time scan', () => {
  // Clean stretches are checked a 32-bit word at a time; these put every kind of line at every offset
  // inside a word, and across read chunks of sizes that are and are not multiples of four.
  const id = (n: number) => Array.from({ length: n }, (_, i) => String((n + i * 7) % 9)).join('')
  const lengths = Array.from({ length: 19 }, (_, i) => i + 1)

  test('IDs of 1 to 19 digits, starting at every offset inside a word, are clean', async () => {
    for (const k of [1, 2, 3, 4]) {
      // A first line of k digits shifts everything after it by k + 1 bytes.
      const lines = [id(k), ...lengths.map(id), ...lengths.map(id).reverse()]
      for (const chunk of [undefined, 4, 5, 8, 13]) {
        const { report } = await prepare(lines.join('\n') + '\n', chunk)
        expect(report).toMatchObject({ normalized: false, ids: lines.length })
      }
    }
  })

  test('20 digits starting at every offset inside a word are rejected on their line', async () => {
    for (const k of [1, 2, 3, 4]) {
      for (const chunk of [undefined, 4, 7]) {
        const err = await rejection(`${id(k)}\n${'9'.repeat(20)}\n1\n`, chunk)
        expect(err.line).toBe(2)
        expect(err.message).toMatch(/more than 19 digits/)
      }
    }
  })

  test('a fix in any byte of a word is found, and the clean part before it is kept', async () => {
    const clean = '1234567\n89\n123\n4\n'
    for (let at = 0; at <= clean.length; at++) {
      for (const fix of ['\r\n', ' \n', '\n\n']) {
        // Insert the fix at a line end when `at` is one, else skip (a fix inside digits is an error).
        if (at > 0 && clean[at - 1] !== '\n') continue
        const content = clean.slice(0, at) + '5' + fix + clean.slice(at)
        const { report, text } = await prepare(content, 8)
        expect(report.normalized).toBe(true)
        expect(text).toBe(clean.slice(0, at) + '5\n' + clean.slice(at))
      }
    }
  })
})

describe('prepareIdFile: normalization', () => {
  test('UTF-8 BOM', async () => {
    const { report, text } = await prepare('\ufeff1\n2\n')
    expect(report).toMatchObject({ normalized: true, ids: 2, bytes: 4, fixes: { ...noFixes, bom: true } })
    expect(text).toBe('1\n2\n')
  })

  test('CRLF line endings', async () => {
    const { report, text } = await prepare('1\r\n2\r\n3')
    expect(report).toMatchObject({ normalized: true, ids: 3, bytes: 6, fixes: { ...noFixes, crLines: 2 } })
    expect(text).toBe('1\n2\n3\n')
  })

  test('CR-only (old Mac) line endings', async () => {
    const { report, text } = await prepare('1\r2\r3\r')
    expect(report).toMatchObject({ ids: 3, fixes: { ...noFixes, crLines: 3 } })
    expect(text).toBe('1\n2\n3\n')
  })

  test('CR CR is a line end plus a blank line', async () => {
    const { report, text } = await prepare('1\r\r2\n')
    expect(report).toMatchObject({ ids: 2, fixes: { ...noFixes, crLines: 2, blankLines: 1 } })
    expect(text).toBe('1\n2\n')
  })

  test('trailing spaces and tabs', async () => {
    const { report, text } = await prepare('1 \n2\t\t\n3  \t')
    expect(report).toMatchObject({ ids: 3, fixes: { ...noFixes, trailingWhitespaceLines: 3 } })
    expect(text).toBe('1\n2\n3\n')
  })

  test('blank and whitespace-only lines, including a last one without LF', async () => {
    const { report, text } = await prepare('\n1\n\n \t\n2\n\n  ')
    expect(report).toMatchObject({ ids: 2, fixes: { ...noFixes, blankLines: 5 } })
    expect(text).toBe('1\n2\n')
  })

  test('a fix late in the file keeps the clean prefix byte for byte', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => String(1000000 + i * 7919))
    const { report, text } = await prepare(ids.join('\n') + '\r\n', 64)
    expect(report).toMatchObject({ normalized: true, ids: 500, fixes: { ...noFixes, crLines: 1 } })
    expect(text).toBe(ids.join('\n') + '\n')
  })

  test('chunk boundary inside a CRLF pair', async () => {
    // '12\r' | '\n34\r' | '\n'
    const { report, text } = await prepare('12\r\n34\r\n', 3)
    expect(report).toMatchObject({ ids: 2, fixes: { ...noFixes, crLines: 2 } })
    expect(text).toBe('12\n34\n')
  })

  test('every chunk size from 1 to the file size gives the same result', async () => {
    const content = '\ufeff12 \r\n\r\n345\t\r6\n \n7'
    const results: unknown[] = []
    for (let size = 1; size <= utf8(content).length; size++) {
      const { report, text } = await prepare(content, size)
      results.push({ ...report, uploadPath: undefined, text })
    }
    expect(results[0]).toEqual({
      uploadPath: undefined,
      normalized: true,
      ids: 4,
      bytes: 11,
      crc32c: crc32cOfText('12\n345\n6\n7\n'),
      fixes: { bom: true, crLines: 3, trailingWhitespaceLines: 2, blankLines: 2 },
      text: '12\n345\n6\n7\n'
    })
    for (const r of results) expect(r).toEqual(results[0])
  })

  test('the copy goes under tempDir with a unique name', async () => {
    const { file, tempDir } = await setup('1\r\n')
    const a = await prepareIdFile(file, { tempDir })
    const b = await prepareIdFile(file, { tempDir })
    expect(a.uploadPath.startsWith(tempDir)).toBe(true)
    expect(a.uploadPath).not.toBe(b.uploadPath)
    expect((await readdir(tempDir)).length).toBe(2)
  })

  test('output larger than the output buffer is flushed in full', async () => {
    // ~2.6 MB of output with 64 KiB reads: several flushes.
    const ids = Array.from({ length: 200_000 }, (_, i) => String(1e12 + i))
    const { report, text } = await prepare(ids.join('\r\n'), 65536)
    expect(report.ids).toBe(200_000)
    expect(report.bytes).toBe(text.length)
    expect(text).toBe(ids.join('\n') + '\n')
  })
})

describe('prepareIdFile: rejections', () => {
  const cases: [string, string | Uint8Array, number, RegExp][] = [
    ['a letter', '1\n2\n12a4\n', 3, /^ids-file line 3: "12a4" is not an ID \(it contains "a"\): each line/],
    ['a plus sign', '+1\n', 1, /line 1: "\+1" is not an ID \(it contains "\+"\)/],
    ['a minus sign', '1\n-1\n', 2, /line 2: "-1" is not an ID \(it contains "-"\)/],
    ['an inner space', '1\n12 34\n', 2, /line 2: "12 34" is not an ID \(a space or tab inside it\)/],
    [
      'an inner tab after trailing space',
      '1 \t2',
      1,
      /line 1: "1 \\t2" is not an ID \(a space or tab inside it\)/
    ],
    ['a leading space', '1\n 2\n', 2, /line 2: " 2" is not an ID \(a space or tab before it\)/],
    [
      '20 digits',
      '1\n12345678901234567890\n',
      2,
      /line 2: "12345678901234567890" is not an ID \(more than 19/
    ],
    [
      'a non-ASCII digit',
      '1\n\u0661\n',
      2,
      /line 2: "\u0661" is not an ID \(it contains a non-ASCII character\)/
    ],
    [
      'a control character',
      '1\n2\u0007\n',
      2,
      /line 2: "2\\u0007" is not an ID \(it contains the control character 0x07\)/
    ],
    ['a BOM in the middle', '1\n\ufeff2\n', 2, /line 2: "\\ufeff2" is not an ID \(it contains a non-ASCII/],
    ['a truncated BOM', new Uint8Array([0xef, 0xbb]), 1, /line 1: "\ufffd" is not an ID/],
    ['a comma-separated line', '1,2\n', 1, /line 1: "1,2" is not an ID \(it contains ","\)/],
    ['line numbers count CR and CRLF lines', '1\r\n2\r3\n\nx\n', 5, /line 5: "x"/],
    [
      'a NUL byte',
      '1\n2\u00003\n',
      2,
      /line 2: "2\\u00003" contains a NUL byte \(0x00\): the file looks like UTF-16/
    ]
  ]
  test.each(cases)('%s', async (_name, content, line, message) => {
    for (const chunkSize of [undefined, 1, 2, 5]) {
      const err = await rejection(content, chunkSize)
      expect(err.line).toBe(line)
      expect(err.message).toMatch(message)
    }
  })

  test.each([
    ['EF LF', [0xef, 0x0a]],
    ['EF space', [0xef, 0x20]],
    ['EF BB CR', [0xef, 0xbb, 0x0d]],
    ['EF 1', [0xef, 0x31]],
    ['EF EF', [0xef, 0xef]],
    ['EF BB BB', [0xef, 0xbb, 0xbb]]
  ])('a broken BOM (%s) is a non-ASCII character on line 1', async (_name, bytes) => {
    for (const chunkSize of [undefined, 1]) {
      const err = await rejection(new Uint8Array(bytes), chunkSize)
      expect(err.line).toBe(1)
      expect(err.message).toMatch(/^ids-file line 1: ".*" is not an ID \(it contains a non-ASCII character\)/)
    }
  })

  test('the message names the input and says what is allowed', async () => {
    const { file, tempDir } = await setup('12a4\n')
    await expect(prepareIdFile(file, { tempDir, inputName: 'my-ids' })).rejects.toThrow(
      'my-ids line 1: "12a4" is not an ID (it contains "a"): each line must hold one post or user ID of 1 to 19 digits (0-9); blank lines, CRLF and trailing spaces are fixed automatically.'
    )
  })

  test('a bad line after fixes removes the partial copy', async () => {
    const err = await rejection('1\r\n2\r\n\n3x\n', 2)
    expect(err.line).toBe(4)
  })

  test('UTF-16 LE with BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('1\n2\n', 'utf16le')])
    for (const chunkSize of [undefined, 1]) {
      const err = await rejection(bytes, chunkSize)
      expect(err.line).toBe(1)
      expect(err.message).toMatch(/^ids-file line 1: the file starts with a UTF-16 byte order mark \(FF FE\)/)
      expect(err.message).toMatch(/Save it as UTF-8/)
    }
  })

  test('UTF-16 BE with BOM', async () => {
    const le = Buffer.from('\ufeff1\n2\n', 'utf16le')
    const err = await rejection(Buffer.from(le).swap16())
    expect(err.line).toBe(1)
    expect(err.message).toMatch(/UTF-16 byte order mark \(FE FF\)/)
  })

  test('UTF-16 LE without BOM is caught by its NUL bytes', async () => {
    const err = await rejection(Buffer.from('123\n456\n', 'utf16le'))
    expect(err.line).toBe(1)
    expect(err.message).toMatch(/line 1: "1\\u00002\\u00003\\u0000" contains a NUL byte/)
  })

  test('the excerpt is cut to 40 bytes and the rest of a huge line is never read into it', async () => {
    const long = '1'.repeat(19) + 'x'.repeat(3_000_000)
    const err = await rejection(`1\n${long}\n`, 4096)
    expect(err.line).toBe(2)
    expect(err.message).toContain(`"${'1'.repeat(19)}${'x'.repeat(21)}…" is not an ID (it contains "x")`)
  })

  test('an excerpt for a line that began in an earlier chunk', async () => {
    const err = await rejection('1\n' + '2'.repeat(20) + '\n', 3)
    expect(err.line).toBe(2)
    expect(err.message).toContain(`"${'2'.repeat(20)}" is not an ID (more than 19 digits)`)
  })

  test('an excerpt does not show a multi-byte character cut at 40 bytes', async () => {
    const err = await rejection('a'.repeat(39) + 'é\n')
    expect(err.message).toContain(`"${'a'.repeat(39)}…"`)
  })

  test.each([
    ['an empty file', ''],
    ['only a BOM', '\ufeff'],
    ['only blank lines', '\n \r\n\t\n'],
    ['BOM and blank lines', '\ufeff\r\n']
  ])('%s has no IDs', async (_name, content) => {
    const err = await rejection(content)
    expect(err.line).toBeUndefined()
    expect(err.message).toMatch(/^ids-file: ".*ids\.txt" contains no IDs/)
  })

  test('a missing file', async () => {
    const p = join(root, 'nope.txt')
    const err = await prepareIdFile(p, { tempDir: join(root, 't') }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdFileError)
    expect((err as Error).message).toBe(
      `ids-file: ${JSON.stringify(p)} does not exist (ENOENT). Check the path given in ids-file; a relative path is resolved against GITHUB_WORKSPACE.`
    )
  })

  test('a path through a file', async () => {
    const { file, tempDir } = await setup('1\n')
    await expect(prepareIdFile(join(file, 'x'), { tempDir })).rejects.toThrow(
      /^ids-file: ".*" does not exist: a part of the path is not a directory \(ENOTDIR\)/
    )
  })

  test('a bad chunkSize is a programming error', async () => {
    const { file, tempDir } = await setup('1\n')
    await expect(prepareIdFile(file, { tempDir, chunkSize: 0 })).rejects.toThrow(RangeError)
  })

  test('a directory', async () => {
    await expect(prepareIdFile(root, { tempDir: join(root, 't') })).rejects.toThrow(
      /^ids-file: ".*" is a directory, not a file/
    )
  })

  // chmod 000 cannot make a file unreadable for root (CI runs as root); a symlink loop fails to open for anyone.
  test('a file that cannot be opened', async () => {
    const loop = join(root, `loop-${seq++}`)
    await symlink(loop, loop)
    await expect(prepareIdFile(loop, { tempDir: join(root, 't') })).rejects.toThrow(
      /^ids-file: .* cannot be read: .*ELOOP/
    )
  })

  test('an unwritable tempDir is reported as such', async () => {
    const { file } = await setup('1\r\n')
    const blocker = join(root, `blocker-${seq++}`)
    await writeFile(blocker, '')
    await expect(prepareIdFile(file, { tempDir: join(blocker, 'sub') })).rejects.toThrow(
      /^ids-file: could not write the normalized copy/
    )
  })
})

// Property tests: a naive, regex-based reference decides what the scanner must report.
const idArb = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 19 })
const wsArb = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 3 })
const eolArb = fc.constantFrom('\n', '\n', '\r\n', '\r')
const chunkArb = fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constant(1 << 20))

/** Lines of the file: some IDs with noise, blank lines in between; the last terminator may be dropped. */
const noisyFile = (ids: fc.Arbitrary<string[]>) =>
  fc
    .record({
      ids,
      bom: fc.boolean(),
      dropLast: fc.boolean(),
      blanksBefore: fc.array(fc.array(fc.tuple(wsArb, eolArb), { maxLength: 2 }), { maxLength: 40 }),
      trailing: fc.array(fc.tuple(wsArb, eolArb), { maxLength: 40 }),
      tail: fc.array(fc.tuple(wsArb, eolArb), { maxLength: 2 }),
      noise: fc.integer({ min: 0, max: 3 })
    })
    .map(r => {
      // noise 0 keeps some cases clean so the no-copy path is covered too.
      const lines: string[] = []
      r.ids.forEach((id, k) => {
        if (r.noise > 0) for (const [ws, eol] of r.blanksBefore[k] ?? []) lines.push(ws + eol)
        const [ws, eol] = r.noise > 0 ? (r.trailing[k] ?? ['', '\n']) : ['', '\n']
        lines.push(id + ws + eol)
      })
      if (r.noise > 0) for (const [ws, eol] of r.tail) lines.push(ws + eol)
      let text = lines.join('')
      if (r.dropLast) text = text.replace(/(\r\n|\r|\n)$/, '')
      return { ids: r.ids, text: (r.bom && r.noise > 0 ? '\ufeff' : '') + text }
    })

function reference(text: string) {
  const bom = text.startsWith('\ufeff')
  const body = bom ? text.slice(1) : text
  const lines = body.split(/\r\n|\r|\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  let blankLines = 0
  let trailingWhitespaceLines = 0
  for (const l of lines) {
    if (/^[ \t]*$/.test(l)) blankLines++
    else if (/[ \t]$/.test(l)) trailingWhitespaceLines++
  }
  const crLines = (body.match(/\r\n|\r/g) ?? []).length
  return { bom, crLines, trailingWhitespaceLines, blankLines, lines }
}

describe('prepareIdFile: properties', () => {
  test('(a) valid IDs with any allowed noise normalize to the IDs joined by LF', async () => {
    await fc.assert(
      fc.asyncProperty(
        noisyFile(fc.array(idArb, { minLength: 1, maxLength: 40 })),
        chunkArb,
        async (f, chunkSize) => {
          const { report, text } = await prepare(f.text, chunkSize)
          const ref = reference(f.text)
          const { lines: _lines, ...fixes } = ref
          expect(report.ids).toBe(f.ids.length)
          expect(report.fixes).toEqual(fixes)
          expect(report.bytes).toBe(Buffer.byteLength(text, 'latin1'))
          // the hash of the bytes to upload, computed in the same pass: the upload needs it before it starts
          expect(report.crc32c).toBe(await fileCrc32c(report.uploadPath))
          if (report.normalized) {
            expect(text).toBe(f.ids.join('\n') + '\n')
          } else {
            expect(fixes).toEqual(noFixes)
            expect(text).toBe(f.text)
            expect(text.replace(/\n$/, '')).toBe(f.ids.join('\n'))
          }
        }
      ),
      { numRuns: 150 }
    )
  })

  const badLineArb = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 20, maxLength: 30 }),
    fc.tuple(idArb, fc.constantFrom(' ', '\t', '  '), idArb).map(([a, s, b]) => a + s + b),
    fc.tuple(fc.constantFrom(' ', '\t'), idArb).map(([s, a]) => s + a),
    fc
      .tuple(
        fc.constantFrom('+', '-', '0x', ''),
        idArb,
        fc.constantFrom('a', 'e5', 'é', '\u0000', ',', '.0', '')
      )
      .map(([p, a, s]) => (p === '' && s === '' ? a + 'z' : p + a + s)),
    fc
      .string({ unit: 'binary', minLength: 1, maxLength: 30 })
      .filter(s => !/[\r\n]/.test(s) && !/^[0-9 \t]*$/.test(s) && !s.startsWith('\ufeff'))
  )

  test('(b) one bad line anywhere is reported with its line number', async () => {
    await fc.assert(
      fc.asyncProperty(
        noisyFile(fc.array(idArb, { maxLength: 30 })),
        badLineArb,
        fc.nat(),
        eolArb,
        chunkArb,
        async (f, bad, at, eol, chunkSize) => {
          // Insert the bad line at a line boundary of the noisy text.
          const bom = f.text.startsWith('\ufeff') ? '\ufeff' : ''
          const body = f.text.slice(bom.length)
          const bounds = [0]
          for (const m of body.matchAll(/\r\n|\r(?!\n)|\n/g)) bounds.push(m.index + m[0].length)
          const cut = bounds[at % bounds.length]
          const text = bom + body.slice(0, cut) + bad + eol + body.slice(cut)
          const expected = reference(bom + body.slice(0, cut)).lines.length + 1
          const err = await rejection(text, chunkSize)
          expect(err.line).toBe(expected)
          expect(err.message).toMatch(new RegExp(`^ids-file line ${expected}: `))
        }
      ),
      { numRuns: 150 }
    )
  })
})
