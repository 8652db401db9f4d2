// Entry point of the apply action (bundled into dist/apply/index.js).
import { main } from './action.js'

await main()
