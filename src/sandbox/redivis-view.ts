// The Redivis side as tests see it (Sandbox.redivis()): plain copies, never the live records.
import { tagOf, type RedivisStore } from './redivis-store.js'
import { tempUploadUrl } from './redivis-target.js'
import type { RedivisDatasetView, RedivisView } from './types.js'

export function redivisView(store: RedivisStore, base: string): RedivisView {
  const datasets = store.datasets.map((d): RedivisDatasetView => {
    const current = store.current(d)
    const next = store.next(d)
    return {
      ref: `${d.owner}.${d.name}`,
      refId: d.refId,
      currentVersion: current ? tagOf(current) : null,
      nextVersion: next ? tagOf(next) : null,
      tables: d.versions.flatMap(v =>
        v.tables.map(t => ({
          name: t.name,
          refId: t.refId,
          version: tagOf(v),
          isFileIndex: t.isFileIndex,
          uploadMergeStrategy: t.uploadMergeStrategy,
          uploads: t.uploads.map(u => {
            const status = store.status(u)
            const r = u.result
            return {
              name: u.name,
              status,
              numRows: status === 'completed' && r.status === 'completed' ? r.numRows : null,
              errorMessage: status === 'failed' && r.status === 'failed' ? r.errorMessage : null,
              size: u.size,
              type: u.type,
              options: { ...u.options },
              tempUploadId: u.tempUploadId
            }
          }),
          rawFiles: t.rawFiles.map(f => ({ name: f.name, size: f.size, md5Hash: f.md5Hash }))
        }))
      )
    }
  })
  const tempUploads = store.tempUploads().map(t => ({
    id: t.id,
    name: t.name,
    size: t.size,
    resumable: t.resumable,
    complete: t.finalizedAt !== undefined,
    sessionsStarted: t.sessionsStarted,
    sessionIds: [...t.sessionIds],
    url: tempUploadUrl(t, base)
  }))
  return { datasets, tempUploads }
}
