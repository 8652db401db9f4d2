import { describe, expect, it } from '@jest/globals'
import { CommanderError } from 'commander'
import { InputError } from '../../src/compliance/inputs.js'
import { ApplyError } from '../../src/apply/index.js'
import { ActiveJobError, XApiError, type ComplianceJob } from '../../src/compliance/client.js'
import { DownloadError } from '../../src/compliance/download.js'
import { IdFileError } from '../../src/compliance/id-file.js'
import { WaitTimeoutError } from '../../src/compliance/poll.js'
import { StateFileError } from '../../src/compliance/state-file.js'
import { JobEndedError } from '../../src/compliance/workflow.js'
import { NetworkError } from '../../src/net/transport.js'
import { RetriesExhaustedError } from '../../src/net/retry.js'
import { UploadError } from '../../src/upload/errors.js'
import { UploadsFailedError } from '../../src/redivis/flow.js'
import {
  EXIT,
  EXIT_CODE_TABLE,
  exitCodeFor,
  exitCodeForSignal,
  exitCodeHelp,
  JobNotDoneError,
  UsageError
} from '../../src/cli/exit-codes.js'

const job = (status: string): ComplianceJob => ({
  id: '1',
  type: 'tweets',
  status,
  created_at: '',
  upload_url: '',
  upload_expires_at: '',
  download_url: '',
  download_expires_at: ''
})

describe('exit codes', () => {
  it('maps each error to its documented code', () => {
    const cases: [unknown, number][] = [
      [new InputError('type', 'bad'), EXIT.INPUT],
      [new IdFileError('line 3'), EXIT.INPUT],
      [new StateFileError('changed'), EXIT.INPUT],
      [new UsageError('--token'), EXIT.INPUT],
      [new ApplyError('line 2 is not an ID'), EXIT.INPUT],
      [new CommanderError(1, 'commander.unknownOption', 'x'), EXIT.INPUT],
      [new XApiError('HTTP 401', 401), EXIT.AUTH],
      [new XApiError('HTTP 403', 403), EXIT.AUTH],
      [new XApiError('HTTP 400', 400), EXIT.ERROR],
      [new ActiveJobError('tweets', job('in_progress'), new XApiError('HTTP 409', 409)), EXIT.ACTIVE_JOB],
      [new JobEndedError(job('failed')), EXIT.JOB_ENDED],
      [new JobEndedError(job('expired')), EXIT.JOB_ENDED],
      [new RetriesExhaustedError(11, new NetworkError('ECONNRESET', 'reset')), EXIT.NETWORK],
      [new UploadError('gave up', { cause: new RetriesExhaustedError(3, 'x') }), EXIT.NETWORK],
      [
        new XApiError('X API: getting job 1 failed after 11 attempts: gave up', undefined, undefined, {
          cause: new RetriesExhaustedError(11, 'x')
        }),
        EXIT.NETWORK
      ],
      [
        new DownloadError('downloading the results failed after 4 attempts: gave up', {
          cause: new RetriesExhaustedError(4, 'x')
        }),
        EXIT.NETWORK
      ],
      [new XApiError('X API: getting job 1 failed: HTTP 404: Not Found.', 404), EXIT.ERROR],
      [new DownloadError('downloading the results failed: HTTP 404: gone'), EXIT.ERROR],
      [new NetworkError('ECONNREFUSED', 'refused'), EXIT.NETWORK],
      [new NetworkError('ABORTED', 'cancelled'), EXIT.ERROR],
      [new WaitTimeoutError('still running', job('in_progress')), EXIT.NOT_DONE],
      [new JobNotDoneError('not ready'), EXIT.NOT_DONE],
      [
        new UploadsFailedError('2 failed', [undefined, new UploadError('x', { status: 403 })]),
        EXIT.JOB_ENDED
      ],
      [new UploadsFailedError('1 failed'), EXIT.JOB_ENDED],
      [
        new UploadsFailedError('2 failed', [
          new UploadError('refused', { status: 401 }),
          new UploadError('refused', { status: 403 })
        ]),
        EXIT.AUTH
      ],
      [
        new UploadsFailedError('1 failed', [
          new UploadError('gave up', { cause: new RetriesExhaustedError(3, 'x') })
        ]),
        EXIT.NETWORK
      ],
      [new Error('boom'), EXIT.ERROR],
      ['a string', EXIT.ERROR],
      [undefined, EXIT.ERROR]
    ]
    for (const [err, code] of cases) expect([String(err), exitCodeFor(err)]).toEqual([String(err), code])
  })

  it('uses 130 for SIGINT and 143 for SIGTERM', () => {
    expect(exitCodeForSignal('SIGINT')).toBe(130)
    expect(exitCodeForSignal('SIGTERM')).toBe(143)
  })

  it('documents every code once', () => {
    const codes = EXIT_CODE_TABLE.map(([c]) => c)
    expect(new Set(codes).size).toBe(codes.length)
    expect([...codes].sort((a, b) => a - b)).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b))
    for (const c of codes) expect(exitCodeHelp()).toMatch(new RegExp(`^\\s+${c}  `, 'm'))
  })
})
