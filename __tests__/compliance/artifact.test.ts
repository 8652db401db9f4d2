import { describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { artifactSkipReason, publishArtifact, type ArtifactUploader } from '../../src/compliance/artifact.js'
import { newReport, type RunReport } from '../../src/compliance/report.js'
import { createLogger } from '../../src/action/log.js'

async function setup() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xc-art-'))
  const results = path.join(dir, '42.jsonl')
  await fs.writeFile(results, '{"id":"1","action":"delete","reason":"deleted"}\n')
  const report: RunReport = newReport('users')
  Object.assign(report, {
    jobId: '42',
    status: 'complete',
    results: {
      file: results,
      count: 1,
      bytes: 49,
      counts: { total: 1, byAction: { delete: 1 }, byReason: { deleted: 1 } }
    }
  })
  const lines: string[] = []
  const log = createLogger({ inActions: false, write: l => lines.push(l) })
  return { dir, results, report, lines, log, env: { RUNNER_TEMP: dir } as NodeJS.ProcessEnv }
}

describe('publishArtifact', () => {
  it('uploads the results file and summary.json under the filled-in name', async () => {
    const { report, log, env, results } = await setup()
    const calls: { name: string; files: string[]; root: string; contents: string[] }[] = []
    const uploader: ArtifactUploader = {
      async upload(name, files, root) {
        calls.push({ name, files, root, contents: await Promise.all(files.map(f => fs.readFile(f, 'utf8'))) })
        return { id: 7 }
      }
    }
    await publishArtifact({ artifactName: 'res-{type}-{job-id}', type: 'users' }, report, {
      env,
      log,
      uploader,
      version: '9'
    })
    expect(calls).toHaveLength(1)
    expect(calls[0].name).toBe('res-users-42')
    expect(calls[0].files.map(f => path.relative(calls[0].root, f))).toEqual(['42.jsonl', 'summary.json'])
    expect(calls[0].contents[0]).toBe(await fs.readFile(results, 'utf8'))
    expect(JSON.parse(calls[0].contents[1]).job.id).toBe('42')
    expect(report.artifact).toEqual({ name: 'res-users-42', id: 7 })
  })

  it('skips with a notice when artifact-name is empty', async () => {
    const { report, log, env, lines } = await setup()
    await publishArtifact({ artifactName: null, type: 'users' }, report, { env, log, version: '9' })
    expect(report.artifact?.skipped).toBe('artifact-name is empty')
    expect(lines.join('\n')).toMatch(/^notice: Artifact skipped: artifact-name is empty/m)
  })

  it('skips with a notice outside GitHub Actions', async () => {
    const { report, log, env, lines } = await setup()
    expect(artifactSkipReason(env)).toMatch(/ACTIONS_RUNTIME_TOKEN/)
    expect(artifactSkipReason({ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'u' })).toBeUndefined()
    await publishArtifact({ artifactName: 'a-{job-id}', type: 'users' }, report, { env, log, version: '9' })
    expect(report.artifact).toEqual({
      name: 'a-42',
      skipped: expect.stringMatching(/not running in a GitHub Actions job/)
    })
    expect(lines.join('\n')).toMatch(/notice: Artifact skipped: not running in a GitHub Actions job/)
  })

  it('turns a failed upload into a warning and keeps the results file', async () => {
    const { report, log, env, lines, results } = await setup()
    const uploader: ArtifactUploader = { upload: async () => Promise.reject(new Error('quota exceeded')) }
    await publishArtifact({ artifactName: 'a', type: 'users' }, report, { env, log, uploader, version: '9' })
    expect(report.artifact?.skipped).toBe('the artifact upload failed')
    expect(lines.join('\n')).toMatch(
      /warning: Artifact a could not be uploaded: quota exceeded\. The results file stays at/
    )
    await expect(fs.access(results)).resolves.toBeUndefined()
  })
})
