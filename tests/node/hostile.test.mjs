// Hostile conditions at the package's edges:
// - the error classes of the answers the SDK refuses (a POST's redirect, an oversized answer)
//   and of a bug caught inside it (a panic), carried through from the core's report;
// - panics never cross into Node: a panic in an operation, in the binding's own work, in a
//   future, in a promise's settlement or in a result's conversion is an InternalError (with
//   no trace of the panic's message), the client stays usable, and the process survives;
// - strict input: unknown option keys, counts that are not whole numbers and values JSON
//   cannot carry are refused by name before anything is sent.
//
// The panic tests need the addon built with the `test-hooks` feature (`make node-build`
// does); without it they are skipped, saying so.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { after, before, describe, it } from 'node:test'
import util from 'node:util'

import * as esm from 'vobiz-partner'
import {
  Account,
  AccountCredentials,
  ClientConfig,
  InternalError,
  OutcomeUnknownError,
  Partner,
  PartnerCredentials,
  RedirectError,
  ResponseTooLargeError,
  Sandbox,
  Secret,
  Transport,
  TransportError,
  ValidationError,
  VobizError,
  verifyWebhook,
} from 'vobiz-partner'

import { CANARY, startServer } from './helpers/server.mjs'

const require = createRequire(import.meta.url)
const cjs = require('vobiz-partner')
const native = require('../../bindings-node/native.js')

/** What every deliberate panic of the test hooks says (bindings-node/src/test_hooks.rs). */
const PAYLOAD = 'vobiz-test-hooks-secret-payload'
/** What the core's `__panic` operation says (core/src/ops/mod.rs). */
const CORE_PAYLOAD = 'deliberate panic'

const HOOKS =
  typeof native.testPanicSync === 'function' && typeof native.testPanicAsync === 'function'
    ? false
    : 'the addon was built without the `test-hooks` cargo feature (`make node-build` enables it)'

/** `error` shows nothing of a panic's message, in any form a log would take. */
function assertNoPayload(error) {
  for (const text of [error.message, error.stack, util.inspect(error), JSON.stringify(error)]) {
    assert.ok(!text.includes(PAYLOAD) && !text.includes(CORE_PAYLOAD), text)
  }
}

function assertInternal(error) {
  assert.ok(error instanceof InternalError, `expected InternalError, got ${error?.name}: ${error?.message}`)
  assert.ok(error instanceof VobizError)
  assert.equal(error.name, 'InternalError')
  assert.equal(error.code, 'INTERNAL')
  assert.equal(error.outcomeUnknown, true)
  assert.match(error.message, /internal error in vobiz-partner/)
  assertNoPayload(error)
  return true
}

/** Replaces `proto[name]` for the duration of `run`. */
async function patched(proto, name, replacement, run) {
  const original = proto[name]
  proto[name] = replacement(original)
  try {
    return await run()
  } finally {
    proto[name] = original
  }
}

// =======================================================================================
// 1. Error classes
// =======================================================================================

