// The low-level Transport against a loopback server: what is sent, what comes back.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import util from 'node:util'

import {
  AccountCredentials,
  DecodeError,
  PartnerCredentials,
  Response,
  Transport,
  ValidationError,
  VERSION,
} from 'vobiz-partner'

import { CANARY, startServer } from './helpers/server.mjs'

describe('Transport.request', () => {
  let server
  let transport
  const partner = new PartnerCredentials('PA_TEST1234', CANARY)
  const account = new AccountCredentials('MA_TEST1234', CANARY)

  before(async () => {
    server = await startServer()
    transport = new Transport({ baseUrl: server.url, timeoutMs: 5000, maxRetries: 0 })
  })
  after(() => server.close())

  it('sends a GET with the credentials and user agent, and returns the answer', async () => {
    server.respond({
      status: 200,
      headers: { 'x-request-id': 'req_123', 'x-extra': 'yes' },
      body: { auth_id: 'PA_TEST1234', balance: '50000.00000' },
    })
    const response = await transport.request(partner, 'GET', '/api/v1/partner/me')
    assert.ok(response instanceof Response)
    assert.equal(response.status, 200)
    assert.equal(response.requestId, 'req_123')
    assert.equal(response.headers['x-extra'], 'yes')
    assert.equal(response.headers['content-type'], 'application/json')
    assert.deepEqual(response.json(), { auth_id: 'PA_TEST1234', balance: '50000.00000' })
    assert.equal(response.text, '{"auth_id":"PA_TEST1234","balance":"50000.00000"}')
    assert.equal(Buffer.from(response.body).toString('utf8'), response.text)

    assert.equal(server.requests.length, 1)
    const [received] = server.requests
    assert.equal(received.method, 'GET')
    assert.equal(received.url, '/api/v1/partner/me')
    assert.equal(received.headers['x-auth-id'], 'PA_TEST1234')
    assert.equal(received.headers['x-auth-token'], CANARY)
    assert.equal(received.headers['user-agent'], `vobiz-partner/${VERSION} (node)`)
    assert.equal(received.headers.accept, 'application/json')
    assert.equal(received.body, '')
    assert.ok(!util.inspect(response).includes(CANARY))
  })

  it('sends a POST with a JSON body, as JSON.stringify writes it', async () => {
    server.respond({ status: 201, body: { ok: true } })
    const when = new Date('2026-03-01T10:00:00Z')
    const response = await transport.request(account, 'post', '/api/v1/Account/MA_TEST1234/Call/', {
      json: { from: '+918012345678', to: ['+919876543210'], at: when, skip: undefined, n: 1.5 },
    })
    assert.equal(response.status, 201)
    assert.deepEqual(response.json(), { ok: true })
    const [received] = server.requests
    assert.equal(received.method, 'POST')
    assert.equal(received.headers['content-type'], 'application/json')
    assert.equal(received.headers['x-auth-id'], 'MA_TEST1234')
    assert.deepEqual(JSON.parse(received.body), {
      from: '+918012345678',
      to: ['+919876543210'],
      at: '2026-03-01T10:00:00.000Z',
      n: 1.5,
    })
  })

  it('sends json: null as a JSON null body, and no json as no body', async () => {
    server.respond({ status: 200, body: {} })
    await transport.request(partner, 'PUT', '/api/v1/partner/x', { json: null })
    assert.equal(server.requests[0].body, 'null')
    assert.equal(server.requests[0].headers['content-type'], 'application/json')
    await transport.request(partner, 'DELETE', '/api/v1/partner/x')
    assert.equal(server.requests[1].body, '')
    assert.equal(server.requests[1].headers['content-type'], undefined)
  })

  it('encodes an E.164 path segment: + arrives as %2B', async () => {
    server.respond({ status: 200, body: {} })
    await transport.request(account, 'GET', '/api/v1/Account/MA_TEST1234/Number/+919876543210/')
    assert.equal(server.requests[0].url, '/api/v1/Account/MA_TEST1234/Number/%2B919876543210/')
  })

  it('adds query parameters, encoded, after any in the path', async () => {
    server.respond({ status: 200, body: [] })
    await transport.request(partner, 'GET', '/api/v1/partner/numbers?limit=20', {
      query: { offset: 40, status: ['a', 'b'], number: '+91 80', skip: undefined, none: null, on: true },
    })
    const url = new URL(server.requests[0].url, server.url)
    assert.equal(url.pathname, '/api/v1/partner/numbers')
    assert.deepEqual([...url.searchParams], [
      ['limit', '20'],
      ['offset', '40'],
      ['status', 'a'],
      ['status', 'b'],
      ['number', '+91 80'],
      ['on', 'true'],
    ])
    assert.ok(server.requests[0].url.includes('number=%2B91'), server.requests[0].url)

    await transport.request(partner, 'GET', '/api/v1/partner/numbers', {
      query: new URLSearchParams([['a', '1'], ['a', '2']]),
    })
    assert.equal(new URL(server.requests[1].url, server.url).search, '?a=1&a=2')
    await transport.request(partner, 'GET', '/api/v1/partner/numbers', { query: [['k', 'v']] })
    assert.equal(new URL(server.requests[2].url, server.url).search, '?k=v')
  })

  it('reads an empty body as JSON null', async () => {
    server.respond({ status: 204 })
    const response = await transport.request(partner, 'DELETE', '/api/v1/partner/kyc-sessions/s1')
    assert.equal(response.status, 204)
    assert.equal(response.text, '')
    assert.equal(response.json(), null)
    assert.equal(response.requestId, null)
  })

  it('throws a DecodeError when the body is not JSON', async () => {
    server.respond({ status: 200, headers: { 'x-request-id': 'req_html' }, body: '<html>oops</html>' })
    const response = await transport.request(partner, 'GET', '/api/v1/partner/me')
    assert.equal(response.text, '<html>oops</html>')
    assert.throws(
      () => response.json(),
      (e) =>
        e instanceof DecodeError &&
        e.code === 'DECODE' &&
        e.status === 200 &&
        e.requestId === 'req_html' &&
        e.method === 'GET' &&
        e.path === '/api/v1/partner/me',
    )
  })

  it('refuses bad input before sending anything', async () => {
    server.respond({ status: 200, body: {} })
    const cases = [
      [() => transport.request(partner, 'TRACE', '/api/v1/partner/me'), 'method'],
      [() => transport.request(partner, 'GET', '/partner/me'), 'path'],
      [() => transport.request(partner, 'GET', '/api/v1/partner/me', { timeoutMs: 0 }), 'timeout'],
      [() => transport.request(partner, 'GET', '/api/v1/partner/me', { maxRetries: 11 }), 'max_retries'],
      [() => transport.request(partner, 'POST', '/api/v1/partner/accounts', { json: { n: 1n } }), 'body'],
      [() => transport.request(partner, 'POST', '/api/v1/partner/accounts', { json: () => 1 }), 'body'],
    ]
    for (const [send, field] of cases) {
      await assert.rejects(send, (e) => e instanceof ValidationError && e.field === field)
    }
    const circular = {}
    circular.self = circular
    await assert.rejects(
      transport.request(partner, 'POST', '/api/v1/partner/accounts', { json: circular }),
      (e) => e instanceof ValidationError && e.field === 'body',
    )
    assert.equal(server.requests.length, 0)
  })

  it('refuses arguments of the wrong type with a TypeError', async () => {
    await assert.rejects(transport.request({ authId: 'PA_X', authToken: CANARY }, 'GET', '/api/v1/x'), TypeError)
    await assert.rejects(transport.request(partner, 'GET', 42), TypeError)
    await assert.rejects(transport.request(partner, 'GET', '/api/v1/x', { query: { a: {} } }), TypeError)
    await assert.rejects(transport.request(partner, 'GET', '/api/v1/x', { query: 'a=1' }), TypeError)
    assert.throws(() => new Response(), TypeError)
    assert.equal(server.requests.length, 0)
  })

  it('runs concurrent requests on one transport', async () => {
    server.respond({ status: 200, body: { ok: 1 }, delayMs: 50 })
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => transport.request(partner, 'GET', `/api/v1/partner/accounts/MA_N${i}`)),
    )
    assert.equal(answers.length, 8)
    assert.ok(answers.every((a) => a.status === 200))
    assert.equal(server.requests.length, 8)
  })
})
