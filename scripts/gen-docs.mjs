// Regenerates the README's input and output tables from action.yml and the sub-actions' action.yml files (and the reusable workflow's own inputs and
// outputs from .github/workflows/x-compliance.yml), between marker comments:
//   <!-- inputs:start --> ... <!-- inputs:end -->, <!-- outputs:start --> ... <!-- outputs:end -->,
//   <!-- workflow:start --> ... <!-- workflow:end -->
// Usage: node scripts/gen-docs.mjs          rewrite README.md
//        node scripts/gen-docs.mjs --check  exit 1 with a diff when README.md is out of date
//        --root DIR                         use DIR instead of the repository root (tests)
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ACTION_FILE = 'action.yml'
/** Sub-actions with README tables between <!-- <name>-inputs:start --> ... and <!-- <name>-outputs:start --> ... */
const SUB_ACTIONS = ['redivis-upload', 'media-upload', 'apply']
const WORKFLOW_FILE = '.github/workflows/x-compliance.yml'

/** Text for a table cell: one line, pipes escaped. */
function cell(text) {
  return String(text ?? '')
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
}

function code(value) {
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``
}

function defaultCell(input) {
  if (input.required === true) return '**required**'
  if (input.default === undefined) return ''
  const value = String(input.default)
  return value === '' ? "`''`" : code(cell(value))
}

export function renderInputs(action) {
  const rows = Object.entries(action.inputs ?? {}).map(
    ([name, input]) => `| \`${name}\` | ${defaultCell(input)} | ${cell(input.description)} |`
  )
  return ['| input | default | description |', '|---|---|---|', ...rows].join('\n')
}

export function renderOutputs(action) {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`
  )
  return ['| output | description |', '|---|---|', ...rows].join('\n')
}

/** The reusable workflow's secrets, its inputs that the action does not have, and its outputs. */
export function renderWorkflow(workflow, action) {
  const call = workflow?.on?.workflow_call ?? {}
  const actionInputs = new Set(Object.keys(action.inputs ?? {}))
  const rows = []
  for (const [name, secret] of Object.entries(call.secrets ?? {})) {
    rows.push(
      `| \`${name}\` | secret | ${secret.required ? '**required**' : ''} | ${cell(secret.description)} |`
    )
  }
  for (const [name, input] of Object.entries(call.inputs ?? {})) {
    if (actionInputs.has(name)) continue
    rows.push(`| \`${name}\` | ${input.type} | ${defaultCell(input)} | ${cell(input.description)} |`)
  }
  const outputs = Object.entries(call.outputs ?? {}).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`
  )
  return [
    '| name | kind | default | description |',
    '|---|---|---|---|',
    ...rows,
    '',
    '| output | description |',
    '|---|---|',
    ...outputs
  ].join('\n')
}

/** Replaces the text between <!-- key:start --> and <!-- key:end --> (markers kept). */
export function replaceBetween(text, key, body) {
  const start = `<!-- ${key}:start -->`
  const end = `<!-- ${key}:end -->`
  const i = text.indexOf(start)
  const j = text.indexOf(end)
  if (i < 0 || j < 0 || j < i) throw new Error(`README.md has no ${start} ... ${end} markers`)
  if (text.indexOf(start, i + 1) >= 0) throw new Error(`README.md has more than one ${start} marker`)
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`
}

export async function renderReadme(root) {
  const action = parse(await fs.readFile(path.join(root, ACTION_FILE), 'utf8'))
  const readme = await fs.readFile(path.join(root, 'README.md'), 'utf8')
  let next = replaceBetween(readme, 'inputs', renderInputs(action))
  next = replaceBetween(next, 'outputs', renderOutputs(action))
  for (const sub of SUB_ACTIONS) {
    const file = path.join(root, sub, ACTION_FILE)
    const text = await fs.readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) continue
    const subAction = parse(text)
    next = replaceBetween(next, `${sub}-inputs`, renderInputs(subAction))
    next = replaceBetween(next, `${sub}-outputs`, renderOutputs(subAction))
  }
  if (next.includes('<!-- workflow:start -->')) {
    const workflow = parse(await fs.readFile(path.join(root, WORKFLOW_FILE), 'utf8'))
    next = replaceBetween(next, 'workflow', renderWorkflow(workflow, action))
  }
  return { current: readme, next }
}

/** A small line diff (LCS) for the check mode's message. */
export function lineDiff(a, b) {
  const x = a.split('\n')
  const y = b.split('\n')
  const lcs = Array.from({ length: x.length + 1 }, () => new Array(y.length + 1).fill(0))
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const out = []
  let i = 0
  let j = 0
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++
      j++
    } else if (j < y.length && (i === x.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push(`+ ${y[j]}  (README line ${i + 1})`)
      j++
    } else {
      out.push(`- ${x[i]}  (README line ${i + 1})`)
      i++
    }
  }
  return out.join('\n')
}

async function main(argv) {
  const check = argv.includes('--check')
  const rootAt = argv.indexOf('--root')
  const root =
    rootAt >= 0
      ? path.resolve(argv[rootAt + 1])
      : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const { current, next } = await renderReadme(root)
  if (current === next) {
    console.log('README.md tables match action.yml.')
    return 0
  }
  if (check) {
    console.error(
      'README.md tables differ from action.yml; run `node scripts/gen-docs.mjs` and commit the result.'
    )
    console.error(lineDiff(current, next))
    return 1
  }
  await fs.writeFile(path.join(root, 'README.md'), next)
  console.log('README.md tables regenerated from action.yml.')
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    code => process.exit(code),
    err => {
      console.error(err instanceof Error ? err.message : err)
      process.exit(2)
    }
  )
}
