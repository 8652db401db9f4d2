import { describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { jsonPrefix, moreLine, writeListFile } from '../../src/action/long-list.js'

describe('long lists', () => {
  it('keeps the longest prefix whose JSON fits, counting bytes (not characters)', () => {
    const items = [{ n: 'aaaa' }, { n: 'ééé' }, { n: 'c' }]
    const whole = JSON.stringify(items)
    expect(jsonPrefix(items, Buffer.byteLength(whole))).toEqual({ json: whole, count: 3 })
    // {"n":"ééé"} is 11 characters but 14 bytes: one byte short of the first two, only the first fits.
    const two = Buffer.byteLength(JSON.stringify(items.slice(0, 2)))
    expect(jsonPrefix(items, two - 1)).toEqual({ json: JSON.stringify(items.slice(0, 1)), count: 1 })
    expect(jsonPrefix(items, 5)).toEqual({ json: '[]', count: 0 })
    expect(JSON.parse(jsonPrefix(items, two).json)).toEqual(items.slice(0, 2))
  })

  it('writes the whole list under RUNNER_TEMP and names it after the cut', async () => {
    const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'long-list-'))
    try {
      const file = writeListFile({ RUNNER_TEMP: temp }, 'uploads.json', [1, 2, 3])
      expect(path.dirname(path.dirname(file))).toBe(temp)
      expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual([1, 2, 3])
      expect(moreLine(2, file)).toBe(`…and 2 more (the whole list: ${file})`)
      expect(moreLine(2)).toBe('…and 2 more')
    } finally {
      await fs.rm(temp, { recursive: true, force: true })
    }
  })
})
