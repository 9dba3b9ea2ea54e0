// Every error class, produced by a real answer (or non-answer) of a loopback server.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import util from 'node:util'

import {
  AccountCredentials,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  CoolOffError,
  DecodeError,
  InsufficientBalanceError,
  NotFoundError,
  OutcomeUnknownError,
  PartnerCredentials,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  Transport,
  TransportError,
  UnprocessableError,
  ValidationError,
  VobizError,
} from 'vobiz-partner'

import { CANARY, closedPort, startServer } from './helpers/server.mjs'

/** Every error a test produced, checked for the canary at the end. */
const seen = []

/** Awaits `promise`, which must reject with an instance of `cls`; returns the error. */
async function rejectsWith(promise, cls) {
  try {
    await promise
  } catch (e) {
    seen.push(e)
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e && e.name}: ${e && e.message}`)
    assert.ok(e instanceof VobizError)
    assert.ok(e instanceof Error)
    assert.equal(e.name, cls.name)
    assert.equal(Object.getPrototypeOf(e), cls.prototype)
    return e
  }
  assert.fail(`expected a ${cls.name}, but the request succeeded`)
}

describe('errors from server answers', () => {
  let server
  let transport
  const partner = new PartnerCredentials('PA_TEST1234', CANARY)
  const account = new AccountCredentials('MA_TEST1234', CANARY)
  const me = '/api/v1/partner/me'

  before(async () => {
    server = await startServer()
    transport = new Transport({ baseUrl: server.url, timeoutMs: 5000, maxRetries: 0 })
  })
  after(() => server.close())

  it('401 → AuthenticationError, with the echoed token redacted', async () => {
    server.respond({
      status: 401,
      headers: { 'x-request-id': 'req_401' },
      body: { error: 'invalid_credentials', message: `token ${CANARY} is not valid` },
    })
    const e = await rejectsWith(transport.request(partner, 'GET', me), AuthenticationError)
    assert.equal(e.code, 'AUTHENTICATION')
    assert.equal(e.status, 401)
    assert.equal(e.apiCode, 'invalid_credentials')
    assert.equal(e.requestId, 'req_401')
    assert.equal(e.method, 'GET')
    assert.equal(e.path, me)
    assert.match(e.message, /401/)
    assert.ok(!e.message.includes(CANARY) && !e.body.includes(CANARY) && !e.apiMessage.includes(CANARY))
  })

  it('400 → BadRequestError', async () => {
    server.respond({ status: 400, body: { error: 'bad_input', message: 'name is required' } })
    const e = await rejectsWith(transport.request(partner, 'POST', '/api/v1/partner/accounts', { json: {} }), BadRequestError)
    assert.equal(e.code, 'BAD_REQUEST')
    assert.equal(e.status, 400)
    assert.equal(e.apiCode, 'bad_input')
    assert.equal(e.apiMessage, 'name is required')
    assert.equal(e.method, 'POST')
  })

  it('403 → PermissionDeniedError', async () => {
    server.respond({ status: 403, body: { detail: 'Partner cannot transfer balance' } })
    const e = await rejectsWith(transport.request(partner, 'GET', me), PermissionDeniedError)
    assert.equal(e.code, 'PERMISSION_DENIED')
    assert.equal(e.status, 403)
    assert.equal(e.apiMessage, 'Partner cannot transfer balance')
  })

  it('404 → NotFoundError, with body and path', async () => {
    server.respond({ status: 404, body: { error: 'not_found', message: 'Account not found' } })
    const e = await rejectsWith(
      transport.request(partner, 'GET', '/api/v1/partner/accounts/MA_OTHER123'),
      NotFoundError,
    )
    assert.equal(e.code, 'NOT_FOUND')
    assert.equal(e.apiCode, 'not_found')
    assert.equal(e.path, '/api/v1/partner/accounts/MA_OTHER123')
    assert.deepEqual(JSON.parse(e.body), { error: 'not_found', message: 'Account not found' })
  })

  it('409 → ConflictError (not a CoolOffError), never retried', async () => {
    server.respond({ status: 409, body: { error: 'session_terminal', message: 'KYC session already completed' } })
    const e = await rejectsWith(
      transport.request(partner, 'DELETE', '/api/v1/partner/kyc-sessions/s1', { maxRetries: 3 }),
      ConflictError,
    )
    assert.ok(!(e instanceof CoolOffError))
    assert.equal(e.code, 'CONFLICT')
    assert.equal(server.requests.length, 1)
  })

  it('409 did_cool_off_in_effect → CoolOffError extends ConflictError', async () => {
    server.respond({
      status: 409,
      body: {
        error: 'did_cool_off_in_effect',
        message: 'This number had a call within the last 15 days',
        cool_off_until: '2026-12-01T10:00:00Z',
        cool_off_remaining_seconds: 1209600,
      },
    })
    const e = await rejectsWith(
      transport.request(account, 'DELETE', '/api/v1/Account/MA_TEST1234/Number/+918012345678/'),
      CoolOffError,
    )
    assert.ok(e instanceof ConflictError)
    assert.equal(e.code, 'COOL_OFF')
    assert.equal(e.apiCode, 'did_cool_off_in_effect')
    assert.ok(e.coolOffUntil instanceof Date)
    assert.equal(e.coolOffUntil.toISOString(), '2026-12-01T10:00:00.000Z')
    assert.equal(e.coolOffUntilText, '2026-12-01T10:00:00Z')
    assert.equal(e.remainingSeconds, 1209600)
    assert.equal(e.path, '/api/v1/Account/MA_TEST1234/Number/%2B918012345678/')
    assert.equal(server.requests[0].url, '/api/v1/Account/MA_TEST1234/Number/%2B918012345678/')
  })

  it('a cool-off without a readable date keeps the text and gives a null Date', async () => {
    server.respond({ status: 409, body: { error: 'did_cool_off_in_effect', cool_off_until: 'soon' } })
    const e = await rejectsWith(transport.request(account, 'DELETE', '/api/v1/Account/MA_TEST1234/Number/1/'), CoolOffError)
    assert.equal(e.coolOffUntil, null)
    assert.equal(e.coolOffUntilText, 'soon')
    assert.equal(e.remainingSeconds, null)
  })

  it('422 → UnprocessableError with the field details in apiMessage', async () => {
    server.respond({
      status: 422,
      body: {
        status: 'error',
        error: { code: 'VALIDATION_ERROR', message: 'Invalid input', details: { errors: [{ field: 'email', message: 'is invalid' }] } },
        requestId: 'req_422',
      },
    })
    const e = await rejectsWith(transport.request(partner, 'POST', '/api/v1/partner/accounts', { json: { email: 'x' } }), UnprocessableError)
    assert.equal(e.code, 'UNPROCESSABLE')
    assert.equal(e.apiCode, 'VALIDATION_ERROR')
    assert.equal(e.apiMessage, 'Invalid input: email: is invalid')
    assert.equal(e.requestId, 'req_422')
  })

  it('429 with Retry-After → RateLimitError with retryAfter', async () => {
    server.respond({ status: 429, headers: { 'retry-after': '7' }, body: { error: 'rate_limited' } })
    const e = await rejectsWith(transport.request(partner, 'GET', me), RateLimitError)
    assert.equal(e.code, 'RATE_LIMITED')
    assert.equal(e.status, 429)
    assert.equal(e.retryAfter, 7)
  })

  it('402 → InsufficientBalanceError with exact decimal strings', async () => {
    server.respond({
      status: 402,
      body: { error: 'insufficient_balance', message: 'Insufficient balance', current_balance: '200.10', requested_amount: '500.00', currency: 'INR' },
    })
    const e = await rejectsWith(
      transport.request(partner, 'POST', '/api/v1/partner/accounts/MA_C1234567/transfer-balance', { json: { amount: '500.00' } }),
      InsufficientBalanceError,
    )
    assert.equal(e.code, 'INSUFFICIENT_BALANCE')
    assert.equal(e.status, 402)
    assert.equal(e.currentBalance, '200.10')
    assert.equal(e.requestedAmount, '500.00')
    assert.equal(e.currency, 'INR')
  })

  it('400 with an insufficient_balance body → InsufficientBalanceError', async () => {
    server.respond({
      status: 400,
      body: '{"error":"insufficient_balance","message":"Insufficient balance","current_balance":200.00,"requested_amount":500.25,"currency":"INR"}',
      headers: { 'content-type': 'application/json' },
    })
    const e = await rejectsWith(
      transport.request(partner, 'POST', '/api/v1/partner/accounts/MA_C1234567/transfer-balance', { json: { amount: 500.25 } }),
      InsufficientBalanceError,
    )
    assert.equal(e.status, 400)
    assert.equal(typeof e.currentBalance, 'string')
    assert.equal(Number(e.currentBalance), 200)
    assert.equal(e.requestedAmount, '500.25')
    assert.equal(e.currency, 'INR')
  })

  it('500 on a GET is retried, then ServerError', async () => {
    server.respond({ status: 500, body: { error: 'internal' } })
    const e = await rejectsWith(transport.request(partner, 'GET', me, { maxRetries: 2 }), ServerError)
    assert.equal(e.code, 'SERVER')
    assert.equal(e.status, 500)
    assert.equal(e.outcomeUnknown, false, 'a failed GET changed nothing')
    assert.equal(server.requests.length, 3)
  })

  it('503 on a GET is retried (Retry-After: 0) and can then succeed', async () => {
    server.respond(
      { status: 503, headers: { 'retry-after': '0' }, body: { error: 'unavailable' } },
      { status: 503, headers: { 'retry-after': '0' }, body: { error: 'unavailable' } },
      { status: 200, body: { ok: true } },
    )
    const response = await transport.request(partner, 'GET', me, { maxRetries: 2 })
    assert.deepEqual(response.json(), { ok: true })
    assert.equal(server.requests.length, 3)
  })

  it('500 and 503 on a POST are not retried', async () => {
    for (const status of [500, 503]) {
      server.respond({ status, headers: { 'retry-after': '0' }, body: { error: 'oops' } })
      const e = await rejectsWith(
        transport.request(partner, 'POST', '/api/v1/partner/accounts/MA_C1234567/transfer-balance', {
          json: { amount: '1.00' },
          maxRetries: 3,
        }),
        ServerError,
      )
      assert.equal(e.status, status)
      assert.equal(e.method, 'POST')
      assert.equal(e.outcomeUnknown, true, 'a 5xx to a POST may have taken effect')
      assert.equal(server.requests.length, 1)
    }
  })

  it('a POST whose connection dies after sending → OutcomeUnknownError, not retried', async () => {
    server.respond((req) => req.socket.destroy())
    const e = await rejectsWith(
      transport.request(partner, 'POST', '/api/v1/partner/accounts/MA_C1234567/transfer-balance', {
        json: { amount: '10.00' },
        maxRetries: 3,
      }),
      OutcomeUnknownError,
    )
    assert.equal(e.code, 'OUTCOME_UNKNOWN')
    assert.equal(e.attempts, 1)
    assert.equal(e.method, 'POST')
    assert.equal(e.path, '/api/v1/partner/accounts/MA_C1234567/transfer-balance')
    assert.equal(e.status, null)
    assert.equal(server.requests.length, 1)
    assert.deepEqual(JSON.parse(server.requests[0].body), { amount: '10.00' })
  })

  it('a GET whose connection dies is retried, then TransportError', async () => {
    server.respond((req) => req.socket.destroy())
    const e = await rejectsWith(transport.request(partner, 'GET', me, { maxRetries: 1 }), TransportError)
    assert.equal(e.code, 'TRANSPORT')
    assert.equal(e.attempts, 2)
    assert.equal(server.requests.length, 2)
  })

  it('no answer in time → TimeoutError, with the attempts made', async () => {
    server.respond({ status: 200, body: {}, delayMs: 3000 })
    const e = await rejectsWith(
      transport.request(partner, 'GET', me, { timeoutMs: 300, maxRetries: 1 }),
      TimeoutError,
    )
    assert.equal(e.code, 'TIMEOUT')
    assert.equal(e.attempts, 2)
    assert.equal(e.method, 'GET')
    assert.equal(server.requests.length, 2)
  })

  it('a POST that times out → OutcomeUnknownError', async () => {
    server.respond({ status: 200, body: {}, delayMs: 3000 })
    const e = await rejectsWith(
      transport.request(partner, 'POST', '/api/v1/partner/accounts', { json: {}, timeoutMs: 300, maxRetries: 2 }),
      OutcomeUnknownError,
    )
    assert.equal(e.attempts, 1)
    assert.equal(server.requests.length, 1)
  })

  it('connection refused → TransportError, retried even for a POST', async () => {
    const port = await closedPort()
    const nowhere = new Transport({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 })
    const e = await rejectsWith(nowhere.request(partner, 'GET', me), TransportError)
    assert.equal(e.attempts, 2)
    assert.match(e.message, /connect/i)
    // Nothing left this machine, so even a POST may be tried again.
    const post = await rejectsWith(
      nowhere.request(partner, 'POST', '/api/v1/partner/accounts', { json: {} }),
      TransportError,
    )
    assert.equal(post.attempts, 2)
  })

  it('a redirect to plain http elsewhere → TransportError, without following it', async () => {
    server.respond({ status: 302, headers: { location: 'http://example.com/steal' } })
    const e = await rejectsWith(transport.request(partner, 'GET', me), TransportError)
    assert.match(e.message, /plain http/)
    assert.equal(server.requests.length, 1)
  })

  it('an unexpected status → DecodeError', async () => {
    server.respond({ status: 304 })
    const e = await rejectsWith(transport.request(partner, 'GET', me), DecodeError)
    assert.equal(e.code, 'DECODE')
    assert.equal(e.status, 304)
  })

  it('every error class is a VobizError with a fixed code', () => {
    const classes = {
      VALIDATION: ValidationError,
      BAD_REQUEST: BadRequestError,
      AUTHENTICATION: AuthenticationError,
      PERMISSION_DENIED: PermissionDeniedError,
      NOT_FOUND: NotFoundError,
      CONFLICT: ConflictError,
      COOL_OFF: CoolOffError,
      UNPROCESSABLE: UnprocessableError,
      RATE_LIMITED: RateLimitError,
      INSUFFICIENT_BALANCE: InsufficientBalanceError,
      SERVER: ServerError,
      OUTCOME_UNKNOWN: OutcomeUnknownError,
      TIMEOUT: TimeoutError,
      TRANSPORT: TransportError,
      DECODE: DecodeError,
    }
    for (const [code, cls] of Object.entries(classes)) {
      const e = new cls('made by hand', { status: 418 })
      assert.ok(e instanceof cls && e instanceof VobizError && e instanceof Error, cls.name)
      assert.equal(e.code, code)
      assert.equal(e.name, cls.name)
      assert.equal(e.message, 'made by hand')
      assert.equal(e.status, 418)
      assert.equal(e.requestId, null)
      assert.match(e.stack, new RegExp(`^${cls.name}: made by hand`))
    }
    assert.ok(new CoolOffError('x') instanceof ConflictError)
    assert.ok(!(new ConflictError('x') instanceof CoolOffError))
    assert.ok(!(new NotFoundError('x') instanceof ConflictError))
    assert.equal(new VobizError('x').code, 'UNKNOWN')
  })

  it('no error, of any class, shows the token: message, stack, inspect, JSON', () => {
    const classes = new Set(seen.map((e) => e.constructor))
    assert.ok(classes.size >= 13, `only ${classes.size} classes were produced`)
    for (const e of seen) {
      for (const text of [
        e.message,
        e.stack,
        util.inspect(e),
        util.inspect(e, { showHidden: true, depth: Infinity }),
        JSON.stringify(e),
        String(e),
      ]) {
        assert.ok(!text.includes(CANARY), `${e.name} leaked the token: ${text}`)
      }
    }
  })
})
