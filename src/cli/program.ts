// The x-compliance command line: commander builds and parses it; every subcommand's module is loaded only when
// that subcommand runs (the sandbox only for `sandbox` and `demo`).
import { Command, CommanderError, Option } from 'commander'
import { INPUT_DEFAULTS, type InputName } from '../compliance/inputs.js'
import { REDIVIS_INPUT_DEFAULTS, type RedivisInputName } from '../redivis/inputs.js'
import { checkNoTokenFlag, processContext, TOKEN_ENV, type CliContext } from './context.js'
import { EXIT, exitCodeFor, exitCodeHelp } from './exit-codes.js'
import { VERSION } from '../version.js'

export type Dispatch = (command: string, args: string[], opts: Record<string, unknown>) => Promise<number>

const TOKEN_HELP = `
The bearer token (App-only) comes from the ${TOKEN_ENV} environment variable or from --token-file <path>,
never from an argument (argv is visible to other users and kept in shell history). Logs go to stderr and
redact the token and signed URLs; no GitHub workflow command is printed.
`

const def = (name: InputName): string => {
  const v = INPUT_DEFAULTS[name]
  return v === '' ? '' : ` (default: ${v})`
}

/** --token-file, --json, --debug and the refused --token/--bearer-token. */
function common(cmd: Command, api = true): Command {
  if (api) cmd.option('--token-file <path>', `read the bearer token from this file (else $${TOKEN_ENV})`)
  cmd
    .option('--json', 'print the result as one JSON object on stdout (logs stay on stderr)')
    .option('--debug', 'print debug lines')
    .addOption(new Option('--token [value]').hideHelp())
    .addOption(new Option('--bearer-token [value]').hideHelp())
    .addHelpText('after', `\n${exitCodeHelp()}`)
  return cmd
}

function network(cmd: Command): Command {
  return cmd
    .option(
      '--api-base-url <url>',
      `X API base URL; https, or http for a loopback host${def('api-base-url')}`
    )
    .option(
      '--max-retries <n>',
      `consecutive failures without progress before giving up${def('max-retries')}`
    )
    .option('--retry-base-delay-ms <ms>', `first backoff delay${def('retry-base-delay-ms')}`)
    .option('--request-timeout-seconds <s>', `stall watchdog per request${def('request-timeout-seconds')}`)
}

