// The embedded sandbox (`Sandbox`): lifecycle, credentials, clock travel, faults, KYC, calls,
// reset, and what it shows of itself. Requests go through the package's own `Transport`, as
// a user's would.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import util from 'node:util'

import {
  AccountCredentials,
  AuthenticationError,
  DecodeError,
  OutcomeUnknownError,
  PartnerCredentials,
  Sandbox,
  ServerError,
  TimeoutError,
  Transport,
  TransportError,
  ValidationError,
} from 'vobiz-partner'

const DAY = 86_400

function transportFor(sb, maxRetries = 0) {
  return new Transport({ baseUrl: sb.url, timeoutMs: 5000, maxRetries })
}

async function get(sb, credentials, path) {
  return (await transportFor(sb).request(credentials, 'GET', path)).json()
}

async function post(sb, credentials, path, json) {
  return (await transportFor(sb).request(credentials, 'POST', path, { json })).json()
}

async function createCustomer(sb, email = 'asha@acme.in') {
  const created = await post(sb, sb.partnerCredentials, '/api/v1/partner/accounts', {
    name: 'Asha Rao',
    email,
    phone: '+919876543210',
    password: 'Str0ng!pass',
    country: 'IN',
  })
  return created.auth_id
}

async function customerIds(sb) {
  const listed = await get(sb, sb.partnerCredentials, '/api/v1/partner/accounts')
  return listed.accounts.map((a) => a.auth_id)
}

