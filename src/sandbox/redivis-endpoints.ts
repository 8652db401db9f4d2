// The Redivis API's endpoints, once the request is admitted (rate limit, token): one function each.
import type { Fault } from './faults.js'
import { jsonReply, type Reply } from './http.js'
import { invalid, notFound } from './redivis-errors.js'
import {
  readRawFiles,
  readTablePatch,
  readTempUploads,
  readUpload,
  isUploadType,
  typeFromName,
  UPLOAD_TYPES
} from './redivis-input.js'
import { parseDatasetReference, parseTableReference } from './redivis-reference.js'
import {
  datasetResource,
  rawFileResource,
  tableResource,
  tempUploadResource,
  uploadResource,
  versionResource
} from './redivis-resources.js'
import { processUpload, type Processed } from './redivis-rows.js'
import { tagOf, type Located, type RedivisStore } from './redivis-store.js'
import { tempUploadUrl } from './redivis-target.js'

export interface EndpointEnv {
  store: RedivisStore
  /** The sandbox's origin, for temp upload urls. */
  base: string
  /** The bearer token of the request (temp uploads remember it). */
  token: string
  fault?: Fault
}

/** A table reference as the request gave it (decoded), and the request body. */
export interface TableCall {
  ref: string
  body: Buffer
}

function ok(value: unknown, status = 200): Reply {
  return jsonReply(status, value)
}

export function getDataset(env: EndpointEnv, ref: string): Reply {
  const parsed = parseDatasetReference(ref)
  const d = parsed && env.store.dataset(parsed)
  if (!parsed || !d) return notFound(`Dataset "${ref}" not found.`)
  if (!env.store.version(d, parsed.version)) return notFound(`Dataset "${ref}" not found: no such version.`)
  return ok(datasetResource(d, env.store.current(d), env.store.next(d)))
}

export function createVersion(env: EndpointEnv, ref: string, body: Buffer): Reply {
  const parsed = parseDatasetReference(ref)
  const d = parsed && env.store.dataset(parsed)
  if (!parsed || !d) return notFound(`Dataset "${ref}" not found.`)
  if (body.length > 0) return invalid('The request body must be empty.')
  const next = env.store.next(d)
  if (next)
    return invalid(
      `Dataset ${d.owner}.${d.name} already has a next version (${tagOf(next)}): upload into ${d.owner}.${d.name}:next.`
    )
  return ok(versionResource(d, env.store.createNextVersion(d)))
}

function locate(env: EndpointEnv, ref: string): Located | Reply {
  const parsed = parseTableReference(ref)
  if (!parsed)
    return notFound(`Table "${ref}" not found: not a reference of the form owner.dataset[:version].table.`)
  const found = env.store.locate(parsed)
  return typeof found === 'string' ? notFound(`Table "${ref}" not found: ${found}.`) : found
}

function isReply(v: Located | Reply): v is Reply {
  return !('table' in v)
}

/** Writes go to the unreleased next version only. */
function releasedRefusal(loc: Located, what: string): Reply | undefined {
  if (!loc.version.released) return undefined
  const d = `${loc.dataset.owner}.${loc.dataset.name}`
  return invalid(
    `${what} can only be made to the next version of a dataset: ${d} ${tagOf(loc.version)} is released ` +
      `(reference the table as ${d}:next.${loc.table.name}).`
  )
}

export function getTable(env: EndpointEnv, { ref }: TableCall): Reply {
  const loc = locate(env, ref)
  if (isReply(loc)) return loc
  return ok(tableResource(ref, loc.table, env.store.numRows(loc.table)))
}

export function patchTable(env: EndpointEnv, { ref, body }: TableCall): Reply {
  const loc = locate(env, ref)
  if (isReply(loc)) return loc
  const refused = releasedRefusal(loc, 'Changes to tables')
  if (refused) return refused
  const patch = readTablePatch(body)
  if ('error' in patch) return patch.error
  if (patch.value.uploadMergeStrategy) loc.table.uploadMergeStrategy = patch.value.uploadMergeStrategy
  return ok(tableResource(ref, loc.table, env.store.numRows(loc.table)))
}

