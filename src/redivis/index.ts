// Entry point of the redivis-upload action (bundled into dist/redivis-upload/index.js).
import { main } from './main.js'

await main()