function canConnect(url) {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

const codeIs = (code) => (e) => e instanceof Error && e.code === code

describe('Sandbox lifecycle', () => {
  it('serves on a loopback port until stopped; stop is idempotent', async () => {
    const sb = await Sandbox.start()
    assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(sb.running, true)
    assert.equal(await canConnect(sb.url), true)
    const stopping = sb.stop()
    assert.equal(sb.stop(), stopping, 'a second stop() is the same promise')
    await stopping
    await sb.stop()
    assert.equal(sb.running, false)
    assert.equal(await canConnect(sb.url), false)
    assert.throws(() => sb.now(), codeIs('SANDBOX_STOPPED'))
    assert.throws(() => sb.addFault({ path: '/api/*', status: 500 }), codeIs('SANDBOX_STOPPED'))
    // What was seeded stays readable.
    assert.match(sb.partnerCredentials.authId, /^PA_/)
  })

  it('is made by start() only, with checked options', async () => {
    assert.throws(() => new Sandbox(), TypeError)
    await assert.rejects(Sandbox.start({ port: 'x' }), TypeError)
    await assert.rejects(Sandbox.start({ port: 70000 }), (e) => e instanceof ValidationError && e.field === 'port')
    await assert.rejects(Sandbox.start({ seed: -1 }), (e) => e instanceof ValidationError && e.field === 'seed')
    await assert.rejects(Sandbox.start({ seed: 1.5 }), ValidationError)
    await assert.rejects(Sandbox.start(42), TypeError)
  })

  it('rejects with EADDRINUSE when the port is taken', async () => {
    const sb = await Sandbox.start()
    try {
      await assert.rejects(Sandbox.start({ port: Number(new URL(sb.url).port) }), codeIs('EADDRINUSE'))
    } finally {
      await sb.stop()
    }
  })

  it('supports await using (Symbol.asyncDispose)', { skip: typeof Symbol.asyncDispose !== 'symbol' }, async () => {
    const sb = await Sandbox.start()
    await sb[Symbol.asyncDispose]()
    assert.equal(sb.running, false)
  })

  it('runs two sandboxes at once, independently', async () => {
    const [a, b, c] = await Promise.all([Sandbox.start({ seed: 5 }), Sandbox.start({ seed: 5 }), Sandbox.start({ seed: 6 })])
    try {
      assert.equal(new Set([a.url, b.url, c.url]).size, 3)
      // The same seed gives the same ids and tokens; another seed other ones.
      assert.equal(a.partnerCredentials.authId, b.partnerCredentials.authId)
      assert.equal(a.partnerPassword, b.partnerPassword)
      assert.notEqual(a.partnerCredentials.authId, c.partnerCredentials.authId)
      const created = await createCustomer(a)
      assert.deepEqual(await customerIds(a), [created])
      assert.deepEqual(await customerIds(b), [])
      b.advanceClock(3 * DAY)
      assert.ok(b.now() - a.now() > (3 * DAY - 60) * 1000)
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()])
    }
  })

  it('keeps the world in a state file across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vobiz-sandbox-'))
    try {
      const state = join(dir, 'world.json')
      const first = await Sandbox.start({ seed: 4, stateFile: state })
      const customer = await createCustomer(first)
      await first.stop()
      assert.ok(existsSync(state))
      const second = await Sandbox.start({ stateFile: pathToFileURL(state) })
      try {
        assert.equal(second.seed, 4)
        assert.deepEqual(await customerIds(second), [customer])
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('Sandbox', () => {
  let sb
  beforeEach(async () => {
    sb = await Sandbox.start({ seed: 7 })
  })
  afterEach(() => sb.stop())

  describe('credentials', () => {
    it('are the package classes and work against the sandbox', async () => {
      const partner = sb.partnerCredentials
      const parent = sb.parentCredentials
      assert.ok(partner instanceof PartnerCredentials)
      assert.ok(parent instanceof AccountCredentials)
      assert.equal(parent.isMainAccount, true)

      assert.equal((await get(sb, partner, '/api/v1/partner/me')).auth_id, partner.authId)
      assert.equal((await get(sb, parent, `/api/v1/Account/${parent.authId}/`)).auth_id, parent.authId)
      const login = await post(sb, partner, '/api/v1/partner/login', { email: sb.partnerEmail, password: sb.partnerPassword })
      assert.equal(login.tokens.token_type, 'Bearer')
      await assert.rejects(get(sb, new PartnerCredentials(partner.authId, 'wrong'), '/api/v1/partner/me'), AuthenticationError)
    })

    it('seeded describes the world without secrets', () => {
      const seeded = sb.seeded
      assert.equal(seeded.seed, 7)
      assert.equal(seeded.partnerAuthId, sb.partnerCredentials.authId)
      assert.equal(seeded.parentAuthId, sb.parentCredentials.authId)
      assert.equal(seeded.partnerEmail, sb.partnerEmail)
      assert.equal(Number(seeded.partnerBalance), 50000)
      assert.equal(Number(seeded.parentBalance), 10000)
      assert.deepEqual([seeded.currency, seeded.maxAccounts, seeded.inventoryNumbers, seeded.regions.length], ['INR', 25, 48, 6])
      assert.ok(!JSON.stringify(seeded).includes(sb.partnerPassword))
    })

    it('inspect and JSON show the url and seed only', () => {
      const expected = { url: sb.url, seed: 7 }
      assert.deepEqual(JSON.parse(JSON.stringify(sb)), expected)
      assert.equal(util.inspect(sb), `Sandbox { url: '${sb.url}', seed: 7 }`)
      assert.deepEqual(Object.keys(sb), [])
      for (const shown of [util.inspect(sb, { showHidden: true, depth: 5 }), JSON.stringify(sb), String(sb)]) {
        assert.ok(!shown.includes(sb.partnerPassword), shown)
      }
      assert.ok(util.inspect(sb.partnerCredentials).includes('<redacted>'))
    })
  })

  describe('clock', () => {
    it('travels forward, back and to a given date', () => {
      const now = sb.now()
      assert.ok(now instanceof Date)
      assert.ok(Math.abs(now - Date.now()) < 5000)

      const later = sb.advanceClock(3600)
      assert.ok(later - now >= 3599_000 && later - now < 3601_000)
      const earlier = sb.advanceClock(-1.5)
      assert.ok(later - earlier > 1400)

      const target = new Date('2031-01-02T03:04:05Z')
      assert.ok(Math.abs(sb.setClock(target) - target) < 1000)
      assert.ok(sb.now() >= target)

      assert.throws(() => sb.setClock('2031-01-01'), TypeError)
      assert.throws(() => sb.setClock(new Date('nope')), ValidationError)
      assert.throws(() => sb.advanceClock('60'), TypeError)
      assert.throws(() => sb.advanceClock(Number.NaN), ValidationError)
    })

    it('is what requests see', async () => {
      const customer = await createCustomer(sb)
      const created = await post(sb, sb.partnerCredentials, '/api/v1/partner/kyc-sessions', {
        account_auth_id: customer,
        expires_in_days: 1,
      })
      const path = `/api/v1/partner/kyc-sessions/${created.session_id}`
      assert.equal((await get(sb, sb.partnerCredentials, path)).status, 'email_sent')
      sb.advanceClock(2 * DAY)
      assert.equal((await get(sb, sb.partnerCredentials, path)).status, 'expired')
    })
  })

  describe('faults', () => {
    it('an injected status is seen by the next request, then retires', async () => {
      const id = sb.addFault({ path: '/api/v1/partner/*', method: 'GET', status: 503, body: { error: 'maintenance' }, count: 1 })
      assert.equal(typeof id, 'number')
      await assert.rejects(get(sb, sb.partnerCredentials, '/api/v1/partner/me'), (e) => {
        assert.ok(e instanceof ServerError)
        assert.equal(e.status, 503)
        assert.match(e.body, /maintenance/)
        return true
      })
      assert.ok((await get(sb, sb.partnerCredentials, '/api/v1/partner/me')).auth_id)
    })

    it('a transient fault is retried by safe requests', async () => {
      sb.addFault({ path: '/api/v1/partner/me', status: 503, retryAfter: 0, count: 2 })
      const response = await transportFor(sb, 2).request(sb.partnerCredentials, 'GET', '/api/v1/partner/me')
      assert.equal(response.status, 200)
    })

    it('reset after commit is an unknown outcome that did happen', async () => {
      sb.addFault({ path: '/api/v1/partner/accounts', method: 'POST', resetAfter: true, count: 1 })
      await assert.rejects(createCustomer(sb, 'lost@acme.in'), OutcomeUnknownError)
      const listed = await get(sb, sb.partnerCredentials, '/api/v1/partner/accounts')
      assert.deepEqual(
        listed.accounts.map((a) => a.email),
        ['lost@acme.in'],
      )
    })

    it('match their method and can be cleared', async () => {
      sb.addFault({ path: '/api/v1/partner/me', method: 'POST', status: 500 })
      assert.ok((await get(sb, sb.partnerCredentials, '/api/v1/partner/me')).auth_id)
      sb.addFault({ path: '/api/v1/partner/me', status: 500 })
      await assert.rejects(get(sb, sb.partnerCredentials, '/api/v1/partner/me'), ServerError)
      sb.clearFaults()
      assert.ok((await get(sb, sb.partnerCredentials, '/api/v1/partner/me')).auth_id)
    })

    it('other kinds: malformed, delay, reset before', async () => {
      sb.addFault({ path: '/api/v1/partner/me', malformed: true, count: 1 })
      const response = await transportFor(sb).request(sb.partnerCredentials, 'GET', '/api/v1/partner/me')
      assert.throws(() => response.json(), DecodeError)
      sb.addFault({ path: '/api/v1/partner/me', delayMs: 300, count: 1 })
      await assert.rejects(
        transportFor(sb).request(sb.partnerCredentials, 'GET', '/api/v1/partner/me', { timeoutMs: 50 }),
        TimeoutError,
      )
      sb.addFault({ path: '/api/v1/partner/me', resetBefore: true, count: 1 })
      await assert.rejects(get(sb, sb.partnerCredentials, '/api/v1/partner/me'), TransportError)
    })

    it('need exactly one valid kind', () => {
      assert.throws(() => sb.addFault({ path: '/api/*' }), (e) => e instanceof ValidationError && /exactly one/.test(e.message))
      assert.throws(() => sb.addFault({ path: '/api/*', status: 500, malformed: true }), /exactly one/)
      assert.throws(() => sb.addFault({ path: '/api/*', truncated: true, retryAfter: 3 }), /go with status/)
      assert.throws(() => sb.addFault({ path: '/api/*', status: 500, probability: 2 }), codeIs('SANDBOX_INVALID_REQUEST'))
      assert.throws(() => sb.addFault({ path: '/api/*', status: 42 }), /HTTP status/)
      assert.throws(() => sb.addFault({ path: '/api/*', delayMs: -1 }), ValidationError)
      assert.throws(() => sb.addFault({ path: '/api/*', status: 500, count: 1.5 }), ValidationError)
      assert.throws(() => sb.addFault({ status: 500 }), TypeError)
      assert.throws(() => sb.addFault({ path: '/api/*', malformed: 'yes' }), TypeError)
    })
  })

  describe('KYC', () => {
    it('completing a partner session shows on GET', async () => {
      const customer = await createCustomer(sb)
      const created = await post(sb, sb.partnerCredentials, '/api/v1/partner/kyc-sessions', { account_auth_id: customer })
      const id = created.session_id
      const path = `/api/v1/partner/kyc-sessions/${id}`

      assert.equal(sb.openKycSession(id).status, 'opened')
      assert.equal(sb.submitKycSession(id, { kycType: 'company' }).status, 'in_progress')
      assert.equal((await get(sb, sb.partnerCredentials, path)).status, 'in_progress')
      assert.equal(sb.completeKycSession(id).status, 'kyc_completed')
      const got = await get(sb, sb.partnerCredentials, path)
      assert.deepEqual([got.status, got.kyc_type], ['kyc_completed', 'company'])

      assert.throws(() => sb.failKycSession(id, 'too late'), (e) => e.code === 'SANDBOX_CONFLICT' && e.status === 409 && /already 'kyc_completed'/.test(e.message))
      assert.throws(() => sb.completeKycSession('no-such-session'), (e) => e.code === 'SANDBOX_NOT_FOUND' && e.status === 404)
    })

    it('failing a session, and the generic step', async () => {
      const customer = await createCustomer(sb)
      const created = await post(sb, sb.partnerCredentials, '/api/v1/partner/kyc-sessions', { account_auth_id: customer })
      const id = created.session_id
      assert.equal(sb.kycSessionStep(id, 'open').status, 'opened')
      assert.throws(() => sb.kycSessionStep(id, 'approve'), /unknown step/)
      assert.equal(sb.failKycSession(id, 'name mismatch').status, 'kyc_failed')
      assert.equal((await get(sb, sb.partnerCredentials, `/api/v1/partner/kyc-sessions/${id}`)).status, 'kyc_failed')
    })

    it('sub-account KYC unblocks calls', async () => {
      const parent = sb.parentCredentials
      const base = `/api/v1/accounts/${parent.authId}/sub-accounts/`
      const subs = []
      for (const email of ['one@acme.in', 'two@acme.in']) {
        const created = await post(sb, parent, base, { name: 'Acme Support', email, kyc_mode: 'customer_use' })
        subs.push(created.sub_account.auth_id)
      }
      const [okSub, failedSub] = subs
      let status = await get(sb, parent, `/api/v1/sub-accounts/${okSub}/kyc/status`)
      assert.deepEqual([status.overall_status, status.kyc_calls_blocked], ['not_started', true])

      assert.equal(sb.completeSubAccountKyc(okSub).sub_account_id, okSub)
      status = await get(sb, parent, `/api/v1/sub-accounts/${okSub}/kyc/status`)
      assert.deepEqual([status.overall_status, status.kyc_calls_blocked], ['verified', false])

      assert.equal(sb.failSubAccountKyc(failedSub).kyc_calls_blocked, true)
      status = await get(sb, parent, `/api/v1/sub-accounts/${failedSub}/kyc/status`)
      assert.equal(status.kyc_calls_blocked, true)
      assert.throws(() => sb.completeSubAccountKyc('SA_NOPE0000'), codeIs('SANDBOX_NOT_FOUND'))
    })
  })

  describe('calls', () => {
    it('a simulated call ends on the sandbox clock', async () => {
      const parent = sb.parentCredentials
      const inventory = await get(sb, parent, `/api/v1/Account/${parent.authId}/inventory/numbers`)
      const e164 = inventory.items[0].e164
      assert.throws(() => sb.simulateCall({ e164 }), codeIs('SANDBOX_CONFLICT'))
      await post(sb, parent, `/api/v1/Account/${parent.authId}/numbers/purchase-from-inventory`, { e164 })

      const call = sb.simulateCall({ e164, durationSeconds: 90, direction: 'outbound' })
      assert.equal(call.account_id, parent.authId)
      assert.ok(!JSON.stringify(await get(sb, parent, `/api/v1/Account/${parent.authId}/cdr`)).includes(call.call_uuid))
      sb.advanceClock(120)
      assert.ok(JSON.stringify(await get(sb, parent, `/api/v1/Account/${parent.authId}/cdr`)).includes(call.call_uuid))

      assert.throws(() => sb.simulateCall({ e164: '+910000000000' }), codeIs('SANDBOX_NOT_FOUND'))
      assert.throws(() => sb.simulateCall({ e164, direction: 'sideways' }), codeIs('SANDBOX_INVALID_REQUEST'))
      assert.throws(() => sb.simulateCall({}), TypeError)
    })
  })

  describe('reset', () => {
    it('gives a fresh world', async () => {
      const oldPartner = sb.partnerCredentials
      await createCustomer(sb)
      sb.addFault({ path: '/api/v1/partner/me', status: 500 })
      sb.advanceClock(30 * DAY)

      sb.reset()
      assert.equal(sb.seed, 7)
      assert.equal(sb.partnerCredentials.authId, oldPartner.authId)
      assert.deepEqual(await customerIds(sb), [])
      assert.ok(Math.abs(sb.now() - Date.now()) < 5000, 'the clock is back to real time')

      sb.reset(9)
      assert.equal(sb.seed, 9)
      assert.equal(sb.seeded.seed, 9)
      assert.notEqual(sb.partnerCredentials.authId, oldPartner.authId)
      assert.equal((await get(sb, sb.partnerCredentials, '/api/v1/partner/me')).auth_id, sb.partnerCredentials.authId)
      await assert.rejects(get(sb, oldPartner, '/api/v1/partner/me'), AuthenticationError)
      assert.throws(() => sb.reset(-1), ValidationError)
    })
  })
})