export function buildProgram(dispatch: Dispatch, io: { out: (s: string) => void; err: (s: string) => void }) {
  const program = new Command('x-compliance')
  program
    .description('Run X API batch compliance jobs end to end: upload IDs, wait, download the results.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', `${TOKEN_HELP}\n${exitCodeHelp()}`)
    .hook('preAction', (_root, action) => checkNoTokenFlag(action.opts()))

  const act =
    (name: string) =>
    async (...params: unknown[]): Promise<void> => {
      // commander calls an action with its arguments, then the options, then the command
      const cmd = params.at(-1) as Command
      const args = params
        .slice(0, -2)
        .filter(a => a !== undefined)
        .map(String)
      await dispatch(name, args, cmd.opts())
    }

  const run = program
    .command('run')
    .description('create (or continue) a job, upload the ID file, wait and download the results')
    .option('--type <type>', 'tweets (post IDs) or users (account IDs); required')
    .option('--ids-file <path>', 'text file, one ID per line (required unless --job-id needs no upload)')
    .option('--job-name <name>', 'job name, at most 64 characters')
    .option('--job-id <id>', 'attach to an existing job instead of creating one')
  network(run)
    .option('--wait', `poll until the job is complete, failed or expired${def('wait')}`)
    .option('--no-wait', 'return after the upload')
    .option(
      '--poll-interval-seconds <s>',
      `first and smallest gap between polls${def('poll-interval-seconds')}`
    )
    .option('--wait-timeout-minutes <m>', `give up waiting after this long${def('wait-timeout-minutes')}`)
    .option('--download', `download the results when complete${def('download')}`)
    .option('--no-download', 'do not download the results')
    .option('--results-file <path>', 'where the results go (default: <temp dir>/x-compliance/<job-id>.jsonl)')
    .option(
      '--chunk-size <size>',
      `upload chunk: bytes, KiB or MiB, a multiple of 256KiB${def('chunk-size')}`
    )
    .option(
      '--on-active-job <mode>',
      `fail, wait or cancel when a job of this type is active${def('on-active-job')}`
    )
    .option(
      '--state-file <path>',
      "resume state after Ctrl+C (default: .x-compliance/<type>.state.json; '' disables)"
    )
    .option('--no-state-file', 'keep no state: an interrupted run cancels the job it created')
  common(run).action(act('run'))

  common(
    network(program.command('status').description('show a job').argument('<job-id>', 'the job ID'))
  ).action(act('status'))

  common(
    network(
      program
        .command('list')
        .description("list this App's jobs of a type")
        .option('--type <type>', 'tweets or users; required')
        .option(
          '--status <status>',
          'only jobs with this status: created, in_progress, complete, failed, expired'
        )
    )
  ).action(act('list'))

  common(
    network(
      program
        .command('download')
        .description("download a complete job's results")
        .argument('<job-id>', 'the job ID')
        .option(
          '--results-file <path>',
          'where the results go (default: <temp dir>/x-compliance/<job-id>.jsonl)'
        )
    )
  ).action(act('download'))

  common(
    network(program.command('cancel').description('cancel an active job').argument('<job-id>', 'the job ID'))
  ).action(act('cancel'))

  common(
    program
      .command('sandbox')
      .description('start the local emulator of the X compliance API and GCS on 127.0.0.1; print its URL')
      .option('--port <port>', 'port on 127.0.0.1 (default: 0, any free port)')
      .option('--processing-ms <ms>', 'time a job spends in_progress after its upload (default: 1000)')
      .option('--flagged-percent <n>', 'share of valid IDs in the results, 0 to 100 (default: 30)')
      .option(
        '--redivis-token <token>',
        'a made-up token the sandbox alone accepts on its Redivis API (default: any non-empty one)'
      )
      .option(
        '--x-token <token>',
        'a made-up bearer token the sandbox alone accepts on its X compliance API (default: any non-empty one)'
      )
      .option(
        '--media-user-token <token>',
        'a made-up OAuth 2.0 user token the sandbox alone accepts on X media (default: any but an app-only one)'
      )
      .option(
        '--oauth1-file <path>',
        'JSON {"api_key","api_key_secret","access_token","access_token_secret"}: the OAuth 1.0a credentials X media checks (default: the printed demo ones)'
      ),
    false
  ).action(act('sandbox'))

  common(
    program
      .command('demo')
      .description(
        'run the whole flow against an in-process sandbox with injected faults, and check the results'
      )
      .argument(
        '[flow]',
        'compliance (the default: the root action), redivis (redivis-upload) or media (media-upload)'
      )
      .option('--ids <count>', 'IDs in the generated file (default: 150000)')
      .option('--keep', 'keep the generated files'),
    false
  ).action(act('demo'))

  common(
    program
      .command('apply')
      .description('remove the IDs named in a results file from a dataset')
      .option('--results <path>', 'the results file (JSON lines) of a job; required (or --results-file)')
      .option('--dataset <path>', 'the dataset to clean; required (or --dataset-file)')
      .option('--format <format>', 'dataset format (default: from the file name)')
      .option('--id-field <name>', 'the field holding the post or account ID')
      .option('--keep-out <path>', 'where the kept rows go; required (or --output-file)')
      .option('--removed-out <path>', 'where the removed rows go (or --removed-file)')
      // the apply action's input names
      .option('--results-file <path>', 'the same as --results')
      .option('--dataset-file <path>', 'the same as --dataset')
      .option('--output-file <path>', 'the same as --keep-out')
      .option('--removed-file <path>', 'the same as --removed-out'),
    false
  ).action(act('apply'))

  const redivis = program.command('redivis').description('Redivis: upload data files into a table')
  const rdef = (name: RedivisInputName): string => {
    const v = REDIVIS_INPUT_DEFAULTS[name]
    return v === '' ? '' : ` (default: ${v})`
  }
  common(
    redivis
      .command('upload')
      .description(
        `upload files into a Redivis table's next version (token from $REDIVIS_API_TOKEN or --token-file)`
      )
      .option('--table <ref>', 'owner.dataset.table (uploads go to the next version); required')
      .option(
        '--file <path-or-glob>',
        'a file or glob pattern, relative to the current directory; repeat for more (required)',
        (v: string, prev: string[] = []) => [...prev, v]
      )
      .option('--kind <kind>', `tabular or files${rdef('kind')}`)
      .option('--upload-type <type>', "Redivis upload type (default: '', detected from the name)")
      .option('--upload-options <json>', 'parsing options as a JSON object')
      .option('--if-exists <mode>', `fail, replace or skip${rdef('if-exists')}`)
      .option('--merge-strategy <s>', "append or replace (default: '', leave the table's)")
      .option('--create-next-version', `create the next version when missing${rdef('create-next-version')}`)
      .option('--no-create-next-version', 'fail when the dataset has no next version')
      .option('--wait', `wait for processing${rdef('wait')}`)
      .option('--no-wait', 'return once the uploads are created')
      .option(
        '--processing-timeout-minutes <m>',
        `give up waiting after this long${rdef('processing-timeout-minutes')}`
      )
      .option('--concurrency <n>', `files transferred at once, 1 to 32${rdef('concurrency')}`)
      .option(
        '--resumable-min-size <size>',
        `files this big use resumable sessions${rdef('resumable-min-size')}`
      )
      .option('--api-base-url <url>', `Redivis API base URL${rdef('api-base-url')}`)
      .option('--chunk-size <size>', `resumable upload chunk${rdef('chunk-size')}`)
      .option('--max-retries <n>', `consecutive failures without progress${rdef('max-retries')}`)
      .option('--retry-base-delay-ms <ms>', `first backoff delay${rdef('retry-base-delay-ms')}`)
      .option('--request-timeout-seconds <s>', `stall watchdog per request${rdef('request-timeout-seconds')}`)
  ).action(act('redivis-upload'))

  const media = program.command('media').description('X media: upload a file (and post it)')
  common(
    media
      .command('upload')
      .description(
        'upload an image, GIF, video or subtitles to X (credentials from X_USER_TOKEN, or X_API_KEY, X_API_KEY_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET, or --token-file JSON)'
      )
      .option('--file <path>', 'the media file; required')
      .option('--media-type <type>', "X media type (default: '', from the file's leading bytes)")
      .option(
        '--media-category <c>',
        "tweet_image, tweet_gif, tweet_video, amplify_video, dm_*, subtitles (default: '', from the type)"
      )
      .option('--alt-text <text>', 'alt text for an image or GIF, at most 1000 characters')
      .option('--post-text <text>', 'create a post with this text and the media')
      .option('--chunk-size <size>', 'segment size, 1KiB to 5MiB (default: 4MiB)')
      .option('--concurrency <n>', 'segments in flight, 1 to 8 (default: 3)')
      .option('--processing-timeout-minutes <m>', 'give up waiting for processing (default: 10)')
      .option('--api-base-url <url>', 'X API base URL (default: https://api.x.com)')
      .option('--max-retries <n>', 'consecutive failures without progress (default: 10)')
      .option('--retry-base-delay-ms <ms>', 'first backoff delay (default: 1000)')
      .option('--request-timeout-seconds <s>', 'stall watchdog per request (default: 120)')
  ).action(act('media-upload'))

  return program
}

