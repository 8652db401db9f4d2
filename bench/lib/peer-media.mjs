// node-twitter-api-v2's uploadMedia (v2 chunked upload, 1 MB segments one after another, the file as a Buffer),
// the peer the media row compares with. Its API host is built in (https://api.x.com), so its agent connects every
// request to the bench's relay on 127.0.0.1 instead, with TLS for the name api.x.com against the bench's throwaway
// CA: no name is looked up and no other address is reached. Prints {"ms", "mediaId"}.
import { readFile } from 'node:fs/promises'
import https from 'node:https'
import tls from 'node:tls'
import { performance } from 'node:perf_hooks'
import { TwitterApi } from 'twitter-api-v2'

const o = JSON.parse(process.env.BENCH_PEER)
const ca = await readFile(o.ca)
const agent = new https.Agent({ keepAlive: true })
agent.createConnection = () => tls.connect({ host: '127.0.0.1', port: o.port, servername: 'api.x.com', ca })
const media = await readFile(o.file)
const client = new TwitterApi(o.token, { httpAgent: agent })
const t0 = performance.now()
const mediaId = await client.v2.uploadMedia(media, { media_type: 'video/mp4' })
console.log(JSON.stringify({ ms: performance.now() - t0, mediaId }))
agent.destroy()
