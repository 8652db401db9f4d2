import { describe, expect, it } from '@jest/globals'
import * as path from 'node:path'
import { envInputSource, InputError, readInputs } from '../../src/compliance/inputs.js'
import { readFileSync } from 'node:fs'
import { VERSION } from '../../src/version.js'
import { cliMessage, toFlags } from '../../src/cli/common.js'
import { flagSource, readRunInputs, RUN_FLAG_INPUTS, type RunFlags } from '../../src/cli/options.js'
import { main } from '../../src/cli/program.js'

const CWD = '/home/me/data'

/** Parses argv with the real program and a dispatch that records what the subcommand would get. */
async function parse(argv: string[]) {
  let out = ''
  let err = ''
  const calls: { name: string; args: string[]; opts: Record<string, unknown> }[] = []
  const code = await main(
    ['node', 'x-compliance', ...argv],
    {
      env: {},
      cwd: CWD,
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) }
    },
    async (name, args, opts) => {
      calls.push({ name, args, opts })
      return 0
    }
  )
  return { code, out, err, call: calls[0] }
}

describe('run flags -> Inputs (through readInputs)', () => {
  it('maps every flag to the action input of the same name, validated identically', async () => {
    const values: Record<string, string> = {
      type: 'users',
      'ids-file': 'ids.txt',
      'job-name': 'nightly',
      'job-id': '',
      'api-base-url': 'http://127.0.0.1:8080/',
      'poll-interval-seconds': '5',
      'wait-timeout-minutes': '90',
      'results-file': 'out/results.jsonl',
      'chunk-size': '512KiB',
      'max-retries': '3',
      'retry-base-delay-ms': '250',
      'request-timeout-seconds': '30',
      'on-active-job': 'wait',
      'state-file': 'st.json'
    }
    const argv = [
      'run',
      ...Object.entries(values).flatMap(([k, v]) => [`--${k}`, v]),
      '--no-wait',
      '--no-download'
    ]
    const { code, call } = await parse(argv)
    expect(code).toBe(0)
    expect(call.name).toBe('run')
    const cli = readRunInputs(call.opts as RunFlags, 'tok-123456', CWD)

    // The action reading the same values from INPUT_* variables (artifact-name '' = the CLI's "no artifact").
    const env: NodeJS.ProcessEnv = { 'INPUT_BEARER-TOKEN': 'tok-123456', 'INPUT_ARTIFACT-NAME': '' }
    for (const [k, v] of Object.entries({ ...values, wait: 'false', download: 'false' }))
      env[`INPUT_${k.toUpperCase()}`] = v
    const action = readInputs(envInputSource(env), { workspace: CWD })
    expect(cli).toEqual(action)
    expect(cli).toMatchObject({
      type: 'users',
      idsFile: path.join(CWD, 'ids.txt'),
      apiBaseUrl: 'http://127.0.0.1:8080',
      wait: false,
      download: false,
      chunkSize: 512 * 1024,
      onActiveJob: 'wait',
      stateFile: path.join(CWD, 'st.json'),
      artifactName: null
    })
  })

  it('has a flag for every action input but the token and the artifact', async () => {
    const { out } = await parse(['run', '--help'])
    for (const name of RUN_FLAG_INPUTS) expect(out).toContain(`--${name}`)
    expect(out).not.toMatch(/--bearer-token|--token(?!-file)|--artifact-name/)
  })

  it('applies the action defaults, with a state file under .x-compliance by default', () => {
    const i = readRunInputs({ type: 'tweets', idsFile: 'a.txt' }, 'tok-123456', CWD)
    expect(i).toMatchObject({
      apiBaseUrl: 'https://api.x.com',
      wait: true,
      download: true,
      pollIntervalSeconds: 30,
      waitTimeoutMinutes: 360,
      chunkSize: 64 * 1024 * 1024,
      maxRetries: 10,
      retryBaseDelayMs: 1000,
      requestTimeoutSeconds: 120,
      onActiveJob: 'fail',
      resultsFile: '',
      stateFile: path.join(CWD, '.x-compliance', 'tweets.state.json')
    })
  })

  it("disables the state file with --no-state-file or --state-file ''", async () => {
    for (const flag of [['--no-state-file'], ['--state-file', '']]) {
      const { call } = await parse(['run', '--type', 'users', '--ids-file', 'a', ...flag])
      expect(readRunInputs(call.opts as RunFlags, 'tok-123456', CWD).stateFile).toBe('')
    }
  })

  it('gives readInputs booleans as true/false and leaves unset flags unset', () => {
    const src = flagSource({ wait: true, download: false }, 't')
    expect(src('wait')).toBe('true')
    expect(src('download')).toBe('false')
    expect(src('chunk-size')).toBeUndefined()
    expect(src('artifact-name')).toBe('')
    expect(src('state-file')).toBe('') // no valid type: no default state file
  })

  it('rejects what the action rejects, naming the flag', () => {
    for (const [flags, re] of [
      [{ type: 'tweets', idsFile: 'a', chunkSize: '8MB' }, /^--chunk-size "8MB" is not a size/],
      [{ type: 'tweet', idsFile: 'a' }, /^--type "tweet" is not allowed/],
      [{ type: 'tweets' }, /^--ids-file is required/],
      [{ type: 'tweets', idsFile: 'a', apiBaseUrl: 'http://example.com' }, /^--api-base-url uses http/],
      [{ type: 'tweets', idsFile: 'a', wait: undefined, pollIntervalSeconds: '0' }, /out of range/]
    ] as [RunFlags, RegExp][]) {
      let caught: unknown
      try {
        readRunInputs(flags, 'tok-123456', CWD)
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(InputError)
      expect(cliMessage(caught)).toMatch(re)
    }
  })

  it('explains where the token comes from when it is missing or malformed', () => {
    const missing = (() => {
      try {
        readRunInputs({ type: 'tweets', idsFile: 'a' }, '', CWD)
      } catch (err) {
        return err
      }
    })()
    expect(cliMessage(missing)).toMatch(/X_BEARER_TOKEN.*--token-file/)
    const bad = (() => {
      try {
        readRunInputs({ type: 'tweets', idsFile: 'a' }, 'two words', CWD)
      } catch (err) {
        return err
      }
    })()
    expect(cliMessage(bad, '--token-file /t')).toMatch(/^the token from --token-file \/t contains spaces/)
  })

  it('turns the action hints into flags', () => {
    expect(toFlags('rerun with job-id: 123 to continue waiting')).toBe(
      'rerun with --job-id 123 to continue waiting'
    )
    expect(toFlags('Set on-active-job: wait to wait for it, or on-active-job: cancel.')).toBe(
      'Set --on-active-job wait to wait for it, or --on-active-job cancel.'
    )
  })
})

describe('the program', () => {
  it('refuses --token and --bearer-token without echoing the value', async () => {
    for (const flag of ['--token', '--bearer-token', '--token=s3cret-value', '--bearer-token=s3cret-value']) {
      const argv = flag.includes('=') ? ['status', '1', flag] : ['status', '1', flag, 's3cret-value']
      const { code, err, call } = await parse(argv)
      expect(code).toBe(2)
      expect(call).toBeUndefined()
      expect(err).toMatch(/is not accepted: a token on the command line is visible/)
      expect(err).toMatch(/X_BEARER_TOKEN/)
      expect(err).not.toContain('s3cret-value')
    }
  })

  it('maps usage errors to 2 and help/version to 0', async () => {
    expect((await parse(['bogus'])).code).toBe(2)
    expect((await parse(['status'])).code).toBe(2) // missing <job-id>
    expect((await parse(['run', '--what'])).code).toBe(2)
    // apply's required paths are checked by the command itself (either flag name): see commands.e2e.test.ts
    expect((await parse(['apply', '--results', 'r', '--bogus'])).code).toBe(2)
    expect((await parse([])).code).toBe(2)
    const help = await parse(['--help'])
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/Exit codes:[\s\S]*130/)
    const version = await parse(['--version'])
    expect(version.code).toBe(0)
    expect(version.out.trim()).toBe(VERSION)
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
  })

  it('passes positional arguments and options to the subcommand', async () => {
    const { call } = await parse(['download', '42', '--results-file', 'r.jsonl', '--json'])
    expect(call).toEqual({
      name: 'download',
      args: ['42'],
      opts: { resultsFile: 'r.jsonl', json: true }
    })
  })
})
