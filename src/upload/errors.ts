// The error an upload ends with when the server refuses it or breaks the protocol.
export class UploadError extends Error {
  readonly status?: number
  readonly serverMessage?: string

  constructor(message: string, details: { status?: number; serverMessage?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'UploadError'
    this.status = details.status
    this.serverMessage = details.serverMessage
  }
}
