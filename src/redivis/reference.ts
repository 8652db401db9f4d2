// Redivis table references (`owner.dataset[:refId][:version].table[:refId]`) and names as Redivis escapes them.
// Uploads go only into the unreleased `next` version, so a reference without a version means `next` here (the
// API's own default is `current`, which cannot take uploads).
import { excerpt, InputError } from '../action/inputs.js'

export interface TableReference {
  owner: string
  dataset: string
  datasetRefId?: string
  table: string
  tableRefId?: string
}

const NAME = /^[^.:\s][^.:]*$/
const REF_ID = /^[A-Za-z0-9_-]+$/
const VERSION = /^(next|current|v\d+[._]\d+)$/

/** `owner.dataset[:refId]`, as the dataset endpoints take it (no version). */
export function datasetRef(t: TableReference): string {
  return `${t.owner}.${t.dataset}${t.datasetRefId ? `:${t.datasetRefId}` : ''}`
}

/** `owner.dataset[:refId]:next.table[:refId]`, the table in the next version. */
export function nextTableRef(t: TableReference): string {
  return `${datasetRef(t)}:next.${t.table}${t.tableRefId ? `:${t.tableRefId}` : ''}`
}

/** A reference as one path segment (Redivis's clients percent-encode the whole reference once). */
export function refPath(ref: string): string {
  return encodeURIComponent(ref)
}

/** Redivis's escaping of names: every character but letters, digits and `_` becomes `_`, runs collapse; case-folded. */
export function escapeName(name: string): string {
  return name
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/_+/g, '_')
    .toLowerCase()
}

/** The path segment of an upload looked up by name (dots become underscores, as the clients send it). */
export function uploadNamePath(name: string): string {
  return encodeURIComponent(name.replace(/\./g, '_'))
}

export function parseTableReference(raw: string): TableReference {
  const allowed =
    'use owner.dataset.table (uploads go to the next version), optionally with :refId after a name or :next after the dataset, e.g. demo.my_dataset:next.posts'
  const parts = raw.split('.')
  if (parts.length !== 3 || parts.some(p => p === '')) {
    throw new InputError('table', `table "${excerpt(raw)}" is not a table reference: ${allowed}.`)
  }
  const [owner, datasetPart, tablePart] = parts
  if (!/^\w+$/.test(owner)) {
    throw new InputError(
      'table',
      `table "${excerpt(raw)}": the owner "${excerpt(owner)}" is not a user or organization name (letters, digits and _): ${allowed}.`
    )
  }
  const [dataset, ...dsRest] = datasetPart.split(':')
  let datasetRefId: string | undefined
  let version: string | undefined
  for (const p of dsRest) {
    if (VERSION.test(p) && version === undefined) version = p
    else if (REF_ID.test(p) && datasetRefId === undefined && version === undefined) datasetRefId = p
    else
      throw new InputError(
        'table',
        `table "${excerpt(raw)}": "${excerpt(datasetPart)}" is not dataset[:refId][:version]: ${allowed}.`
      )
  }
  if (version !== undefined && version !== 'next') {
    throw new InputError(
      'table',
      `table "${excerpt(raw)}" names the version "${version}": Redivis takes uploads only into the unreleased next version; leave the version out (or write :next).`
    )
  }
  const [table, ...tRest] = tablePart.split(':')
  if (tRest.length > 1 || (tRest.length === 1 && !REF_ID.test(tRest[0]))) {
    throw new InputError(
      'table',
      `table "${excerpt(raw)}": "${excerpt(tablePart)}" is not table[:refId]: ${allowed}.`
    )
  }
  if (!NAME.test(dataset) || !NAME.test(table)) {
    throw new InputError('table', `table "${excerpt(raw)}" is not a table reference: ${allowed}.`)
  }
  return { owner, dataset, datasetRefId, table, tableRefId: tRest[0] }
}