describe('error classes for refused answers and caught bugs', () => {
  let server
  let transport
  const partner = new PartnerCredentials('PA_TEST1234', CANARY)

  before(async () => {
    server = await startServer()
    transport = new Transport({ baseUrl: server.url, timeoutMs: 5000, maxRetries: 0 })
  })
  after(() => server.close())

  it('are exported by both entries, with their codes and parents', () => {
    for (const [cls, code, parent] of [
      [RedirectError, 'REDIRECT', OutcomeUnknownError],
      [ResponseTooLargeError, 'RESPONSE_TOO_LARGE', VobizError],
      [InternalError, 'INTERNAL', VobizError],
    ]) {
      assert.equal(esm[cls.name], cls)
      assert.equal(cjs[cls.name], cls)
      assert.equal(Object.getPrototypeOf(cls.prototype), parent.prototype)
      const made = new cls('made by hand')
      assert.equal(made.code, code)
      assert.equal(made.name, cls.name)
    }
    // Both are outcome-unknown by definition.
    assert.equal(new RedirectError('x', { outcomeUnknown: false }).outcomeUnknown, true)
    assert.equal(new InternalError('x').outcomeUnknown, true)
    assert.equal(new ResponseTooLargeError('x').outcomeUnknown, false)
    const redirect = new RedirectError('x', { status: 302, location: 'https://b.example/', attempts: 1 })
    assert.deepEqual([redirect.status, redirect.location, redirect.attempts], [302, 'https://b.example/', 1])
    assert.equal(new ResponseTooLargeError('x', { limitBytes: 10 }).limitBytes, 10)
  })

  it('a POST answered with a redirect → RedirectError (outcome unknown, status, location without its query)', async () => {
    server.respond({ status: 302, headers: { location: `/api/v1/elsewhere?session=${CANARY}` } })
    const e = await transport.request(partner, 'POST', '/api/v1/partner/accounts', { json: { name: 'x' } }).then(
      () => assert.fail('the POST succeeded'),
      (error) => error,
    )
    assert.ok(e instanceof RedirectError, `${e.name}: ${e.message}`)
    assert.ok(e instanceof OutcomeUnknownError)
    assert.ok(!(e instanceof TransportError))
    assert.equal(e.code, 'REDIRECT')
    assert.equal(e.status, 302)
    assert.equal(e.location, `${server.url}/api/v1/elsewhere`)
    assert.equal(e.outcomeUnknown, true)
    assert.equal(e.attempts, 1)
    assert.equal(e.method, 'POST')
    assert.equal(e.path, '/api/v1/partner/accounts')
    assert.equal(server.requests.length, 1, 'the redirect was not followed')
    for (const text of [e.message, e.stack, util.inspect(e)]) assert.ok(!text.includes(CANARY), text)
  })

  it('a client operation gets the same RedirectError', async () => {
    server.respond({ status: 307, headers: { location: 'https://other.example/api/v1/partner/accounts' } })
    const client = new Partner(partner, { baseUrl: server.url, maxRetries: 0 })
    await assert.rejects(
      client.customers.create({ name: 'N', email: 'n@acme.in', password: 'Str0ng!pass', country: 'IN' }),
      (e) => e instanceof RedirectError && e.status === 307 && e.location === 'https://other.example/api/v1/partner/accounts',
    )
    assert.equal(server.requests.length, 1)
  })

  it('an answer over the size limit → ResponseTooLargeError with limitBytes', async () => {
    const declared = 65 * 1024 * 1024
    const oversized = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(declared) })
      res.write('{"data": [')
      setTimeout(() => res.destroy(), 100)
    }
    server.respond(oversized)
    const e = await transport.request(partner, 'GET', '/api/v1/partner/me').then(
      () => assert.fail('the answer was read'),
      (error) => error,
    )
    assert.ok(e instanceof ResponseTooLargeError, `${e.name}: ${e.message}`)
    assert.equal(e.code, 'RESPONSE_TOO_LARGE')
    assert.equal(e.status, 200)
    assert.ok(Number.isSafeInteger(e.limitBytes) && e.limitBytes > 0 && e.limitBytes < declared, String(e.limitBytes))
    assert.equal(e.outcomeUnknown, false, 'a GET changed nothing')
    assert.equal(e.method, 'GET')
    // A POST's 2xx that cannot be read: the change was made.
    server.respond(oversized)
    await assert.rejects(
      transport.request(partner, 'POST', '/api/v1/partner/accounts', { json: {} }),
      (err) => err instanceof ResponseTooLargeError && err.outcomeUnknown === true,
    )
  })
})

// =======================================================================================
// 2. Panics never cross the boundary
// =======================================================================================

