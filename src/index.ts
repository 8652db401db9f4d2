// Entry point of the action (bundled into dist/index.js).
import { run } from './main.js'

await run()
