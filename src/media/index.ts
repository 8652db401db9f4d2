// Entry point of the media-upload action (bundled into dist/media-upload/index.js).
import { main } from './main.js'

await main()