describe('panics', { skip: HOOKS }, () => {
  let sb
  let partner

  before(async () => {
    sb = await Sandbox.start({ seed: 11 })
    partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url, maxRetries: 0 })
  })
  after(async () => {
    await sb?.stop()
  })

  it('a panic inside a client operation is an InternalError, and the client keeps working', async () => {
    const me = await partner.me()
    // The core's `__panic` operation, through the native client the public method uses.
    const error = await patched(
      native.NativeClient.prototype,
      'call',
      (call) =>
        function (op, args) {
          return call.call(this, '__panic', args)
        },
      () => partner.me().then(() => assert.fail('the panic was not reported'), (e) => e),
    )
    assertInternal(error)
    assert.match(error.message, /__panic panicked/)
    // The same client, and the runtime under it, are fine.
    assert.deepEqual(await partner.me(), me)
    assert.ok(Array.isArray(await partner.customers.list({}, { pageSize: 2 }).toArray()))
  })

  it('a panic while opening a list is an InternalError thrown by the list method', async () => {
    await patched(
      native.NativeClient.prototype,
      'list',
      (list) =>
        function (op, args, options) {
          return list.call(this, '__panic', args, options)
        },
      () => assert.throws(() => partner.customers.list(), assertInternal),
    )
    assert.ok(Array.isArray(await partner.customers.list().toArray({ limit: 1 })))
  })

  it('panics inside the binding become INTERNAL errors: its own work and a result conversion', () => {
    for (const place of ['work', 'conversion']) {
      assert.throws(
        () => native.testPanicSync(place),
        (e) => {
          assert.equal(e.code, 'INTERNAL', place)
          assert.equal(e.vobiz.code, 'INTERNAL')
          assert.equal(e.vobiz.outcomeUnknown, true)
          assert.ok(!e.message.includes(PAYLOAD) && !e.stack.includes(PAYLOAD))
          return true
        },
      )
    }
    assert.equal(native.testPanicSync('none'), 'no panic')
  })

  it('panics inside the binding reject the promise: in the future, its settlement, the conversion', async () => {
    for (const place of ['task', 'settle', 'conversion']) {
      await assert.rejects(native.testPanicAsync(place), (e) => {
        assert.equal(e.code, 'INTERNAL', place)
        assert.equal(e.vobiz.code, 'INTERNAL')
        assert.ok(!e.message.includes(PAYLOAD) && !e.stack.includes(PAYLOAD))
        return true
      })
    }
    assert.equal(await native.testPanicAsync('none'), 'no panic')
    // Many in a row, in parallel: the runtime and the process survive them all.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => native.testPanicAsync(['task', 'settle', 'conversion', 'none'][i % 4])),
    )
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 15)
    assert.ok(outcomes.every((o) => o.status === 'fulfilled' || o.reason.code === 'INTERNAL'))
  })

  it('the public classes turn a binding-level panic into an InternalError', async () => {
    // A panic in a promise's settlement, where the public method awaits the native client.
    const settled = await patched(
      native.NativeClient.prototype,
      'call',
      () => () => native.testPanicAsync('settle'),
      () => partner.me().then(() => assert.fail('no error'), (e) => e),
    )
    assertInternal(settled)
    // A panic converting a page of a list.
    const list = partner.customers.list({}, { pageSize: 2 })
    const paged = await patched(
      native.NativePages.prototype,
      'nextBatch',
      () => () => native.testPanicAsync('conversion'),
      () => list.toArray().then(() => assert.fail('no error'), (e) => e),
    )
    assertInternal(paged)
    // A panic in a synchronous native method (the sandbox's clock).
    await patched(
      native.Sandbox.prototype,
      'nowMs',
      () => () => native.testPanicSync('work'),
      () => assert.throws(() => sb.now(), assertInternal),
    )
    assert.ok(sb.now() instanceof Date)
    assert.ok((await partner.me()).authId)
  })

  it('the panic hook logs where, never what, and the process lives on', async () => {
    const script = `
      const native = require(${JSON.stringify(require.resolve('../../bindings-node/native.js'))})
      try { native.testPanicSync('work') } catch (e) { console.log(e.code) }
      native.testPanicAsync('task').catch((e) => console.log(e.code))
    `
    const { code, stdout, stderr } = await new Promise((resolve) => {
      execFile(process.execPath, ['-e', script], (error, out, err) => {
        resolve({ code: error ? error.code : 0, stdout: out, stderr: err })
      })
    })
    assert.equal(code, 0, stderr)
    assert.deepEqual(stdout.trim().split('\n'), ['INTERNAL', 'INTERNAL'])
    assert.match(stderr, /internal panic at .*test_hooks\.rs:\d+ \(caught; payload withheld\)/)
    assert.ok(!stderr.includes(PAYLOAD), stderr)
  })
})

// =======================================================================================
// 3. Strict input
// =======================================================================================

