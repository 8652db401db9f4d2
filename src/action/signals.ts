// SIGINT/SIGTERM for every entry point, the actions and the CLI alike. The runner cancels a step with SIGINT,
// then SIGTERM 7.5 s later, then SIGKILL: the first signal aborts the work (it stops promptly, cleans up and
// reports), a second one, or the work not stopping within the grace period, exits at once.

/** Within the runner's 7.5 s between SIGINT and SIGTERM. */
export const SIGNAL_GRACE_MS = 7000

/**
 * Runs `work` with SIGINT/SIGTERM turned into an abort: the first signal aborts (the work stops promptly and
 * keeps its job), a second one, or the work not stopping within `graceMs`, exits at once.
 */
export async function withSignals<T>(
  work: (signal: AbortSignal, signalled: () => NodeJS.Signals | undefined) => Promise<T>,
  opts: {
    onSignal?: (sig: NodeJS.Signals) => void
    graceMs?: number
    forceExit: (sig: NodeJS.Signals) => void
  }
): Promise<T> {
  const controller = new AbortController()
  let signalled: NodeJS.Signals | undefined
  let timer: NodeJS.Timeout | undefined
  const handler = (sig: NodeJS.Signals): void => {
    if (signalled) return opts.forceExit(sig)
    signalled = sig
    opts.onSignal?.(sig)
    controller.abort(new Error(`cancelled by ${sig}`))
    timer = setTimeout(() => opts.forceExit(sig), opts.graceMs ?? SIGNAL_GRACE_MS)
    timer.unref()
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  try {
    return await work(controller.signal, () => signalled)
  } finally {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
    if (timer) clearTimeout(timer)
  }
}