export function createTempUploads(env: EndpointEnv, { ref, body }: TableCall): Reply {
  const loc = locate(env, ref)
  if (isReply(loc)) return loc
  const refused = releasedRefusal(loc, 'Uploads')
  if (refused) return refused
  const requests = readTempUploads(body)
  if ('error' in requests) return requests.error
  const made = env.store.createTempUploads(loc.table, requests.value, env.token)
  return ok({
    kind: 'tempUploadList',
    results: made.map(t => tempUploadResource(t, tempUploadUrl(t, env.base)))
  })
}

function fileIndexRefusal(loc: Located, ref: string): Reply | undefined {
  return loc.table.isFileIndex
    ? invalid(`Table ${ref} is a file index table: add files to it with POST rawFiles, not uploads.`)
    : undefined
}

export function createUpload(env: EndpointEnv, { ref, body }: TableCall): Reply {
  const loc = locate(env, ref)
  if (isReply(loc)) return loc
  const refused = releasedRefusal(loc, 'Uploads') ?? fileIndexRefusal(loc, ref)
  if (refused) return refused
  const req = readUpload(body)
  if ('error' in req) return req.error
  const { name, type: given, tempUploadId, options } = req.value
  if (typeof given === 'string' && !isUploadType(given))
    return invalid(`type "${given}" is not one of ${UPLOAD_TYPES.join(', ')}.`)
  const type = typeof given === 'string' ? given : typeFromName(name)
  if (type === undefined)
    return invalid(`The type of "${name}" cannot be detected from its name: give a type.`)
  const temp = env.store.tempUpload(tempUploadId)
  if (!env.store.usable(temp, loc.table))
    return invalid(`tempUpload ${tempUploadId} is unknown for this table or its transfer is not complete.`)
  const f = env.fault
  const result: Processed =
    f && 'uploadOutcome' in f
      ? { status: 'failed', errorMessage: f.errorMessage }
      : processUpload(type, name, options, { object: temp.object, lines: temp.lines ?? 0 })
  const u = env.store.createUpload(loc.table, name, type, options, temp, result)
  return ok(uploadResource(ref, u, env.store.status(u)))
}

export function listUploads(env: EndpointEnv, { ref }: TableCall): Reply {
  const loc = locate(env, ref)
  if (isReply(loc)) return loc
  const results = loc.table.uploads.map(u => uploadResource(ref, u, env.store.status(u)))
  return ok({ kind: 'uploadList', results })
}

/** GET and HEAD of one upload by its escaped name. */
export function getUpload(env: EndpointEnv, { ref }: TableCall, name: string): Reply {
  const loc = locate(env, ref)
  if (isReply(loc)) return loc
  const u = env.store.findUpload(loc.table, name)
  if (!u) return notFound(`Upload "${name}" not found in table ${ref}.`)
  return ok(uploadResource(ref, u, env.store.status(u)))
}

export function deleteUpload(env: EndpointEnv, { ref }: TableCall, name: string): Reply {
  const loc = locate(env, ref)
  if (isReply(loc)) return loc
  const u = env.store.findUpload(loc.table, name)
  if (!u) return notFound(`Upload "${name}" not found in table ${ref}.`)
  const refused = releasedRefusal(loc, 'Deletions of uploads')
  if (refused) return refused
  env.store.deleteUpload(loc.table, u)
  return ok({})
}

export function addRawFiles(env: EndpointEnv, { ref, body }: TableCall): Reply {
  const loc = locate(env, ref)
  if (isReply(loc)) return loc
  const refused = releasedRefusal(loc, 'Uploads')
  if (refused) return refused
  if (!loc.table.isFileIndex)
    return invalid(
      `Table ${ref} is not a file index table: raw files go only to a table made with isFileIndex.`
    )
  const files = readRawFiles(body)
  if ('error' in files) return files.error
  const problem = env.store.rawFilesProblem(loc.table, files.value)
  if (problem) return invalid(`${problem} No file was added.`)
  const added = env.store.addRawFiles(loc.table, files.value)
  return ok({ kind: 'rawFileList', results: added.map(rawFileResource) }, 201)
}

export function listRawFiles(env: EndpointEnv, { ref }: TableCall): Reply {
  const loc = locate(env, ref)
  if (isReply(loc)) return loc
  return ok({ kind: 'rawFileList', results: loc.table.rawFiles.map(rawFileResource) })
}
