// A file's media type from its leading bytes (magic numbers), else from its extension: what X is told in
// initialize, and what decides the category and its size limit before any request.
import { open } from 'node:fs/promises'
import * as path from 'node:path'
import type { MediaType } from './model.js'

const HEAD_BYTES = 64

function at(b: Buffer, offset: number, ascii: string): boolean {
  return b.length >= offset + ascii.length && b.toString('latin1', offset, offset + ascii.length) === ascii
}

/** The type the bytes say, or undefined when they say nothing known. */
export function sniff(b: Buffer): MediaType | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (at(b, 0, '\x89PNG\r\n\x1a\n')) return 'image/png'
  if (at(b, 0, 'GIF87a') || at(b, 0, 'GIF89a')) return 'image/gif'
  if (at(b, 0, 'RIFF') && at(b, 8, 'WEBP')) return 'image/webp'
  if (at(b, 0, 'BM')) return 'image/bmp'
  if (at(b, 0, 'II*\x00') || at(b, 0, 'MM\x00*')) return 'image/tiff'
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'video/webm'
  if (at(b, 4, 'ftyp')) return at(b, 8, 'qt  ') ? 'video/quicktime' : 'video/mp4'
  if (b.length >= 189 && b[0] === 0x47 && b[188] === 0x47) return 'video/mp2t'
  if (at(b, 0, 'WEBVTT') || at(b, 3, 'WEBVTT')) return 'text/vtt'
  return undefined
}

const BY_EXTENSION: Record<string, MediaType> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.ts': 'video/mp2t',
  '.srt': 'text/srt',
  '.vtt': 'text/vtt'
}

export async function detectMediaType(file: string): Promise<MediaType | undefined> {
  const fh = await open(file, 'r')
  try {
    const buf = Buffer.alloc(HEAD_BYTES * 4)
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0)
    return sniff(buf.subarray(0, bytesRead)) ?? BY_EXTENSION[path.extname(file).toLowerCase()]
  } finally {
    await fh.close()
  }
}
