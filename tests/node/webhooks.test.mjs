// KYC webhooks (`verifyWebhook`) on the sandbox's real deliveries: an `http.createServer`
// on loopback is the sessions' webhook URL; the sandbox signs and posts the events; every
// check runs on the raw body and `req.headers` as Node gives them.

import assert from 'node:assert/strict'
import http from 'node:http'
import { afterEach, beforeEach, describe, it } from 'node:test'
import util from 'node:util'

import {
  Account,
  Partner,
  Sandbox,
  Secret,
  ValidationError,
  VobizError,
  WebhookError,
  verifyWebhook,
} from 'vobiz-partner'

/** A webhook endpoint on loopback recording `{ headers, body }` of each delivery. */
async function receiver() {
  const received = []
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) })
      res.writeHead(200).end()
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}/kyc-webhook`
  const wait = async (n) => {
    for (let i = 0; i < 250 && received.length < n; i++) await new Promise((r) => setTimeout(r, 20))
    assert.ok(received.length >= n, `${received.length} of ${n} deliveries arrived`)
    return received.slice()
  }
  const close = () => new Promise((resolve) => server.close(resolve))
  return { url, wait, close }
}

/** The seeded tokens (the webhook keys), from the sandbox's control plane. */
async function tokens(sb) {
  const seeded = await (await fetch(`${sb.url}/__sandbox/seeded`)).json()
  return { partner: seeded.partner.auth_token, parent: seeded.parent.auth_token }
}

/** Refused with a WebhookError whose reason mentions `expected`; the key shows nowhere. */
function refused(fn, expected, key) {
  let error
  try {
    fn()
  } catch (e) {
    error = e
  }
  assert.ok(error instanceof WebhookError, `${error}`)
  assert.ok(error instanceof VobizError)
  assert.equal(error.code, 'WEBHOOK')
  assert.equal(error.name, 'WebhookError')
  assert.equal(error.status, null)
  assert.ok(error.reason.includes(expected), error.reason)
  assert.ok(error.message.includes(expected), error.message)
  for (const text of [error.message, error.stack, util.inspect(error), JSON.stringify(error), error.reason]) {
    assert.ok(!text.includes(key), `the key leaked: ${text}`)
  }
  return error
}

describe('verifyWebhook', () => {
  let sb
  let hook
  let keys

  beforeEach(async () => {
    sb = await Sandbox.start({ seed: 78 })
    hook = await receiver()
    keys = await tokens(sb)
  })

  afterEach(async () => {
    await hook.close()
    await sb.stop()
  })

  async function partnerDelivery() {
    const partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url })
    const customer = await partner.customers.create({
      name: 'Hook Customer', email: 'hook@acme.in', password: 'Str0ng!pass', country: 'IN',
    })
    const session = await partner.kycSessions.create({
      accountAuthId: customer.authId,
      flow: 'email',
      customerEmail: 'hook@acme.in',
      webhookUrl: hook.url,
      metadata: { crm_id: 'lead-7' },
    })
    sb.completeKycSession(session.sessionId, { kycType: 'company' })
    const [delivery] = await hook.wait(1)
    return { ...delivery, customerId: customer.authId, sessionId: session.sessionId }
  }

  it('accepts a partner completion and returns the typed event', async () => {
    const { headers, body, customerId, sessionId } = await partnerDelivery()
    const event = verifyWebhook(body, headers, keys.partner, { maxAgeMs: 300_000 })
    assert.equal(event.event, 'kyc.completed')
    assert.equal(event.source, 'partner')
    assert.equal(event.sessionId, sessionId)
    assert.equal(event.accountAuthId, customerId)
    assert.equal(event.status, 'kyc_completed')
    assert.equal(event.kycType, 'company')
    assert.deepEqual(event.metadata, { crm_id: 'lead-7' }) // the caller's keys, not re-cased
    assert.equal(event.verifiedData.panType, 'company')
    assert.deepEqual(event.verifiedData.completedSteps, ['pan', 'gst'])
    assert.ok(Math.abs(Date.now() - Date.parse(event.timestamp)) < 60_000, event.timestamp)
    assert.deepEqual(event.extra, {})

    // Every body, header and key form gives the same event.
    const signature = headers['x-vobiz-signature']
    assert.match(signature, /^sha256=[0-9a-f]{64}$/)
    const upper = `sha256=${signature.slice(7).toUpperCase()}`
    for (const [b, h, k] of [
      [body.toString('utf8'), headers, keys.partner],
      [new Uint8Array(body), new Map(Object.entries(headers)), new Secret(keys.partner)],
      [body, { 'X-Vobiz-Signature': [upper], other: undefined }, keys.partner],
      [body, [['X-VOBIZ-SIGNATURE', signature]], keys.partner],
    ]) {
      assert.deepEqual(verifyWebhook(b, h, k), event)
    }
  })

  it('refuses tampered bodies, wrong keys, stale events and bad headers', async () => {
    const { headers, body } = await partnerDelivery()
    const key = keys.partner
    const event = verifyWebhook(body, headers, key)
    const signature = headers['x-vobiz-signature']

    const tampered = Buffer.from(body.toString().replace('company', 'Company'))
    refused(() => verifyWebhook(tampered, headers, key), 'does not match', key)
    const reserialised = JSON.stringify(JSON.parse(body.toString()), null, 2)
    refused(() => verifyWebhook(reserialised, headers, key), 'does not match', key)
    for (const wrong of [keys.parent, `${key}x`, key.slice(1)]) {
      refused(() => verifyWebhook(body, headers, wrong), 'does not match', wrong)
    }
    const later = new Date(Date.parse(event.timestamp) + 3_600_000)
    refused(() => verifyWebhook(body, headers, key, { maxAgeMs: 300_000, now: later }), 'too old', key)

    const { 'x-vobiz-signature': _, ...without } = headers
    refused(() => verifyWebhook(body, without, key), 'no X-Vobiz-Signature', key)
    for (const [value, expected] of [
      ['', 'empty'],
      [signature.slice(7), 'not a sha256'],
      [`sha1=${signature.slice(7)}`, 'not a sha256'],
      [`sha256=${'z'.repeat(64)}`, 'not hex'],
      [signature.slice(0, 39), 'not 64'],
    ]) {
      refused(() => verifyWebhook(body, { ...without, 'x-vobiz-signature': value }, key), expected, key)
    }

    assert.throws(() => verifyWebhook(body, headers, ''), (e) => e instanceof ValidationError && e.field === 'secret')
    assert.throws(
      () => verifyWebhook(body, headers, key, { maxAgeMs: -1 }),
      (e) => e instanceof ValidationError && e.field === 'max_age_ms',
    )
    assert.throws(() => verifyWebhook(body, headers, 42), TypeError)
    assert.throws(() => verifyWebhook({ event: 'kyc.completed' }, headers, key), TypeError)
    assert.throws(() => verifyWebhook(body, headers, key, { now: '2026-01-01' }), TypeError)
  })

  it('verifies sub-account sessions with the parent token', async () => {
    const parent = new Account(sb.parentCredentials, { baseUrl: sb.url })
    const created = await parent.subAccounts.create({ name: 'Hooked Retail', email: 'sub@acme.in', kycMode: 'customer_use' })
    const subId = created.subAccount.authId
    const session = await parent.subAccount(subId).kyc.createSession({
      customerEmail: 'sub@acme.in', webhookUrl: hook.url, metadata: { tier: 'gold' },
    })
    await hook.wait(1)
    sb.completeSubAccountKyc(subId)
    const [first, second] = await hook.wait(2)

    const initiated = verifyWebhook(first.body, first.headers, keys.parent, { maxAgeMs: 60_000 })
    const completed = verifyWebhook(second.body, second.headers, keys.parent, { maxAgeMs: 60_000 })
    assert.deepEqual([initiated.event, initiated.status], ['kyc.initiated', 'email_sent'])
    assert.deepEqual([completed.event, completed.status], ['kyc.completed', 'kyc_completed'])
    for (const event of [initiated, completed]) {
      assert.equal(event.source, 'sub_account')
      assert.equal(event.sessionId, session.sessionId)
      assert.equal(event.accountAuthId, subId)
      assert.equal(event.customerEmail, 'sub@acme.in')
      assert.deepEqual(event.metadata, { tier: 'gold' })
      assert.ok(event.createdAt && event.updatedAt)
      assert.equal(event.extra.session_status, undefined)
    }
    refused(() => verifyWebhook(second.body, second.headers, keys.partner), 'does not match', keys.partner)
  })

  it('refuses an event sent on a sandbox clock an hour behind when an age limit is set', async () => {
    sb.advanceClock(-3600)
    const { headers, body } = await partnerDelivery()
    assert.equal(verifyWebhook(body, headers, keys.partner).event, 'kyc.completed')
    refused(() => verifyWebhook(body, headers, keys.partner, { maxAgeMs: 300_000 }), 'too old', keys.partner)
  })
})
