#!/usr/bin/env node
// dist/ is committed (the runner executes it as it is): rebuild every bundle and fail, naming the files, when the
// result differs from what git has. Used by .ci/run and the check-dist workflow.
import { execFileSync, spawnSync } from 'node:child_process'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bundle = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], {
  cwd: root,
  stdio: 'inherit'
})
if (bundle.status !== 0) {
  console.error('check-dist: npm run bundle failed')
  process.exit(1)
}
const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist'], {
  cwd: root,
  encoding: 'utf8'
})
const changed = status.split('\n').filter(Boolean)
if (changed.length > 0) {
  console.error(`check-dist: dist/ differs from the sources in ${changed.length} file(s):`)
  for (const line of changed) console.error(`  ${line}`)
  console.error('Run `npm run bundle` and commit dist/.')
  process.exit(1)
}
console.log('check-dist: dist/ matches the sources')
