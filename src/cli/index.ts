#!/usr/bin/env node
// Entry of the x-compliance CLI (bundled into dist/cli/index.js): parse, run the subcommand, exit with its code.
import { exitWhenFlushed } from './context.js'
import { main } from './program.js'

// A closed pipe (x-compliance list | head) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err
  })

await exitWhenFlushed(await main(process.argv))
