// Preloaded with `node --import` into the action: writes its peak RSS (bytes, from getrusage) to
// BENCH_MAXRSS_FILE as it exits. Needs no external tool.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_MAXRSS_FILE
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)))
