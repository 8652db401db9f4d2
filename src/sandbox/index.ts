// Public entry of the sandbox: a local X batch compliance API, X media upload, Redivis REST API and GCS XML
// resumable upload emulator.
export { startSandbox } from './server.js'
export { APP_ONLY_PREFIX_LENGTH } from '../media/model.js'
export {
  SANDBOX_OAUTH1,
  hmacSha1Signature,
  oauth1Signature,
  percentEncode,
  signatureBaseString
} from './oauth1-verify.js'
export type { Param as OAuth1Param, SignatureInput as OAuth1SignatureInput } from './oauth1-verify.js'
export { expectedResults, resultLine, resultsForObject, REASONS } from './results.js'
export { FaultBook, faultName, faultPresets, fPresetList, fPresets } from './faults.js'
export type { Fault, FaultPlan, FaultRule, FaultPresetName, FPreset, ServerFaultId } from './faults.js'
export { BLOCK } from './session.js'
export { REDIVIS_BUCKET } from './redivis-target.js'
export type {
  JobStatus,
  JobType,
  MediaOptions,
  MediaPostView,
  MediaProcessingState,
  MediaView,
  OAuth1Credentials,
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
