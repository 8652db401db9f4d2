// Public entry of the sandbox: a local X batch compliance API + GCS XML resumable upload emulator.
export { startSandbox } from './server.js'
export { expectedResults, resultLine, resultsForObject, REASONS } from './results.js'
export { FaultBook, faultName, faultPresets, fPresetList, fPresets } from './faults.js'
export type { Fault, FaultPlan, FaultRule, FaultPresetName, FPreset, ServerFaultId } from './faults.js'
export { BLOCK } from './session.js'
export type {
  JobStatus,
  JobType,
  RequestKind,
  RequestRecord,
  Sandbox,
  SandboxJob,
  SandboxOptions,
  SandboxStats,
  XJob
} from './types.js'
