// Public entry of the sandbox: a local X batch compliance API, Redivis REST API and GCS XML resumable upload
// emulator.
export { startSandbox } from './server.js'
export { expectedResults, resultLine, resultsForObject, REASONS } from './results.js'
export { FaultBook, faultName, faultPresets, fPresetList, fPresets } from './faults.js'
export type { Fault, FaultPlan, FaultRule, FaultPresetName, FPreset, ServerFaultId } from './faults.js'
export { BLOCK } from './session.js'
export { REDIVIS_BUCKET } from './redivis-target.js'
export type {
  JobStatus,
  JobType,
  RedivisDatasetView,
  RedivisOptions,
  RedivisRawFileView,
  RedivisTableView,
  RedivisTempUploadView,
  RedivisUploadStatus,
  RedivisUploadView,
  RedivisView,
  RequestKind,
  RequestRecord,
  Sandbox,
  SandboxJob,
  SandboxOptions,
  SandboxStats,
  XJob
} from './types.js'
