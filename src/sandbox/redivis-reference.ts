// Redivis references (owner.dataset[:refId][:version].table[:refId]) and Redivis's name escaping.

/** `next`, `current`, or a released version's tag vN_M / vN.M. */
export type VersionSelector =
  { kind: 'next' } | { kind: 'current' } | { kind: 'tag'; major: number; minor: number }

export interface DatasetReference {
  owner: string
  dataset: string
  datasetRefId?: string
  /** Absent: the API's default, `current`. */
  version?: VersionSelector
}

export interface TableReference extends DatasetReference {
  table: string
  tableRefId?: string
}

/** Every character outside [A-Za-z0-9_] becomes `_`, and runs of `_` collapse to one (Redivis's rule). */
export function escapeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_')
}

/** Names are compared case-insensitively after escaping. */
export function sameName(a: string, b: string): boolean {
  return escapeName(a).toLowerCase() === escapeName(b).toLowerCase()
}

export function versionTag(major: number, minor: number): string {
  return `v${major}.${minor}`
}

const NAME = /^[^.:]+/
// A version token ends where the dataset part does: at '.', ':' or the end (v1.0 holds a dot of its own).
const VERSION = /^(next|current|v(\d+)[._](\d+))(?=[.:]|$)/

/** A cursor over the reference text; undefined results mean "not a reference". */
class Reader {
  at = 0
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at === this.text.length
  }

  eat(ch: string): boolean {
    if (this.text[this.at] !== ch) return false
    this.at++
    return true
  }

  name(): string | undefined {
    const m = NAME.exec(this.text.slice(this.at))
    if (!m) return undefined
    this.at += m[0].length
    return m[0]
  }

  version(): VersionSelector | undefined {
    const m = VERSION.exec(this.text.slice(this.at))
    if (!m) return undefined
    this.at += m[0].length
    if (m[1] === 'next' || m[1] === 'current') return { kind: m[1] }
    return { kind: 'tag', major: Number(m[2]), minor: Number(m[3]) }
  }
}

function readDataset(r: Reader): DatasetReference | undefined {
  const owner = r.name()
  if (owner === undefined || !r.eat('.')) return undefined
  const dataset = r.name()
  if (dataset === undefined) return undefined
  const ref: DatasetReference = { owner, dataset }
  // [:refId][:version], in that order, each at most once.
  while (r.eat(':')) {
    const version = ref.version === undefined ? r.version() : undefined
    if (version) {
      ref.version = version
      continue
    }
    if (ref.version !== undefined || ref.datasetRefId !== undefined) return undefined
    ref.datasetRefId = r.name()
    if (ref.datasetRefId === undefined) return undefined
  }
  return ref
}

export function parseDatasetReference(text: string): DatasetReference | undefined {
  const r = new Reader(text)
  const ref = readDataset(r)
  return ref && r.done() ? ref : undefined
}

export function parseTableReference(text: string): TableReference | undefined {
  const r = new Reader(text)
  const ds = readDataset(r)
  if (!ds || !r.eat('.')) return undefined
  const table = r.name()
  if (table === undefined) return undefined
  const ref: TableReference = { ...ds, table }
  if (r.eat(':')) {
    ref.tableRefId = r.name()
    if (ref.tableRefId === undefined) return undefined
  }
  return r.done() ? ref : undefined
}
