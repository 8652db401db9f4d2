// Raw HTTP helpers for the sandbox's Redivis API tests: node:http only (through raw()), never our client.
import type { Sandbox } from '../../src/sandbox/index.js'
import { raw, type RawResponse } from './helpers.js'

export const RTOKEN = 'redivis-test-token'
export const NEXT_POSTS = 'demo.sandbox_dataset:next.posts'
export const NEXT_FILES = 'demo.sandbox_dataset:next.files'

export function bearer(token = RTOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}

export interface ApiOptions {
  body?: unknown
  /** undefined: the default token; null: no Authorization header. */
  token?: string | null
  headers?: Record<string, string>
}

/** One /api/v1 request; `path` starts after /api/v1. A string body is sent as it is. */
export function api(sb: Sandbox, method: string, path: string, o: ApiOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(o.token === null ? {} : bearer(o.token)), ...o.headers }
  let body: string | undefined
  if (o.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
  }
  return raw(`${sb.apiBaseUrl}/api/v1${path}`, { method, headers, ...(body !== undefined ? { body } : {}) })
}

export function tablePath(ref: string, leaf = ''): string {
  return `/tables/${encodeURIComponent(ref)}${leaf}`
}

export function json<T = Record<string, unknown>>(r: RawResponse): T {
  return JSON.parse(r.text) as T
}

export interface TempUploadJson {
  kind: string
  id: string
  url: string
  name: string
  size: string
  resumable: boolean
}

export interface UploadJson {
  kind: string
  uri: string
  name: string
  status: string
  type: string
  numRows: number | null
  errorMessage: string | null
  size: number
}

export async function tempUploads(
  sb: Sandbox,
  entries: Array<{ size: number; name: string; resumable: boolean }>,
  ref = NEXT_POSTS
): Promise<TempUploadJson[]> {
  const r = await api(sb, 'POST', tablePath(ref, '/tempUploads'), { body: { tempUploads: entries } })
  if (r.status !== 200) throw new Error(`tempUploads failed: ${r.status} ${r.text}`)
  return json<{ results: TempUploadJson[] }>(r).results
}

/** A temp upload whose bytes were sent in one simple PUT. */
export async function uploadedTemp(
  sb: Sandbox,
  data: Buffer,
  name: string,
  ref = NEXT_POSTS
): Promise<TempUploadJson> {
  const [t] = await tempUploads(sb, [{ size: data.length, name, resumable: false }], ref)
  const r = await raw(t.url, { method: 'PUT', headers: bearer(), body: data })
  if (r.status !== 200) throw new Error(`simple PUT failed: ${r.status} ${r.text}`)
  return t
}

export async function createUpload(
  sb: Sandbox,
  body: Record<string, unknown>,
  ref = NEXT_POSTS
): Promise<RawResponse> {
  return api(sb, 'POST', tablePath(ref, '/uploads'), { body })
}

/** Transfers `data` and creates the upload; resolves with the upload resource. */
export async function uploadFile(
  sb: Sandbox,
  data: Buffer,
  name: string,
  options: Record<string, unknown> = {}
): Promise<UploadJson> {
  const t = await uploadedTemp(sb, data, name)
  const r = await createUpload(sb, { name, tempUploadId: t.id, ...options })
  if (r.status !== 200) throw new Error(`upload create failed: ${r.status} ${r.text}`)
  return json<UploadJson>(r)
}

/** The start POST exactly as the contract wants it; returns the raw answer. */
export function startResumable(url: string, size: number, headers: Record<string, string | number> = {}) {
  return raw(url, {
    method: 'POST',
    headers: {
      ...bearer(),
      'x-goog-resumable': 'start',
      'x-upload-content-length': size,
      'content-length': 0,
      ...headers
    }
  })
}