/** Loads the subcommand's module and runs it. */
export function lazyDispatch(ctx: CliContext): Dispatch {
  return async (name, args, raw) => {
    // commander's option values, typed by each subcommand's options interface
    const opts = raw as never
    switch (name) {
      case 'run':
        return (await import('./run.js')).runCommand(opts, ctx)
      case 'status':
        return (await import('./jobs.js')).statusCommand(args[0], opts, ctx)
      case 'list':
        return (await import('./jobs.js')).listCommand(opts, ctx)
      case 'download':
        return (await import('./jobs.js')).downloadCommand(args[0], opts, ctx)
      case 'cancel':
        return (await import('./jobs.js')).cancelCommand(args[0], opts, ctx)
      case 'sandbox':
        return (await import('./sandbox.js')).sandboxCommand(opts, ctx)
      case 'demo':
        if (args[0] === 'redivis') return (await import('./demo-redivis.js')).demoRedivisCommand(opts, ctx)
        if (args[0] === 'media') return (await import('./demo-media.js')).demoMediaCommand(opts, ctx)
        if (args[0] !== undefined && args[0] !== 'compliance') {
          ctx.stderr.write(
            `error: demo "${args[0]}" is not a flow: use compliance (default), redivis or media\n`
          )
          return EXIT.INPUT
        }
        return (await import('./demo.js')).demoCommand(opts, ctx)
      case 'apply':
        return (await import('./apply.js')).applyCommand(opts, ctx)
      case 'media-upload':
        return (await import('./media.js')).mediaUploadCommand(opts, ctx)
      case 'redivis-upload':
        return (await import('./redivis.js')).redivisUploadCommand(opts, ctx)
      default:
        throw new Error(`unknown command ${name}`)
    }
  }
}

/** Parses argv and runs the subcommand; returns the exit code. */
export async function main(
  argv: string[],
  ctx: CliContext = processContext(),
  dispatch?: Dispatch
): Promise<number> {
  let code: number = EXIT.OK
  const run = dispatch ?? lazyDispatch(ctx)
  const program = buildProgram(async (name, args, opts) => (code = await run(name, args, opts)), {
    out: s => ctx.stdout.write(s),
    err: s => ctx.stderr.write(s)
  })
  try {
    await program.parseAsync(argv)
    return code
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.OK
      // commander printed the message already
      return EXIT.INPUT
    }
    ctx.stderr.write(`error: ${(err as Error).message}\n`)
    return exitCodeFor(err)
  }
}
