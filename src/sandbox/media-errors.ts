// X's problem+json answers on the media endpoints and POST /2/tweets (the shapes of the wire contract).
import { jsonReply, type Reply } from './http.js'
import { TOO_MANY } from './x-api.js'

const PROBLEM = 'application/problem+json'
const PROBLEMS = 'https://api.twitter.com/2/problems'

/** 400 with X's errors[] of {message}. */
export function invalid(message: string): Reply {
  return jsonReply(
    400,
    {
      errors: [{ message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: `${PROBLEMS}/invalid-request`
    },
    PROBLEM
  )
}

export function unauthorized(detail = 'Unauthorized'): Reply {
  return jsonReply(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail }, PROBLEM)
}

export function appOnlyForbidden(): Reply {
  return jsonReply(
    403,
    {
      title: 'Unsupported Authentication',
      detail:
        'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
      type: `${PROBLEMS}/unsupported-authentication`,
      status: 403
    },
    PROBLEM
  )
}

export function tooMany(): Reply {
  return jsonReply(429, TOO_MANY, PROBLEM)
}
