// The README's tables are generated from action.yml (scripts/gen-docs.mjs), and the workflows, the README's example
// workflows and action.yml pass the offline linters (scripts/lint-actions.ts). Both scripts run as the CI runs
// them, in a child process; the broken fixtures prove that the linters do catch what GitHub would reject.
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const root = path.resolve('.')
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')

type Run = { code: number; stdout: string; stderr: string }

function run(file: string, args: string[]): Promise<Run> {
  const env = { ...process.env }
  delete env.NODE_OPTIONS // jest's --experimental-vm-modules is not for the child
  return new Promise(resolve => {
    execFile(file, args, { cwd: root, env, timeout: 50_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0
      resolve({ code, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

const genDocs = (...args: string[]) =>
  run(process.execPath, [path.join(root, 'scripts/gen-docs.mjs'), ...args])
const lintActions = (...args: string[]) => run(tsx, [path.join(root, 'scripts/lint-actions.ts'), ...args])

/** A copy of the files the scripts read, in a temp dir, for breaking on purpose. */
async function fixture(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'x-compliance-docs-'))
  await fs.mkdir(path.join(dir, '.github', 'workflows'), { recursive: true })
  for (const file of ['action.yml', 'README.md', '.github/workflows/x-compliance.yml']) {
    await fs.copyFile(path.join(root, file), path.join(dir, file))
  }
  return dir
}

async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await fs.readFile(file, 'utf8')
  const next = text.replace(from, to)
  if (next === text) throw new Error(`fixture edit did not apply to ${file}: ${String(from)}`)
  await fs.writeFile(file, next)
}

describe('README tables', () => {
  it('match action.yml (run `node scripts/gen-docs.mjs` to regenerate them)', async () => {
    const res = await genDocs('--check')
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
  })

  it('are reported with a diff when action.yml changes', async () => {
    const dir = await fixture()
    try {
      await edit(path.join(dir, 'action.yml'), 'Optional name for the new job', 'A name for the new job')
      const res = await genDocs('--check', '--root', dir)
      expect(res.code).toBe(1)
      expect(res.stderr).toContain('README.md tables differ from action.yml')
      expect(res.stderr).toMatch(/^- \| `job-name` \| `''` \| Optional name for the new job/m)
      expect(res.stderr).toMatch(/^\+ \| `job-name` \| `''` \| A name for the new job/m)

      expect((await genDocs('--root', dir)).code).toBe(0)
      expect((await genDocs('--check', '--root', dir)).code).toBe(0)
      expect(await fs.readFile(path.join(dir, 'README.md'), 'utf8')).toContain('| A name for the new job')
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})

describe('lint-actions', () => {
  it('finds nothing in the repository', async () => {
    const res = await lintActions()
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
  })

  it('fails on what GitHub would reject', async () => {
    const dir = await fixture()
    try {
      // The runner accepts node12/16/20/24 only.
      await edit(path.join(dir, 'action.yml'), 'using: node24', 'using: node22')
      // An output of a job that is not in `needs`; an input the action does not have; a bad default.
      await fs.writeFile(
        path.join(dir, '.github/workflows/broken.yml'),
        [
          'on: push',
          'jobs:',
          '  a:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - uses: ./',
          '        with:',
          '          bearer-token: t',
          '          type: tweets',
          '          chunk-size-bytes: 1',
          '      - run: echo "${{ needs.x.outputs.y }}"',
          ''
        ].join('\n')
      )
      await edit(path.join(dir, '.github/workflows/x-compliance.yml'), 'default: 64MiB', 'default: 4MiB')
      // The README's examples pass an input the reusable workflow, and one the action, does not have.
      await edit(
        path.join(dir, 'README.md'),
        /^ {6}ids-file: data\/tweet-ids\.txt$/m,
        '      ids-path: data/tweet-ids.txt'
      )
      await edit(
        path.join(dir, 'README.md'),
        /^ {10}ids-file: data\/tweet-ids\.txt$/m,
        '          ids-fil: data/tweet-ids.txt'
      )

      const res = await lintActions('--root', dir)
      expect(res.code).toBe(1)
      expect(res.stderr).toMatch(/^action\.yml:\d+:\d+: Unexpected value 'node22' \[validate\]$/m)
      expect(res.stderr).toMatch(
        /^\.github\/workflows\/broken\.yml:11:\d+: property "x" is not defined in object type \{\} \[expression\]$/m
      )
      expect(res.stderr).toMatch(
        /^\.github\/workflows\/broken\.yml:10:\d+: action\.yml has no input 'chunk-size-bytes' \[contract\]$/m
      )
      expect(res.stderr).toMatch(
        /x-compliance\.yml:\d+:\d+: default of 'chunk-size' is '4MiB', action\.yml says '64MiB'/
      )
      expect(res.stderr).toMatch(
        /^README\.md:\d+:\d+: Invalid input, ids-path is not defined in the referenced workflow/m
      )
      expect(res.stderr).toMatch(/^README\.md:\d+:\d+: action\.yml has no input 'ids-fil' \[contract\]$/m)
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})

// The README's Reliability table names, per fault, the tests that show it: `tag` then `describe › test` (or just
// `test` for a tag with a default describe). Tags are defined by the section's list: **tag**: `file`, describe
// *D*. Every name must exist exactly, which jest itself tells: a run that matches no test lists every test.
describe('README Reliability table', () => {
  interface Cited {
    row: string
    tag: string
    name: string
  }

  async function readSection(): Promise<string> {
    const readme = await fs.readFile(path.join(root, 'README.md'), 'utf8')
    const start = readme.indexOf('\n## Reliability\n')
    const end = readme.indexOf('\n## ', start + 1)
    expect(start).toBeGreaterThan(0)
    return readme.slice(start, end)
  }

  function parse(section: string) {
    const tags = new Map<string, { file: string; describe?: string }>()
    for (const m of section.matchAll(/\*\*([\w-]+)\*\*: `(__tests__\/[^`]+)`(?:, describe \*([^*]+)\*)?/g))
      tags.set(m[1], { file: m[2], describe: m[3] })
    const rows = new Map<string, Cited[]>()
    for (const line of section.split('\n').filter(l => /^\| F\d+ \|/.test(l))) {
      const cells = line.split(' | ')
      const row = cells[0].slice(2)
      const cited: Cited[] = []
      let tag = ''
      for (const m of cells[3].matchAll(/`([^`]+)`|([\w-]+)/g)) {
        if (m[2] !== undefined && tags.has(m[2])) tag = m[2]
        else if (m[1] !== undefined) {
          if (!tag) throw new Error(`${row}: \`${m[1]}\` follows no tag`)
          const d = tags.get(tag)!.describe
          const name = m[1].includes(' › ') || !d ? m[1] : `${d} › ${m[1]}`
          cited.push({ row, tag, name })
        }
      }
      rows.set(row, [...(rows.get(row) ?? []), ...cited])
    }
    return { tags, rows }
  }

  /** Every test's `describe › … › test` name per file, as jest collects them (none is run). */
  async function testNames(files: string[]): Promise<Map<string, Set<string>>> {
    const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'x-compliance-names-')), 'names.json')
    const env = { ...process.env, NODE_OPTIONS: '--experimental-vm-modules', NODE_NO_WARNINGS: '1' }
    const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js')
    const args = [jest, '--json', `--outputFile=${out}`, '--testNamePattern', '^\\b$', ...files]
    const res = await new Promise<Run>(resolve =>
      execFile(process.execPath, args, { cwd: root, env, timeout: 50_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, stdout: String(stdout), stderr: String(stderr) })
      )
    )
    expect({ code: res.code, stderr: res.code ? res.stderr : '' }).toEqual({ code: 0, stderr: '' })
    const json = JSON.parse(await fs.readFile(out, 'utf8')) as {
      testResults: { name: string; assertionResults: { ancestorTitles: string[]; title: string }[] }[]
    }
    await fs.rm(path.dirname(out), { recursive: true, force: true })
    return new Map(
      json.testResults.map(r => [
        path.relative(root, r.name),
        new Set(r.assertionResults.map(a => [...a.ancestorTitles, a.title].join(' › ')))
      ])
    )
  }

  it('has a row for every fault F1–F25, each naming at least one engine-level test', async () => {
    const { tags, rows } = parse(await readSection())
    expect([...rows.keys()]).toEqual(Array.from({ length: 25 }, (_, i) => `F${i + 1}`))
    for (const [row, cited] of rows) {
      const engine = cited.filter(c => /^__tests__\/(upload|net)\//.test(tags.get(c.tag)!.file))
      expect({ row, engine: engine.length > 0 }).toEqual({ row, engine: true })
    }
  })

  it('names only tests that exist, exactly', async () => {
    const { tags, rows } = parse(await readSection())
    const names = await testNames([...new Set([...tags.values()].map(t => t.file))])
    const missing = [...rows.values()]
      .flat()
      .filter(c => !names.get(tags.get(c.tag)!.file)?.has(c.name))
      .map(c => `${c.row} ${c.tag}: ${c.name}`)
    expect(missing).toEqual([])
  })
})