describe('strict input, refused before anything is sent', () => {
  let server
  let partner
  let account
  const sent = () => server.requests.length

  before(async () => {
    server = await startServer()
    partner = new Partner(new PartnerCredentials('PA_TEST1234', CANARY), { baseUrl: server.url, maxRetries: 0 })
    account = new Account(new AccountCredentials('MA_TEST1234', CANARY), { baseUrl: server.url, maxRetries: 0 })
  })
  after(() => server.close())

  /** `make()` throws (or rejects with) `cls` whose message names `name`; nothing was sent. */
  async function refuses(make, cls, name) {
    server.respond({ status: 200, body: {} })
    let outcome
    try {
      outcome = await make()
    } catch (error) {
      assert.ok(error instanceof cls, `expected ${cls.name} naming ${name}, got ${error?.name}: ${error?.message}`)
      assert.ok(error.message.includes(name), `${error.message} does not name ${name}`)
      assert.equal(sent(), 0, `a request was sent for ${name}`)
      return error
    }
    assert.fail(`expected ${cls.name} naming ${name}, got ${util.inspect(outcome)}`)
  }

  it('unknown option keys are a TypeError naming the key', async () => {
    const creds = new PartnerCredentials('PA_TEST1234', CANARY)
    await refuses(() => new Partner(creds, { baseUrl: server.url, timout: 5000 }), TypeError, 'timout')
    await refuses(() => new Account(new AccountCredentials('MA_TEST1234', 't'), { baseURL: server.url }), TypeError, 'baseURL')
    await refuses(() => new ClientConfig({ baseUrl: server.url, retries: 2 }), TypeError, 'retries')
    await refuses(() => ClientConfig.fromEnv({ timeOut: 1 }), TypeError, 'timeOut')
    await refuses(() => new Transport({ baseUrl: server.url, maxRetry: 1 }), TypeError, 'maxRetry')
    const transport = new Transport({ baseUrl: server.url })
    await refuses(() => transport.request(creds, 'GET', '/api/v1/partner/me', { querry: { a: 1 } }), TypeError, 'querry')
    // Paging options, and toArray's.
    await refuses(() => partner.customers.list({}, { pagesize: 5 }), TypeError, 'pagesize')
    await refuses(() => partner.customers.list({}, { limit: 5 }), TypeError, 'limit')
    await refuses(() => account.trunks.list({ perPage: 5 }), TypeError, 'perPage')
    await refuses(() => partner.customers.list().toArray({ limt: 3 }), TypeError, 'limt')
    // Options objects whose keys the package picks itself.
    await refuses(() => partner.customers.onboardMany([], { concurency: 2 }), TypeError, 'concurency')
    await refuses(() => partner.reports.renewalsAtRisk({ withinDay: 3 }), TypeError, 'withinDay')
    await refuses(() => partner.reports.invoice('MA_TEST1234', { from: '2026-01-01', to: '2026-01-31', currency: 'INR' }), TypeError, 'currency')
    const onboarding = { store: { load: () => null, save: () => {} }, onCredentials: () => {} }
    await refuses(() => partner.customers.onboard({}, { ...onboarding, maxWait: 5 }), TypeError, 'maxWait')
    await refuses(() => account.subAccounts.onboard({}, { ...onboarding, customerCredentials: {} }), TypeError, 'customerCredentials')
    await refuses(() => verifyWebhook('{}', {}, 'key', { maxAge: 1000 }), TypeError, 'maxAge')
    // A per-call options key that is also an argument is refused, not silently overridden.
    await refuses(() => account.numbers.purchase('+912271234567', { e164: '+919999999999' }), TypeError, 'e164')
    await refuses(() => partner.customers.onboardingStep({}, null, { plan: {} }), TypeError, 'plan')
    // Per-call options the core reads are refused by the core, by name, as before.
    await refuses(() => partner.kycSessions.revoke('kyc_1', { reasn: 'x' }), ValidationError, 'reasn')
  })

  it('NaN, Infinity, negative and fractional page values are refused by field', async () => {
    for (const field of ['pageSize', 'maxItems', 'prefetch']) {
      for (const bad of [Number.NaN, Infinity, -Infinity, -1, 1.5]) {
        await refuses(() => partner.customers.list({}, { [field]: bad }), RangeError, `paging.${field}`)
      }
      await refuses(() => partner.customers.list({}, { [field]: '5' }), TypeError, `paging.${field}`)
    }
    for (const bad of [Number.NaN, Infinity, -1, 2.5]) {
      await refuses(() => partner.customers.list().toArray({ limit: bad }), RangeError, 'options.limit')
    }
    // Page values among an operation's arguments: the package's ValidationError, by field.
    for (const [args, field] of [
      [{ perPage: Number.NaN }, 'per_page'],
      [{ page: Infinity }, 'page'],
      [{ perPage: -1 }, 'per_page'],
      [{ perPage: 2.5 }, 'per_page'],
    ]) {
      const e = await refuses(() => account.cdrs.page(args), ValidationError, field)
      assert.equal(e.field, field)
    }
    const e = await refuses(() => partner.customers.onboardMany([], { concurrency: Number.NaN }), ValidationError, 'concurrency')
    assert.equal(e.field, 'concurrency')
  })

  it('a wrong argument type is a ValidationError naming the field', async () => {
    for (const [make, field] of [
      [() => partner.customers.get(123), 'customer_auth_id'],
      [() => partner.customers.create(42), 'customer'],
      [() => partner.customers.list('acme'), 'filters'],
      [() => account.subAccount(5), 'sub_account_id'],
      [() => account.subAccounts.get(null), 'sub_account_id'],
      [() => account.numbers.releasePlan('+912271234567'), 'dids'],
      [() => partner.customers.transferBalance('MA_TEST1234', 10n), 'amount'],
      [() => partner.customers.transferBalance('MA_TEST1234', Number.NaN), 'amount'],
      [() => account.cdrs.page({ fromDate: new Date('not a date') }), 'from_date'],
      [() => partner.customers.create({ name: 'N', metadata: new Map([['a', 1]]) }), 'metadata'],
      [() => partner.customers.onboardMany([{ name: 'N', email: 'n@acme.in', phone: () => '1' }]), 'customers.[0].phone'],
      [() => partner.customers.onboardMany('not a list'), 'customers'],
    ]) {
      const e = await refuses(make, ValidationError, field)
      assert.equal(e.field, field)
      assert.equal(e.code, 'VALIDATION')
    }
  })

  it('a Secret among the arguments is sent as its value, never as "<redacted>"', async () => {
    server.respond({ status: 201, body: { id: 'x' } })
    const password = new Secret('Str0ng!pass-from-a-secret')
    await partner.customers.create({ name: 'N', email: 'n@acme.in', password, country: 'IN' }).catch(() => {})
    assert.equal(sent(), 1)
    assert.equal(JSON.parse(server.requests[0].body).password, 'Str0ng!pass-from-a-secret')
  })

  it('a refused call leaves a sandbox unchanged', async () => {
    const sb = await Sandbox.start({ seed: 12 })
    try {
      const client = new Partner(sb.partnerCredentials, { baseUrl: sb.url })
      const before = await client.customers.list().toArray()
      const customer = { name: 'Strict', email: 'strict@acme.in', password: 'Str0ng!pass', country: 'IN' }
      await assert.rejects(client.customers.onboardMany([customer], { concurrency: 1, rps: 1 }), TypeError)
      await assert.rejects(client.customers.onboardMany([customer], { concurrency: Infinity }), ValidationError)
      await assert.rejects(client.customers.create({ ...customer, phone: 919876543210n }), ValidationError)
      assert.deepEqual(await client.customers.list().toArray(), before)
      // Sandbox controls are strict too.
      await assert.rejects(Sandbox.start({ sed: 1 }), (e) => e instanceof TypeError && e.message.includes('sed'))
      assert.throws(() => sb.addFault({ path: '/api/*', status: 500, cout: 1 }), /cout/)
      assert.throws(() => sb.simulateCall({ e164: '+912271234567', duraton: 5 }), /duraton/)
      assert.throws(() => sb.setNumber('+912271234567', { unrout: true }), /unrout/)
      assert.throws(() => sb.submitKycSession('kyc_1', { reason: 'x' }), /reason/)
      assert.equal((await client.me()).authId, sb.seeded.partnerAuthId)
    } finally {
      await sb.stop()
    }
  })
})

