// dist/licenses.txt from the packages a bundle really contains, read from ncc's webpack stats: one entry per
// installed copy (name@version), sorted, with its license field and license file. ncc's own --license keeps one
// entry per package name and picks the copy by module order, which changes from build to build when two
// versions of a package are bundled (isarray 1 and 2): the committed dist/ must come out the same every time.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i

/** Package directories (…/node_modules/<name> or …/node_modules/@scope/<name>) of every module in the stats. */
function packageDirs(stats, root) {
  const dirs = new Set()
  const visit = m => {
    for (const id of [m.name, m.identifier, m.nameForCondition].filter(Boolean)) {
      const file = String(id).split('!').pop()
      const at = file.lastIndexOf(`${path.sep}node_modules${path.sep}`)
      if (at < 0) continue
      const rest = file.slice(at + '/node_modules/'.length).split(path.sep)
      const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]
      dirs.add(path.resolve(root, file.slice(0, at), 'node_modules', name))
    }
    for (const c of m.modules ?? []) visit(c)
  }
  for (const m of stats.modules ?? []) visit(m)
  for (const c of stats.children ?? []) for (const m of c.modules ?? []) visit(m)
  return [...dirs]
}

export async function writeLicenses(statsFile, root, outFile) {
  const stats = JSON.parse(await fs.readFile(statsFile, 'utf8'))
  const entries = new Map()
  for (const dir of packageDirs(stats, root)) {
    const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8').catch(() => '{}'))
    if (!pkg.name || pkg.private) continue
    const file = (await fs.readdir(dir).catch(() => [])).filter(f => LICENSE_FILE.test(f)).sort()[0]
    const text = file ? (await fs.readFile(path.join(dir, file), 'utf8')).trim() : ''
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'UNKNOWN')
    entries.set(`${pkg.name}@${pkg.version}`, `${pkg.name}@${pkg.version}\n${license}\n${text}`.trim())
  }
  const sorted = [...entries.keys()].sort().map(k => entries.get(k))
  await fs.writeFile(outFile, `${sorted.join('\n\n')}\n`)
  return sorted.length
}
