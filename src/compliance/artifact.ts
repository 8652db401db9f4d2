// The results artifact: the results file plus summary.json, behind a small interface so tests can swap it.
// @actions/artifact is heavy and only useful inside a real Actions job, so it is loaded lazily.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { artifactNameFor, tempRoot, type Inputs } from './inputs.js'
import type { Logger } from '../action/log.js'
import type { RunReport } from './report.js'
import { summaryJson } from './summary.js'

export interface ArtifactUploader {
  upload(name: string, files: string[], rootDirectory: string): Promise<{ id?: number }>
}

/** Why the artifact cannot be uploaded here, or undefined when it can. */
export function artifactSkipReason(env: NodeJS.ProcessEnv): string | undefined {
  if (env.X_COMPLIANCE_ARTIFACT_DIR) return undefined
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
    return 'not running in a GitHub Actions job (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is missing)'
  }
  return undefined
}

/** The artifact service in Actions, or a plain directory when X_COMPLIANCE_ARTIFACT_DIR is set (local runs, other CI). */
export function defaultArtifactUploader(env: NodeJS.ProcessEnv): ArtifactUploader {
  const dir = env.X_COMPLIANCE_ARTIFACT_DIR
  if (dir) return directoryUploader(dir)
  return {
    async upload(name, files, rootDirectory) {
      const { DefaultArtifactClient } = await import('@actions/artifact')
      const res = await new DefaultArtifactClient().uploadArtifact(name, files, rootDirectory, {
        retentionDays: 0
      })
      return { id: res.id }
    }
  }
}

export function directoryUploader(dir: string): ArtifactUploader {
  return {
    async upload(name, files, rootDirectory) {
      const target = path.join(dir, name)
      await fs.mkdir(target, { recursive: true })
      for (const f of files) await fs.copyFile(f, path.join(target, path.relative(rootDirectory, f)))
      return {}
    }
  }
}

/**
 * Puts the results file and summary.json side by side in a staging directory (a hard link where possible, so
 * a large results file is not copied) and returns what to upload.
 */
export async function stageArtifact(
  stagingDir: string,
  resultsFile: string,
  summaryJson: string
): Promise<{ files: string[]; rootDirectory: string }> {
  await fs.rm(stagingDir, { recursive: true, force: true })
  await fs.mkdir(stagingDir, { recursive: true })
  const base = path.basename(resultsFile)
  const staged = path.join(stagingDir, base === 'summary.json' ? 'results.jsonl' : base)
  await fs.link(resultsFile, staged).catch(() => fs.copyFile(resultsFile, staged))
  const summary = path.join(stagingDir, 'summary.json')
  await fs.writeFile(summary, summaryJson)
  return { files: [staged, summary], rootDirectory: stagingDir }
}

/**
 * Uploads the results and summary.json as an artifact, or records why not. Never fails the run: a failed upload
 * is a warning and the results file stays where it is.
 */
export async function publishArtifact(
  inputs: Pick<Inputs, 'artifactName' | 'type'>,
  report: RunReport,
  deps: { env: NodeJS.ProcessEnv; log: Logger; uploader?: ArtifactUploader; version: string }
): Promise<void> {
  const { env, log } = deps
  if (!report.results || !report.jobId) return
  if (inputs.artifactName === null) {
    report.artifact = { name: '', skipped: 'artifact-name is empty' }
    log.notice('Artifact skipped: artifact-name is empty. The results file stays on the runner.')
    return
  }
  const name = artifactNameFor(inputs.artifactName, inputs.type, report.jobId)
  const skip = deps.uploader ? undefined : artifactSkipReason(env)
  if (skip) {
    report.artifact = { name, skipped: skip }
    log.notice(`Artifact skipped: ${skip}. The results file is ${report.results.file}.`)
    return
  }
  try {
    const staged = await stageArtifact(
      path.join(tempRoot(env), `artifact-${report.jobId}`),
      report.results.file,
      summaryJson(report, deps.version)
    )
    const res = await (deps.uploader ?? defaultArtifactUploader(env)).upload(
      name,
      staged.files,
      staged.rootDirectory
    )
    report.artifact = { name, id: res.id }
    log.info(`Artifact ${name} uploaded${res.id !== undefined ? ` (id ${res.id})` : ''}`)
  } catch (err) {
    report.artifact = { name, skipped: 'the artifact upload failed' }
    log.warning(
      `Artifact ${name} could not be uploaded: ${log.redact(err instanceof Error ? err.message : String(err))}. ` +
        `The results file stays at ${report.results.file}.`
    )
  }
}
