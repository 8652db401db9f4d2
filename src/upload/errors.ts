// The error an upload ends with when the server refuses it or breaks the protocol.
export class UploadError extends Error {
  readonly status?: number
  readonly serverMessage?: string
  /** Set when the server refused to start a session (the issuer may hand out a fresh upload URL). */
  readonly atStart: boolean

  constructor(
    message: string,
    details: { status?: number; serverMessage?: string; cause?: unknown; atStart?: boolean } = {}
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'UploadError'
    this.status = details.status
    this.serverMessage = details.serverMessage
    this.atStart = details.atStart ?? false
  }
}
