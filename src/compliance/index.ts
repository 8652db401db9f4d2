// Entry point of the action (bundled into dist/index.js).
import { run } from './main.js'

const outcome = await run()
// After a cancel, idle keep-alive sockets must not hold the process past the runner's grace period.
if (outcome.signal) process.exit(1)