describe('money under a server that commits late, and the limits a client sets', () => {
  let sb
  before(async () => {
    sb = await Sandbox.start({ seed: 95 })
  })
  after(async () => {
    await sb.stop()
  })

  const customer = async (partner, n) =>
    (await partner.customers.create({ name: `Late ${n}`, email: `late${n}@acme.in`, password: 'Str0ng!pass', country: 'IN' })).authId

  it('a late commit is settled, never sent twice; one later than the window is reported as duplicated', async () => {
    const patient = new Partner(sb.partnerCredentials, { baseUrl: sb.url, settleWindowMs: 5000 })
    const id = await customer(patient, 1)
    sb.addFault({ path: '*/transfer-balance', method: 'POST', lateCommitMs: 1000, count: 1 })
    const done = await patient.customers.transferBalanceSafely(id, '3', { currency: 'INR', reference: 'late-node' })
    assert.equal(done.outcome, 'reconciled')
    assert.equal(done.attempts, 1)

    const hasty = new Partner(sb.partnerCredentials, { baseUrl: sb.url, settleWindowMs: 200 })
    sb.addFault({ path: '*/transfer-balance', method: 'POST', lateCommitMs: 1000, count: 1 })
    const first = await hasty.customers.transferBalanceSafely(id, '4', { currency: 'INR', reference: 'slow-node' })
    assert.equal(first.outcome, 'retried')
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const again = await hasty.customers.transferBalanceSafely(id, '4', { currency: 'INR', reference: 'slow-node' })
    assert.equal(again.outcome, 'duplicated')
    assert.equal(again.attempts, 0)
    assert.equal(again.duplicateRows.length, 1)
  })

  it('an unreadable answer to a transfer is outcome-unknown', async () => {
    const partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url })
    const id = await customer(partner, 2)
    sb.addFault({ path: '*/transfer-balance', method: 'POST', truncated: true, count: 1 })
    await assert.rejects(partner.customers.transferBalance(id, '1', { currency: 'INR' }), (e) => e instanceof VobizError && e.outcomeUnknown === true)
  })

  it('the response limit and the settle window are client settings, checked', async () => {
    const config = new ClientConfig({ baseUrl: sb.url, maxResponseBytes: 64 })
    assert.equal(config.maxResponseBytes, 64)
    assert.equal(config.settleWindowMs, 120000)
    const partner = new Partner(sb.partnerCredentials, { config })
    await assert.rejects(partner.me(), (e) => e instanceof ResponseTooLargeError && e.limitBytes === 64 && e.outcomeUnknown === false)
    assert.throws(() => new ClientConfig({ baseUrl: sb.url, maxResponseBytes: 0 }), ValidationError)
    assert.throws(() => new ClientConfig({ baseUrl: sb.url, settleWindowMs: -1 }), ValidationError)
    assert.throws(() => new Partner(sb.partnerCredentials, { baseUrl: sb.url, settleWindow: 1 }), /settleWindow/)
  })

  it('the sandbox clock goes back exactly and refuses times it cannot hold', () => {
    const at = new Date('2020-01-01T00:00:00Z')
    assert.ok(sb.setClock(at).getTime() - at.getTime() < 5000)
    assert.throws(() => sb.setClock(new Date('1000-01-01T00:00:00Z')), (e) => e.code === 'SANDBOX_VALIDATION_ERROR')
    assert.throws(() => sb.advanceClock(1e15), (e) => e.code === 'SANDBOX_VALIDATION_ERROR')
    assert.equal(sb.now().getUTCFullYear(), 2020)
  })
})

describe('a token echoed by the server in any encoding', () => {
  let server
  before(async () => {
    server = await startServer()
  })
  after(() => server.close())

  for (const status of [401, 500]) {
    it(`reaches no text of the ${status} error`, async () => {
      const escaped = [...CANARY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
      const percent = [...Buffer.from(CANARY)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
      const body = `{"message":"token ${escaped} at https:\\/\\/x.test\\/?t=${percent}","echo":"${CANARY}"}`
      server.respond({ status, body, headers: { 'content-type': 'application/json', 'x-request-id': `req-${CANARY}` } })
      const client = new Partner(new PartnerCredentials('PA_TEST1234', CANARY), { baseUrl: server.url, maxRetries: 0 })
      const error = await client.me().then(
        () => assert.fail('expected an error'),
        (e) => e,
      )
      assert.ok(error instanceof VobizError)
      const texts = [error.message, error.stack, util.inspect(error, { depth: 5 }), JSON.stringify(error), String(error.body), String(error.requestId)]
      for (const text of texts) {
        for (const form of [CANARY, escaped, percent, percent.toLowerCase()]) {
          assert.ok(!text.includes(form), text)
        }
      }
    })
  }
})
