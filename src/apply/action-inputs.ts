// The apply action's inputs, read and validated before anything is read or written.
import * as path from 'node:path'
import { excerpt, InputError, parseChoice, type RawInputSource } from '../action/inputs.js'
import { formatOf, samePath, type DatasetFormat } from './engine.js'

export interface ApplyInputs {
  resultsFile: string
  datasetFile: string
  format: DatasetFormat
  idField: string
  /** Absolute; the dataset itself when output-file is empty (replaced atomically). */
  outputFile: string
  removedFile?: string
}

export const APPLY_INPUT_DEFAULTS = {
  'results-file': '',
  'dataset-file': '',
  format: '',
  'id-field': 'id',
  'output-file': '',
  'removed-file': ''
} as const

export type ApplyInputName = keyof typeof APPLY_INPUT_DEFAULTS

export function readApplyInputs(source: RawInputSource, workspace: string): ApplyInputs {
  const get = (name: ApplyInputName): string => {
    const v = source(name)
    return v === undefined || v === '' ? APPLY_INPUT_DEFAULTS[name] : v
  }
  const abs = (p: string) => path.resolve(workspace, p)
  const results = get('results-file')
  if (results === '')
    throw new InputError(
      'results-file',
      'results-file is required: give the compliance results (JSON lines), e.g. ${{ steps.compliance.outputs.results-file }}.'
    )
  const dataset = get('dataset-file')
  if (dataset === '')
    throw new InputError(
      'dataset-file',
      'dataset-file is required: give the dataset to clean (IDs, JSON lines or CSV), relative to GITHUB_WORKSPACE.'
    )
  const formatRaw = get('format')
  const format =
    formatRaw === ''
      ? formatOf(dataset)
      : parseChoice<DatasetFormat>(
          'format',
          formatRaw,
          ['ids', 'jsonl', 'csv'],
          " ('' picks it from the dataset's extension)"
        )
  const idField = get('id-field')
  if (/[\r\n]/.test(idField))
    throw new InputError('id-field', `id-field "${excerpt(idField)}" contains a line break.`)
  const output = get('output-file')
  const removed = get('removed-file')
  const inputs: ApplyInputs = {
    resultsFile: abs(results),
    datasetFile: abs(dataset),
    format,
    idField,
    outputFile: output === '' ? abs(dataset) : abs(output),
    removedFile: removed === '' ? undefined : abs(removed)
  }
  checkOutputPaths(inputs, output === '')
  return inputs
}

/**
 * The outputs may not overwrite the results, the removed rows may not overwrite the dataset, and the two outputs
 * may not be one file; output-file may be the dataset (that is the default: the dataset is replaced).
 */
function checkOutputPaths(inputs: ApplyInputs, outputIsDataset: boolean): void {
  const output = outputIsDataset ? 'output-file (empty, so the dataset-file)' : 'output-file'
  const allowed: Record<'output-file' | 'removed-file', string> = {
    'output-file':
      "output-file may be the dataset-file ('' replaces it) or a new path, never the results-file",
    'removed-file':
      'removed-file must be a path of its own: not the dataset-file, the results-file or output-file'
  }
  const clashes: ['output-file' | 'removed-file', string, string, string][] = [
    ['output-file', output, 'results-file', inputs.resultsFile],
    ['removed-file', 'removed-file', 'dataset-file', inputs.datasetFile],
    ['removed-file', 'removed-file', 'results-file', inputs.resultsFile],
    ['removed-file', 'removed-file', output, inputs.outputFile]
  ]
  for (const [input, name, otherName, other] of clashes) {
    const p = input === 'output-file' ? inputs.outputFile : inputs.removedFile
    if (p === undefined || !samePath(p, other)) continue
    throw new InputError(
      input,
      `${name} and ${otherName} are the same file (${JSON.stringify(p)}), which would be overwritten: ${allowed[input]}.`
    )
  }
}
