// `x-compliance demo media`: media-upload's whole flow in-process against the embedded sandbox, with real faults
// on the wire (a reset mid-append, a 503 on an append, a lost answer after an applied append, a 429 on finalize),
// OAuth 1.0a signed with the sandbox's demo credentials; then the media X holds checked against the file.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { createUi, type CliContext } from './common.js'
import { runDemo } from './demo-session.js'
import { EXIT } from './exit-codes.js'
import { MEDIA_ENV, mediaUploadCommand } from './media.js'

const SIZE = 3 * 1024 * 1024

export async function demoMediaCommand(
  opts: { keep?: boolean; json?: boolean; debug?: boolean },
  ctx: CliContext
): Promise<number> {
  const ui = createUi(ctx, { ...opts, bar: false })
  const { log } = ui
  const { SANDBOX_OAUTH1 } = await import('../sandbox/index.js')
  const video = Buffer.alloc(SIZE)
  for (let i = 0; i < SIZE; i++) video[i] = (i * 131) & 0xff
  Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42', 'latin1')]).copy(video)
  return runDemo(
    ui,
    ctx,
    opts,
    {
      dirPrefix: 'x-compliance-demo-media-',
      prepare: dir => fs.writeFile(path.join(dir, 'demo.mp4'), video),
      sandbox: {
        media: { processingMs: 2500 },
        faults: [
          { on: 'mediaAppend', nth: 2, do: { reset: { afterBytes: 100 * 1024 } } },
          { on: 'mediaAppend', nth: 4, do: { status: 503 } },
          { on: 'mediaAppend', nth: 6, do: { loseFinalResponse: true } },
          { on: 'mediaFinalize', do: { rateLimit: { resetInSeconds: 1 } } }
        ]
      }
    },
    async (sandbox, dir) => {
      log.info(
        `Sandbox listening on ${sandbox.apiBaseUrl}; a 3 MiB MP4 in ${dir}; OAuth 1.0a with the sandbox's demo credentials`
      )
      log.info(
        'Injected faults: a reset mid-append 2, a 503 on append 4, a lost answer after append 6 was applied, a 429 on finalize'
      )
      const env: NodeJS.ProcessEnv = {
        ...ctx.env,
        [MEDIA_ENV['api-key']]: SANDBOX_OAUTH1.apiKey,
        [MEDIA_ENV['api-key-secret']]: SANDBOX_OAUTH1.apiKeySecret,
        [MEDIA_ENV['access-token']]: SANDBOX_OAUTH1.accessToken,
        [MEDIA_ENV['access-token-secret']]: SANDBOX_OAUTH1.accessTokenSecret
      }
      delete env[MEDIA_ENV['user-token']]
      const code = await mediaUploadCommand(
        {
          file: 'demo.mp4',
          postText: 'A demo video',
          chunkSize: '256KiB',
          apiBaseUrl: sandbox.apiBaseUrl,
          retryBaseDelayMs: '200',
          requestTimeoutSeconds: '5',
          json: opts.json,
          debug: opts.debug
        },
        { ...ctx, cwd: dir, env }
      )
      if (code !== EXIT.OK) return { code }
      const m = sandbox.media().at(-1)
      const same = m !== undefined && sandbox.mediaObject(m.id)?.equals(video) === true
      const posted = m !== undefined && sandbox.posts().some(p => p.mediaIds.includes(m.id))
      return {
        code,
        check: {
          ok: same && posted,
          lines: [
            same && posted
              ? `Verified: X holds the ${SIZE} bytes of the file as media ${m!.id} (${m!.segments.length} segments), processed and posted.`
              : 'MISMATCH: the media X holds differs from the file, or it was not posted.',
            `Faults injected: ${sandbox.stats().faultsInjected}`
          ]
        }
      }
    }
  )
}
