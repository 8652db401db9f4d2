// A multipart/form-data body whose file part streams from the disk: the text fields and part headers are small
// buffers, the file bytes a BodySource read while the socket takes them (memory does not grow with the part).
import { randomBytes } from 'node:crypto'
import type { BodySource } from '../net/transport.js'

export interface MultipartBody {
  contentType: string
  body: BodySource
}

export function multipartBody(
  fields: Record<string, string>,
  file: { name: string; filename: string; contentType: string; source: BodySource }
): MultipartBody {
  const boundary = `----x-compliance-${randomBytes(12).toString('hex')}`
  let head = ''
  for (const [k, v] of Object.entries(fields))
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`
  head += `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`
  const tail = `\r\n--${boundary}--\r\n`
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: concatSources([Buffer.from(head), file.source, Buffer.from(tail)])
  }
}

/** Buffers and sources one after another, as one source. */
export function concatSources(parts: (Buffer | BodySource)[]): BodySource {
  const sizes = parts.map(p => p.length)
  const length = sizes.reduce((a, b) => a + b, 0)
  return {
    length,
    async read(pos, into) {
      let filled = 0
      let start = 0
      for (let i = 0; i < parts.length && filled < into.length; i++) {
        const end = start + sizes[i]
        if (pos + filled < end) {
          const from = pos + filled - start
          const want = Math.min(into.length - filled, sizes[i] - from)
          const p = parts[i]
          if (Buffer.isBuffer(p)) p.copy(into, filled, from, from + want)
          else {
            const slice = into.subarray(filled, filled + want)
            let got = 0
            while (got < want) got += await p.read(from + got, slice.subarray(got))
          }
          filled += want
        }
        start = end
      }
      return filled
    }
  }
}
