import { describe, expect, it } from '@jest/globals'
import { isLoopbackHost } from '../../src/net/loopback.js'

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['[::1]', true],
    ['::1', true],
    ['[0:0:0:0:0:0:0:1]', true],
    ['[::ffff:7f00:1]', true],
    ['[::ffff:7fff:ffff]', true],
    ['localhost', true],
    ['localhost.', true],
    ['LOCALHOST', true],
    ['128.0.0.1', false],
    ['[::ffff:8000:1]', false],
    ['127.0.0.1.example.com', false],
    ['localhost.example.com', false],
    ['[::2]', false],
    ['', false]
  ])('%s: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})
