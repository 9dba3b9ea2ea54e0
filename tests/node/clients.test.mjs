// The clients (Partner, Account, SubAccount) against the embedded sandbox: every resource
// group, auto-paging across many pages, every error class from a real answer (or, for
// ValidationError, from the core before sending), secrets that never show, exact money.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { after, before, describe, it } from 'node:test'
import util from 'node:util'

import {
  Account,
  AccountCredentials,
  AuthenticationError,
  AutoPager,
  BadRequestError,
  ClientConfig,
  ConflictError,
  CoolOffError,
  DecodeError,
  InsufficientBalanceError,
  NotFoundError,
  OutcomeUnknownError,
  Partner,
  PartnerCredentials,
  PermissionDeniedError,
  RateLimitError,
  Sandbox,
  Secret,
  ServerError,
  SubAccount,
  TimeoutError,
  TransportError,
  UnprocessableError,
  ValidationError,
  VobizError,
} from 'vobiz-partner'

const require = createRequire(import.meta.url)
const native = require('../../bindings-node/native.js')

const DAY = 86_400
const ANSWER = 'https://app.example.com/answer'
const PASSWORD = 'Str0ng!pass'

/** A sandbox for one describe block, with the seeded partner and parent as clients. */
function world() {
  const w = {}
  before(async () => {
    w.sb = await Sandbox.start()
    w.partner = new Partner(w.sb.partnerCredentials, { baseUrl: w.sb.url, maxRetries: 0 })
    w.parent = new Account(w.sb.parentCredentials, { baseUrl: w.sb.url, maxRetries: 0 })
  })
  after(async () => {
    await w.sb.stop()
  })
  return w
}

function newCustomer(n, extra = {}) {
  return { name: `Customer ${n}`, email: `customer${n}@acme.in`, password: PASSWORD, country: 'IN', phone: '+919876543210', ...extra }
}

/** A customer with `amount` INR in its wallet, and its own Account client. */
async function fundedCustomer(w, n, amount) {
  const created = await w.partner.customers.create(newCustomer(n))
  if (amount !== undefined) await w.partner.customers.transferBalance(created.authId, amount, { currency: 'INR' })
  const client = w.partner.customerClient(new AccountCredentials(created.authId, created.authToken.reveal()))
  return { created, client }
}

/** The first `n` numbers of the inventory. */
async function inventory(account, n) {
  const numbers = await account.numbers.inventory({}, { pageSize: 20 }).toArray({ limit: n })
  return numbers.map((number) => number.e164)
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
}

