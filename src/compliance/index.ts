// Entry point of the compliance action (bundled into dist/index.js).
import { main } from './main.js'

await main()
