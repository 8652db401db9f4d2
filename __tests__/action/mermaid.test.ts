import { describe, expect, it } from '@jest/globals'
import { mermaidLabel, mermaidPie } from '../../src/action/mermaid.js'
import { renderSummary } from '../../src/compliance/summary.js'
import { newReport } from '../../src/compliance/report.js'

describe('Mermaid pie charts in summaries', () => {
  it('quote every label, writing what would end or break it as entity codes (reasons may be anything)', () => {
    expect(mermaidLabel('deleted')).toBe('"deleted"')
    expect(mermaidLabel('a "quoted" #tag\nwith `ticks`')).toBe(
      '"a #quot;quoted#quot; #35;tag with #96;ticks#96;"'
    )
    expect(mermaidLabel('<b>&</b>')).toBe('"<b>&</b>"') // a fenced block is not HTML: nothing to escape there
  })

  it('encode % so a directive such as %%{init: ...}%% inside a reason stays text', () => {
    expect(mermaidLabel('%%{init: {"theme": "dark"}}%% 50%')).toBe(
      '"#37;#37;{init: {#quot;theme#quot;: #quot;dark#quot;}}#37;#37; 50#37;"'
    )
    expect(mermaidLabel('#%')).toBe('"#35;#37;"') // the entity codes themselves are not encoded again
    const pie = mermaidPie('By reason', { '%%{init: {"theme": "dark"}}%%': 1 }) ?? ''
    expect(pie).not.toContain('%')
  })

  it('merge labels that read the same once quoted into one slice, adding their counts', () => {
    expect(mermaidPie('By reason', { 'a\nb': 2, 'a b': 3, 'a\r\n\tb': 1, c: 1 })).toBe(
      '```mermaid\npie title By reason\n    "a b" : 6\n    "c" : 1\n```'
    )
  })

  it('draw only the non-zero slices, and nothing when all are zero', () => {
    expect(mermaidPie('By reason', { deleted: 3, protected: 0, suspended: 1 })).toBe(
      '```mermaid\npie title By reason\n    "deleted" : 3\n    "suspended" : 1\n```'
    )
    expect(mermaidPie('By reason', { deleted: 0 })).toBeUndefined()
  })

  it("appear in the compliance summary beside the reasons' table", () => {
    const r = newReport('tweets')
    r.results = {
      file: '/t/r.jsonl',
      count: 4,
      counts: { total: 4, byAction: { delete: 4 }, byReason: { deleted: 3, 'suspended "x"': 1 } }
    } as never
    const text = renderSummary(r)
    expect(text).toContain('<h3>By reason</h3>')
    expect(text).toMatch(
      /\n\n```mermaid\npie title IDs needing action, by reason\n {4}"deleted" : 3\n {4}"suspended #quot;x#quot;" : 1\n```\n/
    )
  })
})