describe('clients', () => {
  const w = world()

  it('wrap every operation of the core', () => {
    const source = readFileSync(new URL('../../bindings-node/operations.js', import.meta.url), 'utf8')
    const missing = native.operations().filter((op) => !source.includes(`'${op.name}'`))
    assert.deepEqual(missing, [])
    assert.ok(native.operations().length > 80)
  })

  it('are built from credentials and options, and show no token', async () => {
    assert.equal(w.partner.authId, w.sb.seeded.partnerAuthId)
    assert.equal(w.partner.baseUrl, `${w.sb.url}/`)
    assert.equal(w.parent.authId, w.sb.seeded.parentAuthId)
    const shown = util.inspect(w.partner)
    assert.match(shown, /^Partner \{ authId: 'PA_/)
    assert.deepEqual(JSON.parse(JSON.stringify(w.parent)), { authId: w.parent.authId, baseUrl: w.parent.baseUrl })
    // The options: timeout aliases, or a ready ClientConfig.
    const config = new ClientConfig({ baseUrl: w.sb.url, timeoutMs: 5000 })
    const viaConfig = new Partner(w.sb.partnerCredentials, { config })
    assert.equal((await viaConfig.me()).authId, w.partner.authId)
    const viaTimeout = new Account(w.sb.parentCredentials, { baseUrl: w.sb.url, timeout: 5000, connectTimeout: 1000 })
    assert.equal((await viaTimeout.balance()).authId, w.parent.authId)
    assert.throws(() => new Partner(w.sb.partnerCredentials, { config, baseUrl: w.sb.url }), TypeError)
    assert.throws(() => new Partner(w.sb.partnerCredentials, { timeout: 1, timeoutMs: 1 }), TypeError)
    // The wrong scope cannot be written.
    assert.throws(() => new Partner(w.sb.parentCredentials, { baseUrl: w.sb.url }), TypeError)
    assert.throws(() => new Account(w.sb.partnerCredentials, { baseUrl: w.sb.url }), TypeError)
    assert.throws(() => w.partner.customerClient(w.sb.partnerCredentials), TypeError)
    // The core refuses what the configuration cannot be.
    assert.throws(() => new Partner(w.sb.partnerCredentials, { baseUrl: 'http://api.example.com' }), ValidationError)
    assert.throws(() => new Partner(w.sb.partnerCredentials, { maxRetries: -1 }), ValidationError)
    // Handles are made by their parents only.
    assert.throws(() => new SubAccount(), TypeError)
    assert.throws(() => new AutoPager(), TypeError)
  })

  it('read their credentials and base URL from the environment', async () => {
    const saved = { ...process.env }
    try {
      process.env.VOBIZ_AUTH_ID = w.sb.seeded.partnerAuthId
      process.env.VOBIZ_AUTH_TOKEN = 'not-the-token'
      process.env.VOBIZ_BASE_URL = w.sb.url
      const partner = Partner.fromEnv()
      assert.ok(partner instanceof Partner)
      assert.equal(partner.baseUrl, `${w.sb.url}/`)
      await assert.rejects(partner.me(), AuthenticationError)
      assert.throws(() => Account.fromEnv(), (e) => e instanceof ValidationError && e.field === 'VOBIZ_AUTH_ID')
      process.env.VOBIZ_AUTH_ID = w.sb.seeded.parentAuthId
      const account = Account.fromEnv()
      assert.equal(account.authId, w.sb.seeded.parentAuthId)
      assert.throws(() => Partner.fromEnv(), ValidationError)
    } finally {
      for (const key of ['VOBIZ_AUTH_ID', 'VOBIZ_AUTH_TOKEN', 'VOBIZ_BASE_URL']) {
        if (saved[key] === undefined) delete process.env[key]
        else process.env[key] = saved[key]
      }
    }
  })

  it('resolve with plain camelCase objects, exact money and ISO 8601 times', async () => {
    const me = await w.partner.me()
    assert.ok(isPlainObject(me))
    assert.equal(me.authId, w.sb.seeded.partnerAuthId)
    assert.equal(me.maxAccounts, 25)
    assert.equal(me.balance, w.sb.seeded.partnerBalance)
    assert.equal(typeof me.balance, 'string')
    assert.match(me.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/)
    assert.ok(!Number.isNaN(Date.parse(me.createdAt)))
    assert.deepEqual(me.extra, {})
    assert.ok(!Object.keys(me).some((key) => key.includes('_')), Object.keys(me).join())
  })
})

describe('partner', () => {
  const w = world()

  it('reads its profile, dashboard and analytics', async () => {
    const dashboard = await w.partner.dashboard()
    assert.equal(dashboard.partner.authId, w.partner.authId)
    assert.match(dashboard.period.from, /^\d{4}-\d\d-\d\d$/)
    const today = w.sb.now()
    const from = new Date(today.getTime() - 10 * DAY * 1000)
    const analytics = await w.partner.analytics({ from, to: today.toISOString().slice(0, 10) })
    assert.equal(analytics.period.from, from.toISOString().slice(0, 10))
    assert.equal(analytics.period.to, today.toISOString().slice(0, 10))
    // The core reads the days: a bad one is refused before sending.
    await assert.rejects(w.partner.analytics({ from: 'yesterday' }), (e) => e instanceof ValidationError && e.field === 'from')
    await assert.rejects(w.partner.analytics({ since: '2026-01-01' }), (e) => e instanceof ValidationError && e.field === 'since')
  })

  it('pages every customer lazily, with maxItems and toArray({ limit })', async () => {
    const max = w.sb.seeded.maxAccounts
    const created = []
    for (let i = 0; i < max; i++) created.push((await w.partner.customers.create(newCustomer(i))).authId)
    // One more than the partner may have: refused by the server.
    await assert.rejects(w.partner.customers.create(newCustomer(max)), (e) => {
      assert.ok(e instanceof PermissionDeniedError)
      assert.equal(e.status, 403)
      assert.equal(e.apiCode, 'max_accounts_reached')
      return true
    })

    const seen = []
    const list = w.partner.customers.list({}, { pageSize: 5 })
    assert.ok(list instanceof AutoPager)
    for await (const customer of list) seen.push(customer.authId)
    assert.deepEqual([...seen].sort(), [...created].sort())
    assert.deepEqual(await list.toArray(), [], 'one pass')

    const capped = await w.partner.customers.list({}, { pageSize: 5, maxItems: 12 }).toArray()
    assert.equal(capped.length, 12)
    const limited = w.partner.customers.list({}, { pageSize: 5 })
    assert.equal((await limited.toArray({ limit: 7 })).length, 7)
    assert.equal((await limited.toArray({ limit: 0 })).length, 0)
    assert.equal((await limited.toArray()).length, max - 7, 'the rest stays readable')
    // A break stops the list.
    const stopped = w.partner.customers.list({}, { pageSize: 5 })
    for await (const customer of stopped) {
      assert.ok(customer.authId.startsWith('MA_'))
      break
    }
    assert.deepEqual(await stopped.next(), { done: true, value: undefined })
    // Closed while a page is on its way: nothing more comes out.
    const closing = w.partner.customers.list({}, { pageSize: 5 })
    const inFlight = closing.next()
    await closing.return()
    await inFlight
    assert.deepEqual(await closing.next(), { done: true, value: undefined })
    assert.equal(util.inspect(closing), 'AutoPager { done: true }')

    const found = await w.partner.customers.list({ search: 'customer7@' }).toArray()
    assert.deepEqual(
      found.map((c) => c.email),
      ['customer7@acme.in'],
    )
    // Bad filters and paging are refused at once, before anything is sent.
    assert.throws(() => w.partner.customers.list({ serch: 'x' }), ValidationError)
    assert.throws(() => w.partner.customers.list({}, { pageSize: 0 }), ValidationError)
    assert.throws(() => w.partner.customers.list({}, { pageSize: '5' }), TypeError)
    await assert.rejects(limited.toArray({ limit: -1 }), RangeError)
  })

  it('creates, reads and funds customers with exact money', async () => {
    await w.sb.reset()
    const created = await w.partner.customers.create(newCustomer('money', { company: 'Acme Pvt Ltd', city: 'Pune', zipCode: '411001' }))
    assert.ok(created.authId.startsWith('MA_'))
    assert.ok(created.authToken instanceof Secret)
    // Every digit as the server wrote it (`0.0`): the core keeps a JSON number's text exactly.
    assert.equal(created.balance, '0.0')
    const id = created.authId
    const fetched = await w.partner.customers.get(id)
    assert.equal(fetched.email, 'customermoney@acme.in')
    assert.equal(fetched.company, 'Acme Pvt Ltd')

    for (let i = 0; i < 3; i++) {
      const moved = await w.partner.customers.transferBalance(id, '0.10', { currency: 'INR', description: `part ${i}` })
      assert.equal(moved.amount, '0.1')
    }
    const balance = await w.partner.customers.balance(id)
    assert.equal(balance.cashCredits, '0.30000', 'not 0.30000000000000004')
    // A number is read from its shortest decimal form, exactly.
    await w.partner.customers.transferBalance(id, 0.1, { currency: 'INR' })
    assert.equal((await w.partner.customers.balance(id)).cashCredits, '0.40000')
    const partnerBalance = (await w.partner.me()).balance
    assert.equal(partnerBalance, '49999.60000')

    const ledger = await w.partner.customers.transactions(id, {}, { pageSize: 2 }).toArray()
    assert.equal(ledger.length, 4)
    assert.ok(ledger.every((t) => t.amount === '0.1' && t.accountId === id))
    const page = await w.partner.customers.transactionsPage(id, { page: 1, perPage: 3 })
    assert.equal(page.transactions.length, 3)
    const global = await w.partner.transactions({ account: id }, { pageSize: 3 }).toArray()
    assert.equal(global.length, 4)
    const globalPage = await w.partner.transactionsPage({ perPage: 2, transactionType: 'transfer' })
    assert.ok(globalPage.transactions.length <= 2)

    // Refused before sending: bad email, weak password, wrong amount types; nothing created.
    for (const [bad, field] of [
      [newCustomer('x', { email: 'not-an-email' }), 'email'],
      [newCustomer('x', { password: 'short' }), 'password'],
      [newCustomer('x', { country: 'India' }), 'country'],
      [newCustomer('x', { nickname: 'x' }), 'arguments'],
      [{ ...newCustomer('x'), name: undefined }, 'arguments'],
    ]) {
      await assert.rejects(w.partner.customers.create(bad), (e) => {
        assert.ok(e instanceof ValidationError, `${field}: ${e}`)
        assert.equal(e.status, null)
        if (field !== 'arguments') assert.equal(e.field, field)
        return true
      })
    }
    await assert.rejects(w.partner.customers.transferBalance(id, 'ten', { currency: 'INR' }), (e) => e.field === 'amount')
    await assert.rejects(w.partner.customers.transferBalance(id, '-1', { currency: 'INR' }), ValidationError)
    await assert.rejects(w.partner.customers.transferBalance(id, 10n, { currency: 'INR' }), ValidationError)
    await assert.rejects(w.partner.customers.transferBalance(id, '1'), (e) => e.field === 'currency')
    assert.equal((await w.partner.customers.list().toArray()).length, 1)
  })

  it('moves capacity to and from a customer', async () => {
    const { created } = await fundedCustomer(w, 'capacity')
    const id = created.authId
    const before = await w.partner.customers.capacity(id)
    assert.equal(before.customerAuthId, id)
    const moved = await w.partner.customers.transferCapacity(id, { resource: 'concurrent_calls', slots: 30, description: 'launch' })
    assert.equal(moved.slots, 30)
    assert.equal(moved.resource, 'concurrent_calls')
    const back = await w.partner.customers.reclaimCapacity(id, { resource: 'concurrent_calls', slots: 10 })
    assert.equal(back.slots, 10)
    const history = await w.partner.capacityTransfers({ pageSize: 1 }).toArray()
    assert.equal(history.length, 2)
    // More than the pool: the server's 400.
    await assert.rejects(w.partner.customers.transferCapacity(id, { resource: 'cps', slots: 10_000 }), BadRequestError)
    await assert.rejects(w.partner.customers.transferCapacity(id, { resource: 'cps', slots: 0 }), (e) => e.field === 'slots')
  })

  it('reads customers’ numbers and calls', async () => {
    const { created, client } = await fundedCustomer(w, 'calls', '500.00')
    const id = created.authId
    const [did] = await inventory(client, 1)
    const bought = await client.numbers.purchase(did, { currency: 'INR' })
    assert.equal(bought.number.e164, did)
    const fired = await client.calls.make({ from: did, to: '+919999911111', answerUrl: ANSWER })
    const [uuid] = fired.requestUuid
    w.sb.advanceClock(120)

    assert.deepEqual(
      (await w.partner.customers.numbers(id).toArray()).map((n) => n.e164),
      [did],
    )
    assert.ok((await w.partner.numbers({ search: did.slice(1) }).toArray()).some((n) => n.e164 === did))
    const cdrs = await w.partner.customers.cdrs(id, { callDirection: 'outbound' }, { pageSize: 1 }).toArray()
    assert.deepEqual(
      cdrs.map((c) => c.uuid),
      [uuid],
    )
    const cdr = await w.partner.customers.cdr(id, uuid)
    assert.equal(cdr.destinationNumber, '+919999911111')
    assert.equal(typeof cdr.cost, 'string')
    const page = await w.partner.customers.cdrsPage(id, { page: 1, perPage: 5, status: 'answered' })
    assert.equal(page.data.length, 1)
    assert.ok((await w.partner.cdrs({ minDuration: 1 }).toArray()).some((c) => c.uuid === uuid))
    const all = await w.partner.cdrsPage({ perPage: 10 })
    assert.ok(all.data.some((c) => c.uuid === uuid))
    await assert.rejects(w.partner.customers.cdr(id, '00000000-0000-0000-0000-000000000000'), NotFoundError)
  })
})

describe('partner.kycSessions', () => {
  const w = world()

  it('create, read, list, resend (with its cooldown), complete and revoke', async () => {
    const { created } = await fundedCustomer(w, 'kyc')
    const id = created.authId
    const session = await w.partner.kycSessions.create({
      accountAuthId: id,
      flow: 'email',
      customerEmail: 'John@Example.com',
      expiresInDays: 14,
      reminderSchedule: [{ trigger: 'days_before_expiry', value: 3 }],
      metadata: { crmId: 'lead-42' },
    })
    assert.equal(session.status, 'email_sent')
    assert.equal(session.emailDispatchedTo, 'J***@Example.com')
    const sessionId = session.sessionId
    const read = await w.partner.kycSessions.get(sessionId)
    assert.equal(read.id, sessionId)
    assert.deepEqual(read.metadata, { crmId: 'lead-42' })
    assert.equal(read.reminderSchedule[0].value, 3)
    const listed = await w.partner.kycSessions.list({ accountAuthId: id, status: 'email_sent' }).toArray()
    assert.deepEqual(
      listed.map((s) => s.id),
      [sessionId],
    )

    // The email just went out: resending waits 30 minutes (429 with the wait).
    await assert.rejects(w.partner.kycSessions.resend(sessionId), (e) => {
      assert.ok(e instanceof RateLimitError, String(e))
      assert.equal(e.status, 429)
      assert.ok(e.retryAfter > 0 && e.retryAfter <= 1800, String(e.retryAfter))
      return true
    })
    w.sb.advanceClock(31 * 60)
    const resent = await w.partner.kycSessions.resend(sessionId)
    assert.ok(resent.message)

    // The customer completes it: terminal, so resend and revoke are conflicts.
    w.sb.openKycSession(sessionId)
    w.sb.submitKycSession(sessionId, { kycType: 'individual' })
    w.sb.completeKycSession(sessionId, { kycType: 'individual' })
    const done = await w.partner.kycSessions.get(sessionId)
    assert.equal(done.status, 'kyc_completed')
    assert.equal(done.verifiedData.panType, 'individual')
    await assert.rejects(w.partner.kycSessions.resend(sessionId), (e) => e instanceof ConflictError && e.status === 409)
    await assert.rejects(w.partner.kycSessions.revoke(sessionId), ConflictError)
  })

  it('redirect flow: the widget link is a Secret, and revoke takes a reason', async () => {
    const { created } = await fundedCustomer(w, 'redirect')
    const session = await w.partner.kycSessions.create({
      accountAuthId: created.authId,
      flow: 'redirect',
      redirectUrl: 'https://app.example.in/kyc/done',
    })
    assert.ok(session.widgetUrl instanceof Secret)
    assert.match(session.widgetUrl.reveal(), /^https:\/\//)
    assert.ok(!util.inspect(session).includes(session.widgetUrl.reveal()))
    assert.ok(!JSON.stringify(session).includes(session.widgetUrl.reveal()))
    await assert.rejects(w.partner.kycSessions.resend(session.sessionId), BadRequestError)
    const revoked = await w.partner.kycSessions.revoke(session.sessionId, { reason: 'Wrong email' })
    assert.equal(revoked.message, 'Session revoked')
    await assert.rejects(w.partner.kycSessions.get('00000000-0000-0000-0000-000000000000'), NotFoundError)
    await assert.rejects(w.partner.kycSessions.create({ accountAuthId: created.authId, flow: 'carrier-pigeon' }), ValidationError)
  })
})

describe('account.numbers', () => {
  const w = world()

  it('pages the inventory across many pages, with filters', async () => {
    const seen = []
    const pager = w.parent.numbers.inventory({}, { pageSize: 5, prefetch: 1 })
    for await (const number of pager) seen.push(number.e164)
    assert.equal(seen.length, w.sb.seeded.inventoryNumbers)
    assert.equal(new Set(seen).size, seen.length)
    const bangalore = await w.parent.numbers.inventory({ country: 'IN', search: '+9180' }, { pageSize: 3 }).toArray()
    assert.equal(bangalore.length, 8)
    const rest = await w.parent.numbers.inventory({ exclude: ['9180', '+9122'] }, { pageSize: 5 }).toArray()
    assert.ok(rest.every((n) => !n.e164.startsWith('+9180') && !n.e164.startsWith('+9122')))
    assert.throws(() => w.parent.numbers.inventory({ country: 'XX' }), (e) => e instanceof ValidationError && e.field === 'country')
  })

  it('buys, assigns (cool-off after a call), routes to a trunk, checks health, releases', async () => {
    const [did, other] = await inventory(w.parent, 2)
    const bought = await w.parent.numbers.purchase(did)
    assert.equal(bought.number.accountId, w.parent.authId)
    assert.equal(bought.number.setupFee, '100.0')
    assert.deepEqual(
      (await w.parent.numbers.list({ search: did.slice(3) }).toArray()).map((n) => n.e164),
      [did],
    )

    const sub = await w.parent.subAccounts.create({ name: 'Cool-off', email: 'cooloff@acme.in' })
    const subId = sub.subAccount.authId
    assert.equal(await w.parent.numbers.assignToSubAccount(did, subId), undefined)
    assert.deepEqual(await w.parent.numbers.list({ includeSubaccounts: false }).toArray(), [])
    await assert.rejects(w.parent.numbers.assignToSubAccount(did, 'SA_NOTMINE1'), NotFoundError)

    // A call on the DID starts the 15-day cool-off.
    w.sb.simulateCall({ e164: did, durationSeconds: 60 })
    w.sb.advanceClock(120)
    await assert.rejects(w.parent.numbers.unassignFromSubAccount(did), (e) => {
      assert.ok(e instanceof CoolOffError, String(e))
      assert.ok(e instanceof ConflictError)
      assert.equal(e.status, 409)
      assert.equal(e.code, 'COOL_OFF')
      assert.ok(e.coolOffUntil instanceof Date)
      assert.ok(e.coolOffUntil > w.sb.now())
      assert.ok(e.remainingSeconds > 14 * DAY && e.remainingSeconds <= 15 * DAY, String(e.remainingSeconds))
      return true
    })
    w.sb.advanceClock(15 * DAY)
    assert.equal(await w.parent.numbers.unassignFromSubAccount(did), undefined)

    const trunk = await w.parent.trunks.create({ name: 'Routing' })
    assert.equal(await w.parent.numbers.assignToTrunk(did, trunk.trunkId), undefined)
    await assert.rejects(w.parent.numbers.assignToTrunk(did, trunk.trunkId), BadRequestError)
    assert.equal((await w.parent.numbers.list({ search: did.slice(3) }).toArray())[0].trunkGroupId, trunk.trunkId)
    assert.equal(await w.parent.numbers.unassignFromTrunk(did), undefined)

    const health = await w.parent.numbers.health(did, { granularity: 'day', days: 30 })
    assert.equal(health.e164, did)
    assert.equal(health.summary.periodDays, 30)
    assert.ok(Array.isArray(health.snapshots))
    await assert.rejects(w.parent.numbers.health(did, { days: 365 }), (e) => e.field === 'days')

    await w.parent.numbers.purchase(other)
    const released = await w.parent.numbers.release(other)
    assert.ok(released.cooldownEndsAt)
    const restored = await w.parent.numbers.cancelRelease(other)
    assert.equal(restored.status, 'active')
    await w.parent.numbers.release(other, { immediate: true })
    await assert.rejects(w.parent.numbers.purchase('+91'), (e) => e.field === 'e164')
  })
})

describe('account: calls, CDRs, recordings, trunks', () => {
  const w = world()

  it('calls become CDRs that list, search, page, export and get', async () => {
    const [did] = await inventory(w.parent, 1)
    await w.parent.numbers.purchase(did)
    const one = await w.parent.calls.make({ from: did, to: '+919999911111', answerUrl: ANSWER })
    assert.equal(one.message, 'Call fired')
    const many = await w.parent.calls.make({
      from: did,
      to: ['+919999922222', 'sip:alice@example.com'],
      answerUrl: ANSWER,
      answerMethod: 'GET',
      callerName: 'Acme',
      timeLimit: 30,
    })
    assert.equal(many.requestUuid.length, 2)
    const [first] = one.requestUuid
    await assert.rejects(w.parent.cdrs.get(first), NotFoundError, 'no CDR before the call ends')
    w.sb.advanceClock(120)

    const all = await w.parent.cdrs.list({}, { pageSize: 1 }).toArray()
    assert.equal(all.length, 3)
    const found = await w.parent.cdrs.search({ toNumber: '9999911111' }).toArray()
    assert.deepEqual(
      found.map((c) => c.uuid),
      [first],
    )
    const page = await w.parent.cdrs.page({ page: 1, perPage: 2 })
    assert.equal(page.data.length, 2)
    assert.equal(page.pagination.total, 3)
    assert.equal((await w.parent.cdrs.recent({ limit: 2 })).length, 2)
    const cdr = await w.parent.cdrs.get(first)
    assert.equal(cdr.callerIdNumber, did)
    const csv = await w.parent.cdrs.export({ callDirection: 'outbound' })
    assert.equal(typeof csv, 'string')
    assert.match(csv, /^uuid,/)
    assert.ok(csv.includes(first))
    // Refused before sending: a lone start date, a bad destination.
    assert.throws(() => w.parent.cdrs.list({ startDate: '2026-01-01' }), ValidationError)
    await assert.rejects(w.parent.calls.make({ from: did, to: 'nobody', answerUrl: ANSWER }), ValidationError)
  })

  it('documented call rejections are typed', async () => {
    const [did] = (await w.parent.numbers.list().toArray()).map((n) => n.e164)
    // 429: more destinations than the concurrent-call limit.
    const crowd = Array.from({ length: 11 }, (_, i) => `+91999990${String(i).padStart(4, '0')}`)
    await assert.rejects(w.parent.calls.make({ from: did, to: crowd, answerUrl: ANSWER }), RateLimitError)
    // 402: an empty wallet.
    const { client: broke } = await fundedCustomer(w, 'broke')
    await assert.rejects(broke.calls.make({ from: '+919800000000', to: '+919999911111', answerUrl: ANSWER }), (e) => {
      assert.ok(e instanceof InsufficientBalanceError, String(e))
      assert.equal(e.status, 402)
      return true
    })
    // 403: a customer_use sub-account before its KYC.
    const blocked = await w.parent.subAccounts.create({ name: 'Blocked', email: 'blocked@acme.in', kycMode: 'customer_use' })
    const creds = new AccountCredentials(blocked.authCredentials.authId, blocked.authCredentials.authToken.reveal())
    const blockedClient = new Account(creds, { baseUrl: w.sb.url })
    await assert.rejects(blockedClient.calls.make({ from: did, to: '+919999911111', answerUrl: ANSWER }), (e) => {
      assert.ok(e instanceof PermissionDeniedError)
      assert.equal(e.apiCode, 'kyc_calls_blocked')
      return true
    })
  })

  it('recordings: an empty list, and 404 for an unknown one', async () => {
    assert.deepEqual(await w.parent.recordings.list({ recordingType: 'call' }, { pageSize: 10 }).toArray(), [])
    await assert.rejects(w.parent.recordings.get('rec-1'), NotFoundError)
    await assert.rejects(w.parent.recordings.delete('rec-1'), NotFoundError)
    assert.throws(() => w.parent.recordings.list({ recordingType: 'video' }), ValidationError)
  })

  it('trunks and their credentials, IP ACLs and origination URIs', async () => {
    const trunk = await w.parent.trunks.create({ name: 'Main', trunkDirection: 'outbound', cpsLimit: 5, transport: 'tcp' })
    assert.equal(trunk.name, 'Main')
    assert.equal(trunk.cpsLimit, 5)
    const updated = await w.parent.trunks.update(trunk.trunkId, { description: 'primary', trunkStatus: 'disabled' })
    assert.equal(updated.description, 'primary')
    assert.equal((await w.parent.trunks.get(trunk.trunkId)).trunkStatus, 'disabled')
    await w.parent.trunks.create({ name: 'Backup' })
    assert.equal((await w.parent.trunks.list({ pageSize: 1 }).toArray()).length, 2)

    const credential = await w.parent.trunkCredentials.create({ username: 'pbx-1', password: 'canary-sip-password' })
    assert.ok(credential.password instanceof Secret)
    assert.ok(!util.inspect(credential).includes('canary-sip-password'))
    await assert.rejects(w.parent.trunkCredentials.create({ username: 'pbx-1', password: 'x1' }), ConflictError)
    const renamed = await w.parent.trunkCredentials.update(credential.uuid, { username: 'pbx-2' })
    assert.equal(renamed.username, 'pbx-2')
    assert.equal((await w.parent.trunkCredentials.list().toArray()).length, 1)
    assert.equal(await w.parent.trunkCredentials.delete(credential.uuid), undefined)

    const acl = await w.parent.ipAcl.create({ name: 'Office', ipAddress: '10.1.2.0/24' })
    assert.equal(acl.ipAddress, '10.1.2.0/24')
    assert.equal((await w.parent.ipAcl.update(acl.uuid, { name: 'HQ' })).name, 'HQ')
    assert.equal((await w.parent.ipAcl.list().toArray()).length, 1)
    await w.parent.ipAcl.delete(acl.uuid)
    await assert.rejects(w.parent.ipAcl.create({ name: 'Docs', ipAddress: '192.0.2.1' }), (e) => e.field === 'ip_address')

    const uri = await w.parent.originationUris.create({ name: 'PBX', sipUri: 'sip:pbx.example.com:5060', priority: 1, weight: 10 })
    assert.equal(uri.name, 'PBX')
    assert.equal((await w.parent.originationUris.update(uri.uuid, { weight: 20 })).weight, 20)
    assert.equal((await w.parent.originationUris.list().toArray()).length, 1)
    await w.parent.originationUris.delete(uri.uuid)
    await assert.rejects(w.parent.originationUris.delete(uri.uuid), NotFoundError)

    assert.equal(await w.parent.trunks.delete(trunk.trunkId), undefined)
    await assert.rejects(w.parent.trunks.get(trunk.trunkId), NotFoundError)
    await assert.rejects(w.parent.trunks.create({ name: 'Bad', cpsLimit: 1000 }), (e) => e.field === 'cps_limit')
  })
})

describe('account.subAccounts and SubAccount', () => {
  const w = world()

  it('create, list, read, update and delete a sub-account', async () => {
    const created = await w.parent.subAccounts.create({
      name: 'Acme Support',
      email: 'support@acme.in',
      password: 'Sub!pass123',
      rateLimit: 50,
      permissions: { calls: true, cdr: false },
      description: 'support desk',
    })
    const id = created.subAccount.authId
    assert.ok(id.startsWith('SA_'))
    assert.ok(created.authCredentials.authToken instanceof Secret)
    assert.equal(created.subAccount.rateLimit, 50)
    const sub = w.parent.subAccounts.get(id)
    assert.ok(sub instanceof SubAccount)
    assert.equal(sub.id, id)
    assert.equal(w.parent.subAccount(id).id, id)
    assert.equal(util.inspect(sub), `SubAccount { id: '${id}', baseUrl: '${w.sb.url}/' }`)
    assert.equal((await sub.get()).email, 'support@acme.in')
    const changed = await sub.update({ name: 'Acme Help', enabled: false })
    assert.equal(changed.name, 'Acme Help')
    assert.equal(changed.enabled, false)
    const active = await w.parent.subAccounts.list({ activeOnly: true }).toArray()
    assert.ok(!active.some((s) => s.authId === id))
    assert.ok((await w.parent.subAccounts.list({}, { pageSize: 1 }).toArray()).some((s) => s.authId === id))
    // Promoting a sub-account without an email to customer_use: the server's 400.
    const bare = await w.parent.subAccounts.create({ name: 'No Email' })
    await assert.rejects(w.parent.subAccount(bare.subAccount.authId).update({ kycMode: 'customer_use' }), BadRequestError)
    await assert.rejects(w.parent.subAccounts.create({ name: 'Dup', email: 'support@acme.in' }), UnprocessableError)
    assert.equal(await sub.delete(), undefined)
    await assert.rejects(sub.get(), NotFoundError)
    // Only SA_ ids make handles.
    assert.throws(() => w.parent.subAccount('MA_ABCDEFGH'), ValidationError)
  })

  it('KYC on the live routes: status, PAN, GST, CIN, DigiLocker, hosted session', async () => {
    const company = await w.parent.subAccounts.create({
      name: 'Acme Pvt',
      email: 'kyc-company@acme.in',
      kycMode: 'customer_use',
      businessType: 'private_limited',
    })
    const sub = w.parent.subAccount(company.subAccount.authId)
    const status = await sub.kyc.status()
    assert.equal(status.overallStatus, 'not_started')
    assert.equal(status.kycCallsBlocked, true)
    const pan = await sub.kyc.verifyPan('aaacr5055k')
    assert.equal(pan.pan, 'AAACR5055K')
    assert.equal(pan.status, 'verified')
    const gst = await sub.kyc.verifyGst('27AAPFU0939F1ZV')
    assert.equal(gst.kycCallsBlocked, false)
    const matches = await sub.kyc.cinSearch('Acme')
    assert.ok(Array.isArray(matches) && matches.length > 0)
    const cin = await sub.kyc.cinConfirm('Acme', matches[0].cin)
    assert.equal(cin.verificationType, 'cin')
    await assert.rejects(sub.kyc.verifyGst('27AAPFU0939F1ZW'), (e) => e instanceof ValidationError && e.field === 'gstin')

    const person = await w.parent.subAccounts.create({ name: 'Asha', email: 'asha@acme.in', kycMode: 'customer_use', businessType: 'individual' })
    const individual = w.parent.subAccount(person.subAccount.authId)
    await individual.kyc.verifyPan('ABCPD1234E')
    const started = await individual.kyc.digilockerInitiate('https://app.example.in/kyc/done', { oauthState: 'state-42' })
    assert.ok(started.accessRequestId.startsWith('AR_'))
    const aadhaar = await individual.kyc.digilockerVerify(started.accessRequestId, { linkedNumber: '+919876543210' })
    assert.equal(aadhaar.status, 'verified')
    await assert.rejects(individual.kyc.digilockerVerify('XX_unknown'), NotFoundError)

    const other = await w.parent.subAccounts.create({ name: 'Hosted', email: 'hosted@acme.in', kycMode: 'customer_use' })
    const hosted = w.parent.subAccount(other.subAccount.authId)
    const session = await hosted.kyc.createSession({ customerEmail: 'hosted@acme.in', expiresInDays: 10, reminderDays: [3, 1], metadata: { ref: 7 } })
    assert.equal(session.status, 'email_sent')
    const redirect = await hosted.kyc.createSession({ redirectUrl: 'https://app.example.in/kyc/back' })
    assert.ok(redirect.widgetUrl instanceof Secret)
    await assert.rejects(hosted.kyc.createSession({}), (e) => e.field === 'customer_email')
  })

  it('KYC test mode: magic inputs and pending mocks', async () => {
    const created = await w.parent.subAccounts.create({
      name: 'Test Co',
      email: 'kyc-test@acme.in',
      kycMode: 'customer_use',
      businessType: 'private_limited',
    })
    const sub = w.parent.subAccount(created.subAccount.authId)
    const failed = await sub.kycTest.verifyPan('TESTFAIL0001')
    assert.equal(failed.status, 'failed')
    assert.equal(failed.mock, true)
    // The provider error is a 500, not retried (a POST).
    await assert.rejects(sub.kycTest.verifyPan('TESTERROR0001'), (e) => {
      assert.ok(e instanceof ServerError, String(e))
      assert.equal(e.status, 500)
      assert.equal(e.outcomeUnknown, true)
      return true
    })
    const pending = await sub.kycTest.verifyPan('TESTPENDING001')
    assert.equal(pending.status, 'pending')
    const settled = await sub.kycTest.finalizePending('pan', 'verified')
    assert.equal(settled.status, 'verified')
    assert.equal((await sub.kycTest.verifyGst('TESTSUCCESS0001')).status, 'verified')
    const matches = await sub.kycTest.cinSearch('Acme')
    assert.ok(matches.some((m) => m.cin === 'U72900KA2024PTC123456'))
    assert.equal((await sub.kycTest.cinConfirm('Acme', 'U72900KA2024PTC123456')).status, 'verified')
    const started = await sub.kycTest.digilockerInitiate('https://app.example.in/back')
    assert.ok(started.accessRequestId)
    assert.equal((await sub.kycTest.digilockerVerify('MOCK_AR_FAIL')).status, 'failed')
    assert.equal((await sub.kycTest.digilockerVerify('MOCK_AR_SUCCESS')).status, 'verified')
    assert.equal((await sub.kyc.status()).kycCallsBlocked, false)
    await assert.rejects(sub.kycTest.verifyPan(''), (e) => e.field === 'pan')
    await assert.rejects(sub.kycTest.finalizePending('pan', 'maybe'), (e) => e.field === 'outcome')
  })
})

describe('errors from real answers', () => {
  const w = world()

  it('every class, with its code, status and request details', async () => {
    const cases = []
    const expect = async (promise, cls, code) => {
      const error = await promise.then(
        () => assert.fail(`expected ${cls.name}`),
        (e) => e,
      )
      assert.ok(error instanceof cls, `${cls.name} expected, got ${error?.name}: ${error?.message}`)
      assert.ok(error instanceof VobizError)
      assert.ok(error instanceof Error)
      assert.equal(error.name, cls.name)
      assert.equal(error.code, code)
      cases.push(code)
      return error
    }

    // Refused by the core, nothing sent.
    const validation = await expect(w.partner.customers.get(''), ValidationError, 'VALIDATION')
    assert.equal(validation.field, 'customer_auth_id')
    // 401: a wrong token.
    const forged = new Partner(new PartnerCredentials(w.partner.authId, 'canary-wrong-token'), { baseUrl: w.sb.url })
    const auth = await expect(forged.me(), AuthenticationError, 'AUTHENTICATION')
    assert.equal(auth.status, 401)
    assert.equal(auth.method, 'GET')
    assert.ok(!auth.message.includes('canary-wrong-token') && !String(auth.body).includes('canary-wrong-token'))
    // 404
    const notFound = await expect(w.partner.customers.get('MA_NOTMINE1'), NotFoundError, 'NOT_FOUND')
    assert.equal(notFound.status, 404)
    assert.ok(notFound.path.includes('MA_NOTMINE1'))
    // 422: the email is taken.
    const { created } = await fundedCustomer(w, 'errors')
    await expect(w.partner.customers.create(newCustomer('errors')), UnprocessableError, 'UNPROCESSABLE')
    // 400 with balance details: more than the partner has.
    const short = await expect(
      w.partner.customers.transferBalance(created.authId, '1000000.00', { currency: 'INR' }),
      InsufficientBalanceError,
      'INSUFFICIENT_BALANCE',
    )
    assert.equal(short.currentBalance, '50000')
    assert.equal(short.requestedAmount, '1000000')
    assert.equal(short.currency, 'INR')
    // 400: the wrong currency.
    await expect(w.partner.customers.transferBalance(created.authId, '1', { currency: 'USD' }), BadRequestError, 'BAD_REQUEST')
    // 429: a KYC email resent within its 30-minute cooldown; 409: revoking a revoked session.
    const kycSession = await w.partner.kycSessions.create({ accountAuthId: created.authId, flow: 'email' })
    await expect(w.partner.kycSessions.resend(kycSession.sessionId), RateLimitError, 'RATE_LIMITED')
    await w.partner.kycSessions.revoke(kycSession.sessionId)
    await expect(w.partner.kycSessions.revoke(kycSession.sessionId), ConflictError, 'CONFLICT')
    // 403: a disabled sub-account's own credentials.
    const sub = await w.parent.subAccounts.create({ name: 'Off', email: 'off@acme.in', enabled: false })
    const off = new Account(new AccountCredentials(sub.authCredentials.authId, sub.authCredentials.authToken.reveal()), { baseUrl: w.sb.url })
    await expect(off.balance(), PermissionDeniedError, 'PERMISSION_DENIED')

    // Faults injected into the sandbox for the transport-level classes.
    const flaky = new Partner(w.sb.partnerCredentials, { baseUrl: w.sb.url, maxRetries: 0, timeout: 300 })
    w.sb.addFault({ path: '/api/v1/partner/me', method: 'GET', status: 503, count: 1 })
    const server = await expect(flaky.me(), ServerError, 'SERVER')
    assert.equal(server.status, 503)
    w.sb.addFault({ path: '/api/v1/partner/me', method: 'GET', delayMs: 2000, count: 1 })
    await expect(flaky.me(), TimeoutError, 'TIMEOUT')
    w.sb.addFault({ path: '/api/v1/partner/me', method: 'GET', malformed: true, count: 1 })
    await expect(flaky.me(), DecodeError, 'DECODE')
    w.sb.addFault({ path: '/api/v1/partner/accounts/*/transfer-balance', method: 'POST', resetAfter: true, count: 1 })
    const lost = await expect(flaky.customers.transferBalance(created.authId, '5.00', { currency: 'INR' }), OutcomeUnknownError, 'OUTCOME_UNKNOWN')
    assert.equal(lost.outcomeUnknown, true)
    assert.equal(lost.method, 'POST')
    assert.equal((await w.partner.customers.balance(created.authId)).cashCredits, '5.00000', 'the change was committed')
    w.sb.clearFaults()
    const nowhere = new Partner(w.sb.partnerCredentials, { baseUrl: 'http://127.0.0.1:9', maxRetries: 0 })
    await expect(nowhere.me(), TransportError, 'TRANSPORT')

    // The cool-off has its own test (account.numbers); the rest are all here.
    assert.equal(new Set(cases).size, cases.length)
    assert.equal(cases.length, 14)
  })

  it('a list reports its error when a page is read, and the error ends it', async () => {
    await w.partner.customers.create(newCustomer('listed'))
    const list = w.partner.customers.list({}, { pageSize: 2 })
    w.sb.addFault({ path: '/api/v1/partner/accounts', method: 'GET', status: 500, count: 1 })
    await assert.rejects(list.toArray(), (e) => e instanceof ServerError && e.status === 500)
    assert.deepEqual(await list.next(), { done: true, value: undefined }, 'an error ends the list')
    w.sb.clearFaults()
    assert.ok((await w.partner.customers.list({}, { pageSize: 2 }).toArray()).length > 0)
  })
})

describe('secrets', () => {
  const w = world()

  it('a created customer’s token never shows in inspect, JSON or messages', async () => {
    const created = await w.partner.customers.create(newCustomer('canary'))
    const token = created.authToken.reveal()
    assert.ok(token.length >= 16)
    assert.equal(String(created.authToken), '<redacted>')
    assert.equal(`${created.authToken}`, '<redacted>')
    assert.equal(created.authToken.toJSON(), '<redacted>')
    for (const shown of [
      util.inspect(created),
      util.inspect(created, { depth: null, showHidden: true }),
      JSON.stringify(created),
      String(created.authToken),
      util.format('%s %o %O %j', created.authToken, created, created, created),
    ]) {
      assert.ok(!shown.includes(token), shown)
      assert.ok(shown.includes('<redacted>'), shown)
    }
    // The customer's own client, and the errors it gets.
    const customer = w.partner.customerClient(new AccountCredentials(created.authId, token))
    assert.ok(!util.inspect(customer).includes(token))
    assert.ok(!JSON.stringify(customer).includes(token))
    const balance = await customer.balance()
    assert.equal(balance.authId, created.authId)
    const error = await customer.subAccounts.create({ name: 'x', email: 'bad' }).catch((e) => e)
    assert.ok(error instanceof ValidationError)
    const forged = new Account(new AccountCredentials(created.authId, `${token}x`), { baseUrl: w.sb.url })
    const denied = await forged.details().catch((e) => e)
    assert.ok(denied instanceof AuthenticationError)
    for (const e of [error, denied]) {
      const everything = `${e.message} ${e.stack} ${util.inspect(e)} ${JSON.stringify(e)}`
      assert.ok(!everything.includes(token), everything)
    }
    // Listed customers carry the API's placeholder, also a Secret.
    const [listed] = await w.partner.customers.list().toArray()
    assert.ok(listed.authToken instanceof Secret)
    assert.ok(!JSON.stringify(listed).includes(token))
  })

  it('sub-account credentials and console tokens are Secrets too', async () => {
    const created = await w.parent.subAccounts.create({ name: 'Canary', email: 'canary@acme.in', password: 'Canary!pass1' })
    const token = created.authCredentials.authToken.reveal()
    const shown = `${util.inspect(created, { depth: null })} ${JSON.stringify(created)}`
    assert.ok(!shown.includes(token))
    assert.ok(!shown.includes('Canary!pass1'))
    if (created.tokens?.accessToken) {
      assert.ok(created.tokens.accessToken instanceof Secret)
      assert.ok(!shown.includes(created.tokens.accessToken.reveal()))
    }
    const sub = new Account(new AccountCredentials(created.authCredentials.authId, token), { baseUrl: w.sb.url })
    assert.equal((await sub.details()).accountType, 'sub_account')
  })
})
