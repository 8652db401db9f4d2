// The workflow run this step belongs to, from @actions/github's context module alone. The package exports only
// its Octokit entry, which would load Octokit for a handful of environment variables, so the module is imported
// by its path. Outside Actions (the CLI) there is no run: undefined, never a made-up one.
import { Context } from '../../node_modules/@actions/github/lib/context.js'

export interface RunContext {
  repository: string
  run_id: number
  run_attempt: number
  sha: string
  workflow: string
  /** {server}/{owner}/{repo}/actions/runs/{run_id} */
  url: string
}

export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext | undefined {
  if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined
  const c = new Context()
  const { owner, repo } = c.repo
  if (!owner || !repo || !Number.isSafeInteger(c.runId) || c.runId <= 0) return undefined
  const server = (c.serverUrl || 'https://github.com').replace(/\/+$/, '')
  return {
    repository: `${owner}/${repo}`,
    run_id: c.runId,
    run_attempt: Number.isSafeInteger(c.runAttempt) ? c.runAttempt : 1,
    sha: c.sha ?? '',
    workflow: c.workflow ?? '',
    url: `${server}/${owner}/${repo}/actions/runs/${c.runId}`
  }
}

/** The artifact's page: {run url}/artifacts/{artifact-id}. */
export function artifactUrl(run: RunContext, artifactId: number): string {
  return `${run.url}/artifacts/${artifactId}`
}
