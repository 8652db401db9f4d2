import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { summarizeProblem } from '../../src/compliance/problem.js'

describe('summarizeProblem', () => {
  it('quotes a top-level problem as title: detail', () => {
    const p = summarizeProblem(
      '{"title":"Too Many Requests","type":"about:blank","status":429,"detail":"Too Many Requests"}'
    )
    expect(p.text).toBe('Too Many Requests')
    expect(p.title).toBe('Too Many Requests')
    const q = summarizeProblem(
      '{"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.x.com/2/problems/invalid-request"}'
    )
    expect(q.text).toBe('Invalid Request: One or more parameters to your request was invalid.')
    expect(q.type).toMatch(/invalid-request$/)
  })

  it('adds the messages of errors[] (problems, {message} and plain strings)', () => {
    expect(
      summarizeProblem('{"errors":[{"message":"Request body is not valid JSON."}],"title":"Invalid Request"}')
        .text
    ).toBe('Invalid Request: Request body is not valid JSON.')
    expect(summarizeProblem('{"errors":["internal server error"]}').text).toBe('internal server error')
    expect(summarizeProblem('{"errors":[{"code":88,"message":"Rate limit exceeded"}]}').text).toBe(
      'Rate limit exceeded'
    )
    expect(summarizeProblem('{"errors":[{"title":"Conflict","detail":"one job at a time"}]}').text).toBe(
      'Conflict: one job at a time'
    )
  })

  it("reduces a proxy's HTML page to its title, and GCS XML to code and message", () => {
    expect(
      summarizeProblem('<html><head><title>502 Bad Gateway</title></head><body><h1>oops</h1></body></html>')
        .text
    ).toBe('502 Bad Gateway')
    expect(
      summarizeProblem(
        "<?xml version='1.0'?><Error><Code>SignatureDoesNotMatch</Code><Message>Bad sig</Message></Error>"
      ).text
    ).toBe('SignatureDoesNotMatch: Bad sig')
  })

  it('handles empty and plain text bodies', () => {
    expect(summarizeProblem('').text).toBe('(empty body)')
    expect(summarizeProblem('upstream connect error\n').text).toBe('upstream connect error')
  })

  it('always returns one short line, whatever the body', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.json(),
          fc
            .record({
              title: fc.string(),
              detail: fc.string(),
              errors: fc.array(fc.oneof(fc.string(), fc.object()))
            })
            .map(o => JSON.stringify(o))
        ),
        body => {
          const { text } = summarizeProblem(body)
          expect(text.length).toBeGreaterThan(0)
          expect(text.length).toBeLessThanOrEqual(301)
          expect(text).not.toMatch(/[\n\r]/)
        }
      )
    )
  })
})
