// The `files` input resolved to the files to upload, before any request: each line a path or an @actions/glob
// pattern relative to the workspace, in line order, the matches of one pattern sorted by path. A pattern matching
// nothing, an empty or unreadable file, a raw file outside the workspace, or two files whose upload names collide
// after Redivis's escaping is bad input.
import { create as createGlob } from '@actions/glob'
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import * as path from 'node:path'
import { excerpt, InputError } from '../action/inputs.js'
import type { Kind } from './inputs.js'
import { escapeName } from './reference.js'

export interface LocalFile {
  /** Absolute path. */
  path: string
  /** Workspace-relative path with `/` (the `file` of the outputs). */
  relative: string
  /** The upload name: the base name (tabular) or the workspace-relative path (raw files). */
  name: string
  size: number
}

const GLOB_CHARS = /[*?[]/

export async function resolveFiles(lines: string[], kind: Kind, workspace: string): Promise<LocalFile[]> {
  const root = path.resolve(workspace)
  const seen = new Set<string>()
  const files: LocalFile[] = []
  for (const line of lines) {
    const matches = await matchLine(line, root)
    for (const abs of matches) {
      if (seen.has(abs)) continue
      seen.add(abs)
      files.push(await describe(abs, line, kind, root))
    }
  }
  checkNames(files, kind)
  return files
}

async function matchLine(line: string, root: string): Promise<string[]> {
  const pattern = path.isAbsolute(line.replace(/^!/, '')) ? line : path.join(root, line)
  if (line.startsWith('!'))
    throw new InputError(
      'files',
      `files line "${excerpt(line)}" is an exclusion; list the files or patterns to upload, one per line.`
    )
  if (!GLOB_CHARS.test(line)) {
    const st = await stat(pattern).catch(() => undefined)
    if (!st) throw new InputError('files', `files: "${excerpt(line)}" does not exist (looked in ${root}).`)
    if (!st.isFile())
      throw new InputError(
        'files',
        `files: "${excerpt(line)}" is not a file; give files or glob patterns such as ${excerpt(line)}/*.csv.`
      )
    return [path.resolve(pattern)]
  }
  const found = (
    await withoutDebugCommands(async () => {
      const globber = await createGlob(pattern, {
        matchDirectories: false,
        implicitDescendants: false,
        followSymbolicLinks: true
      })
      return globber.glob()
    })
  )
    .map(p => path.resolve(p))
    .sort()
  if (found.length === 0)
    throw new InputError(
      'files',
      `files: the pattern "${excerpt(line)}" matches no file (looked in ${root}).`
    )
  return found
}

async function describe(abs: string, line: string, kind: Kind, root: string): Promise<LocalFile> {
  const rel = path.relative(root, abs)
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
  if (kind === 'files' && !inside)
    throw new InputError(
      'files',
      `files: ${abs} (from "${excerpt(line)}") is outside the workspace ${root}; raw files are named by their path in the workspace, so they must be inside it.`
    )
  const st = await stat(abs)
  try {
    await access(abs, constants.R_OK)
  } catch {
    throw new InputError(
      'files',
      `files: ${abs} cannot be read (permission denied); make it readable by the user running the action.`
    )
  }
  if (st.size === 0)
    throw new InputError('files', `files: ${abs} is empty; Redivis cannot import an empty file.`)
  const relative = inside ? rel.split(path.sep).join('/') : abs
  return { path: abs, relative, name: kind === 'files' ? relative : path.basename(abs), size: st.size }
}

function checkNames(files: LocalFile[], kind: Kind): void {
  const byName = new Map<string, LocalFile>()
  for (const f of files) {
    const key = kind === 'files' ? f.name.toLowerCase() : escapeName(f.name)
    const other = byName.get(key)
    if (other)
      throw new InputError(
        'files',
        `files: ${other.relative} and ${f.relative} would both be uploaded as "${kind === 'files' ? f.name : key}"${kind === 'tabular' ? ' (Redivis escapes names: characters other than letters, digits and _ become _, case is ignored)' : ''}; rename one or upload them in separate steps.`
      )
    byName.set(key, f)
  }
}

/**
 * @actions/glob logs through core.debug, which prints `::debug::` workflow commands even outside Actions (the
 * CLI); there they are dropped, inside Actions the runner shows them only with debug logging on.
 */
async function withoutDebugCommands<T>(fn: () => Promise<T>): Promise<T> {
  if (process.env.GITHUB_ACTIONS === 'true') return fn()
  const write = process.stdout.write
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' && chunk.startsWith('::debug::')
      ? true
      : (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest)) as typeof write
  try {
    return await fn()
  } finally {
    process.stdout.write = write
  }
}
