import { describe, expect, it } from '@jest/globals'
import { renderSummary, summaryJson } from '../../src/compliance/summary.js'
import { newReport } from '../../src/compliance/report.js'

function completeReport() {
  const r = newReport('tweets')
  Object.assign(r, {
    jobId: '1460000000000000001',
    jobName: '<script>alert(1)</script>',
    status: 'complete',
    idsCount: 1000,
    bytesUploaded: 20000,
    upload: { bytes: 20000, elapsedMs: 2000, sessions: 1, requests: 3 },
    faultsRecovered: 2,
    waitedMs: 65_000,
    results: {
      file: '/tmp/x/1460000000000000001.jsonl',
      count: 3,
      bytes: 300,
      counts: { total: 3, byAction: { delete: 3 }, byReason: { deleted: 2, 'a<b': 1 } }
    },
    artifact: { name: 'x-compliance-tweets-1460000000000000001', id: 9 }
  })
  return r
}

describe('renderSummary', () => {
  it('shows the facts of a complete run, HTML-escaped', () => {
    const html = renderSummary(completeReport())
    expect(html).toContain('<td>Type</td><td>tweets</td>')
    expect(html).toContain('<td>Status</td><td>complete</td>')
    expect(html).toContain('<td>IDs in the file</td><td>1,000</td>')
    expect(html).toContain('<td>Upload speed</td><td>0.0 MB/s</td>')
    expect(html).toContain('<td>Faults recovered</td><td>2</td>')
    expect(html).toContain('<td>Time waited for the job</td><td>65 s</td>')
    expect(html).toContain('<td>IDs needing action</td><td>3</td>')
    expect(html).toContain('<td>Results file</td><td>1460000000000000001.jsonl</td>')
    expect(html).toContain('<td>a&lt;b</td><td>1</td>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('/tmp/x')
  })

  it('on failure shows the error and how to rerun', () => {
    const r = newReport('users')
    Object.assign(r, {
      jobId: '5',
      status: 'in_progress',
      error: 'boom <b>',
      rerunHint: 'rerun with job-id: 5 to continue waiting'
    })
    const html = renderSummary(r)
    expect(html).toContain('failed')
    expect(html).toContain('boom &lt;b&gt;')
    expect(html).toContain('To resume: rerun with job-id: 5 to continue waiting.')
  })

  it('after an expired upload window, advises a new job rather than a rerun with job-id', () => {
    const r = newReport('tweets')
    Object.assign(r, { jobId: '5', status: 'created', error: 'expired', uploadExpired: true })
    const html = renderSummary(r)
    expect(html).toContain('run again without job-id')
    expect(html).not.toContain('rerun with job-id')
  })

  it('renders when nothing is known (bad input)', () => {
    const r = newReport()
    r.error = 'type is required'
    expect(renderSummary(r)).toContain('type is required')
  })
})

describe('links to the run and the artifact', () => {
  const run = {
    repository: 'octo/data',
    run_id: 77,
    run_attempt: 3,
    sha: 'abc',
    workflow: 'Compliance <weekly>',
    url: 'https://github.example/octo/data/actions/runs/77'
  }

  it('links the workflow run and, with an artifact id, the artifact; names are escaped', () => {
    const html = renderSummary({ ...completeReport(), run })
    expect(html).toContain(
      '<td>Workflow run</td><td><a href="https://github.example/octo/data/actions/runs/77">Compliance &lt;weekly&gt; #77</a></td>'
    )
    expect(html).toContain(
      '<td>Artifact</td><td><a href="https://github.example/octo/data/actions/runs/77/artifacts/9">x-compliance-tweets-1460000000000000001</a></td>'
    )
  })

  it('names an artifact without an id, and links nothing outside Actions', () => {
    const noId = renderSummary({ ...completeReport(), run, artifact: { name: 'a-name' } })
    expect(noId).toContain('<td>Artifact</td><td>a-name</td>')
    const outside = renderSummary(completeReport())
    expect(outside).not.toContain('<a ')
    expect(outside).not.toContain('Workflow run')
  })

  it('summary.json has the provenance as a top-level run object, and none outside Actions', () => {
    const json = JSON.parse(summaryJson({ ...completeReport(), run }, '1.2.3'))
    expect(json.run).toEqual({
      repository: 'octo/data',
      run_id: 77,
      run_attempt: 3,
      sha: 'abc',
      workflow: 'Compliance <weekly>'
    })
    expect(JSON.parse(summaryJson(completeReport(), '1.2.3'))).not.toHaveProperty('run')
  })
})

describe('summaryJson', () => {
  it('holds job, ids_count, bytes_uploaded, upload, results and version', () => {
    const j = JSON.parse(summaryJson(completeReport(), '1.2.3'))
    expect(Object.keys(j)).toEqual(['job', 'ids_count', 'bytes_uploaded', 'upload', 'results', 'version'])
    expect(j.job).toEqual({
      id: '1460000000000000001',
      type: 'tweets',
      name: '<script>alert(1)</script>',
      status: 'complete'
    })
    expect(j.upload).toEqual({ bytes: 20000, seconds: 2, mb_per_s: 0.01, sessions: 1, faults_recovered: 2 })
    expect(j.results).toEqual({
      file: '1460000000000000001.jsonl',
      count: 3,
      by_action: { delete: 3 },
      by_reason: { deleted: 2, 'a<b': 1 }
    })
    expect(j.version).toBe('1.2.3')
  })
})
