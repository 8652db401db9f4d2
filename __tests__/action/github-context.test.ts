// The run context comes from @actions/github's context module, which reads process.env.
import { afterEach, describe, expect, it } from '@jest/globals'
import { artifactUrl, runContext } from '../../src/action/github-context.js'

const VARS = [
  'GITHUB_ACTIONS',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_SHA',
  'GITHUB_WORKFLOW',
  'GITHUB_EVENT_PATH'
]
const saved = Object.fromEntries(VARS.map(v => [v, process.env[v]]))
afterEach(() => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v]
    else process.env[v] = saved[v]
  }
})

function setRun(vars: Record<string, string>): void {
  for (const v of VARS) delete process.env[v]
  Object.assign(process.env, vars)
}

describe('runContext', () => {
  it('describes the run and links to it on the run’s own server', () => {
    setRun({
      GITHUB_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'https://ghe.example.com/',
      GITHUB_REPOSITORY: 'octo/data',
      GITHUB_RUN_ID: '123456789012',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_SHA: 'deadbeef',
      GITHUB_WORKFLOW: 'Weekly'
    })
    const run = runContext()
    expect(run).toEqual({
      repository: 'octo/data',
      run_id: 123456789012,
      run_attempt: 2,
      sha: 'deadbeef',
      workflow: 'Weekly',
      url: 'https://ghe.example.com/octo/data/actions/runs/123456789012'
    })
    expect(artifactUrl(run!, 55)).toBe(
      'https://ghe.example.com/octo/data/actions/runs/123456789012/artifacts/55'
    )
  })

  it('is absent outside Actions, or without a repository or run id', () => {
    setRun({ GITHUB_REPOSITORY: 'octo/data', GITHUB_RUN_ID: '1' })
    expect(runContext()).toBeUndefined()
    setRun({ GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: '1' })
    expect(runContext()).toBeUndefined()
    setRun({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'octo/data', GITHUB_RUN_ID: 'x' })
    expect(runContext()).toBeUndefined()
  })

  it('defaults the server to github.com and the attempt to 1', () => {
    setRun({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5' })
    expect(runContext()).toMatchObject({ run_attempt: 1, url: 'https://github.com/o/r/actions/runs/5' })
  })
})
