// Bench entry: the upload engine and the ID-file/results scanners, bundled by bench/run.mjs with ncc
// into bench/.build/engine (so the bench measures the same compiled code shape as dist/).
export { uploadResumable } from '../src/upload/gcs-resumable.js'
export { httpTransport } from '../src/net/transport.js'
export { crc32cImpl, fileCrc32c } from '../src/upload/crc32c.js'
export { prepareIdFile } from '../src/compliance/id-file.js'
export { countResultsFile, ResultsCounter } from '../src/compliance/results.js'
// The action's input defaults (what `node dist/index.js` uses when an INPUT_* is unset) and its chunk-size
// parser, so rows at "the default chunk size" follow a change of the default.
export { INPUT_DEFAULTS, parseChunkSize } from '../src/compliance/inputs.js'
