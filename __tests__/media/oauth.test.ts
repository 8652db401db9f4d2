import { describe, expect, it } from '@jest/globals'
import { authHeader, signatureOf } from '../../src/media/oauth.js'

describe('OAuth 1.0a signing (oauth-1.0a, HMAC-SHA1)', () => {
  it("matches RFC 5849's published example signature", () => {
    const sign = authHeader(
      {
        kind: 'oauth1',
        apiKey: 'dpf43f3p2l4k3l03',
        apiKeySecret: 'kd94hf93k423kf44',
        accessToken: 'nnch734d00sl2jdk',
        accessTokenSecret: 'pfkkdhi9sl3r4s00'
      },
      { timestamp: () => 1191242096, nonce: () => 'kllo9940pd9333jh' }
    )
    const header = sign('GET', 'http://photos.example.net/photos?file=vacation.jpg&size=original')
    expect(signatureOf(header)).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=')
    expect(header).toMatch(
      /^OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="kllo9940pd9333jh", oauth_signature="/
    )
  })

  it("matches X's documented example signature (query and form body signed)", () => {
    const sign = authHeader(
      {
        kind: 'oauth1',
        apiKey: 'xvz1evFS4wEEPTGEFPHBog',
        apiKeySecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
        accessToken: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
        accessTokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE'
      },
      { timestamp: () => 1318622958, nonce: () => 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg' }
    )
    const header = sign('POST', 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true', {
      status: 'Hello Ladies + Gentlemen, a signed OAuth request!'
    })
    expect(signatureOf(header)).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=')
  })

  it('uses a fresh nonce and timestamp on every request', () => {
    let t = 1_700_000_000
    const sign = authHeader(
      { kind: 'oauth1', apiKey: 'k', apiKeySecret: 's', accessToken: 't', accessTokenSecret: 'ts' },
      {
        timestamp: () => t++,
        nonce: () => `n${t}`
      }
    )
    const a = sign('POST', 'https://api.x.com/2/media/upload/1/append')
    const b = sign('POST', 'https://api.x.com/2/media/upload/1/append')
    expect(a).not.toBe(b)
    expect(signatureOf(a)).not.toBe(signatureOf(b))
    const real = authHeader({
      kind: 'oauth1',
      apiKey: 'k',
      apiKeySecret: 's',
      accessToken: 't',
      accessTokenSecret: 'ts'
    })
    const nonces = new Set(
      [1, 2, 3].map(() => /oauth_nonce="([^"]+)"/.exec(real('GET', 'https://api.x.com/2/x'))![1])
    )
    expect(nonces.size).toBe(3)
  })

  it('sends an OAuth 2.0 user token as Bearer', () => {
    expect(authHeader({ kind: 'oauth2', userToken: 'u-123' })('POST', 'https://api.x.com/2/tweets')).toBe(
      'Bearer u-123'
    )
  })
})
