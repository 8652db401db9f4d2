import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import {
  JsonScanError,
  TopLevelScanner,
  V_NONE,
  V_NUMBER,
  V_OTHER,
  V_STRING
} from '../../src/apply/json-field.js'

function scan(line: string, keys = ['id']): { kind: number; text: string; escaped: boolean }[] {
  const sc = new TopLevelScanner(keys)
  const buf = Buffer.from(`##${line}##`)
  sc.scan(buf, 2, buf.length - 2)
  return keys.map((_, k) => ({
    kind: sc.kind[k],
    text: sc.kind[k] === V_NONE ? '' : buf.toString('utf8', sc.start[k], sc.end[k]),
    escaped: sc.escaped[k] === 1
  }))
}
const one = (line: string, key = 'id') => scan(line, [key])[0]

describe('TopLevelScanner', () => {
  test('string and bare-number values, read as text', () => {
    expect(one('{"id":"1265324480517361664"}')).toEqual({
      kind: V_STRING,
      text: '1265324480517361664',
      escaped: false
    })
    expect(one('{"id":9007199254740993}')).toEqual({
      kind: V_NUMBER,
      text: '9007199254740993',
      escaped: false
    })
    expect(one(' { "a" : 1 ,\t"id" :\t12 } \r')).toEqual({ kind: V_NUMBER, text: '12', escaped: false })
    expect(one('{"id":null}').kind).toBe(V_OTHER)
    expect(one('{"id":{"x":1}}')).toEqual({ kind: V_OTHER, text: '{"x":1}', escaped: false })
    expect(one('{"id":"\\u0031"}')).toEqual({ kind: V_STRING, text: '\\u0031', escaped: true })
  })

  test('nested and look-alike keys are not the top-level key', () => {
    const line =
      '{"user":{"id":"1","list":[{"id":2},"}",["{"]]},"text":"\\"id\\":\\"3\\"","idx":4,"i":5,"id":"6","z":[]}'
    expect(one(line)).toEqual({ kind: V_STRING, text: '6', escaped: false })
    expect(one('{"user":{"id":"1"}}').kind).toBe(V_NONE)
    expect(one('{}').kind).toBe(V_NONE)
  })

  test('keys are compared after unescaping; other keys can be found too', () => {
    expect(one('{"\\u0069d":"7"}').text).toBe('7')
    expect(one('{"id_str":"8","id":8}', 'id_str').text).toBe('8')
    expect(one('{"é":"9"}', 'é').text).toBe('9')
    const [id, reason] = scan('{"id":"1","action":"delete","reason":"scrub_geo"}', ['id', 'reason'])
    expect([id.text, reason.text]).toEqual(['1', 'scrub_geo'])
  })

  test.each([
    ['', 'is not a JSON object'],
    ['[1]', 'is not a JSON object'],
    ['"id"', 'is not a JSON object'],
    ['{"id":"1"', 'expected "," or "}"'],
    ['{"id" "1"}', 'expected ":"'],
    ['{"id":}', 'unexpected character'],
    ['{"id":"1}', 'unterminated string'],
    ['{"id":"1",}', 'expected a key'],
    ['{"a":[1,2}', 'unbalanced brackets'],
    ['{"id":"1"} x', 'has text after its JSON object'],
    ['{"id":"1"}{"id":"2"}', 'has text after its JSON object'],
    ['{"id":"1","id":"2"}', 'has the key "id" twice'],
    ['{"id":"1","\\u0069d":"2"}', 'has the key "id" twice'],
    ['{"\\x":"1"}', 'bad escape in a key']
  ])('%j is an error: %s', (line, message) => {
    expect(() => one(line)).toThrow(JsonScanError)
    expect(() => one(line)).toThrow(message)
  })

  test('property: agrees with JSON.parse on the top-level string value for any JSON object', () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.dictionary(fc.string(), fc.string())
    )
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), fc.string(), fc.boolean(), (obj, id, spaced) => {
        const o = { ...obj, id }
        const line = spaced ? JSON.stringify(o, null, 1).replace(/\n/g, ' ') : JSON.stringify(o)
        const r = one(line)
        expect(r.kind).toBe(V_STRING)
        expect(JSON.parse(`"${r.text}"`)).toBe(id)
      }),
      { numRuns: 500 }
    )
  })
})
