// Money and number workflows through the Node client: safe balance transfers under
// injected faults land in the ledger exactly once, and the DID cool-off is an outcome with
// its end, crossed by clock travel, with a release plan that changes nothing until executed.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { Account, OutcomeUnknownError, Partner, Sandbox, ValidationError } from '../../bindings-node/index.js'
import { SETTLE_WINDOW_MS } from './helpers/sandbox.mjs'

const TAG = /\[ref:([A-Za-z0-9._-]+)\]/

/** Exact cents of a decimal string, as a BigInt. */
const cents = (text) => {
  const [whole, fraction = ''] = String(text).split('.')
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2))
}

async function newCustomer(partner, n) {
  const created = await partner.customers.create({ name: `Customer ${n}`, email: `node-safe${n}@acme.in`, password: 'Str0ng!pass', country: 'IN' })
  return created.authId
}

async function ledgerTags(partner, customer) {
  const counts = new Map()
  for await (const row of partner.customers.transactions(customer, { transactionType: 'transfer' })) {
    const match = TAG.exec(row.description ?? '')
    if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1)
  }
  return counts
}

/** A safe transfer, run again with its reference while unsettled, as a caller would. */
async function settle(partner, customer, amount, reference) {
  for (let run = 0; run < 5; run++) {
    try {
      return await partner.customers.transferBalanceSafely(customer, amount, { currency: 'INR', description: 'load', reference })
    } catch (e) {
      if (!(e instanceof OutcomeUnknownError)) throw e
      assert.ok(e.message.includes(reference), e.message)
    }
  }
  throw new Error(`${reference} never settled`)
}

/** Runs `jobs` (functions returning promises) with at most `limit` in flight; results in order. */
async function bounded(jobs, limit) {
  const results = new Array(jobs.length)
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) {
        const i = next++
        results[i] = await jobs[i]()
      }
    }),
  )
  return results
}

describe('partner.customers.transferBalanceSafely', () => {
  let sb
  let partner
  before(async () => {
    sb = await Sandbox.start({ seed: 72 })
    partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url, settleWindowMs: SETTLE_WINDOW_MS })
  })
  after(async () => {
    await sb.stop()
  })

  it('reconciles a lost answer, retries a dropped request once, and never repeats a reference', async () => {
    const customer = await newCustomer(partner, 1)
    sb.addFault({ path: '*/transfer-balance', method: 'POST', resetAfter: true, count: 1 })
    const done = await partner.customers.transferBalanceSafely(customer, '125.50', { currency: 'INR', description: 'April' })
    assert.equal(done.outcome, 'reconciled')
    assert.equal(done.reconciled, true)
    assert.equal(done.attempts, 1)
    assert.match(done.reference, /^vbz-[0-9a-f]{24}$/)
    assert.equal(done.description, `April [ref:${done.reference}]`)
    assert.equal(done.ledgerRow.type, 'credit')
    assert.equal(cents(done.amount), 12550n)

    sb.addFault({ path: '*/transfer-balance', method: 'POST', resetBefore: true, count: 1 })
    const retried = await partner.customers.transferBalanceSafely(customer, 40, { currency: 'INR', reference: 'order-7' })
    assert.deepEqual([retried.outcome, retried.attempts, retried.reconciled], ['retried', 2, false])
    assert.match(retried.transactionId, /^txn_/)

    const again = await partner.customers.transferBalanceSafely(customer, '40', { currency: 'INR', reference: 'order-7' })
    assert.deepEqual([again.outcome, again.attempts], ['already_done', 0])
    await assert.rejects(
      partner.customers.transferBalanceSafely(customer, '41', { currency: 'INR', reference: 'order-7' }),
      (e) => e instanceof ValidationError && e.field === 'reference',
    )

    sb.addFault({ path: '*/transfer-balance', method: 'POST', resetBefore: true, count: 2 })
    await assert.rejects(
      partner.customers.transferBalanceSafely(customer, '3', { currency: 'INR', reference: 'lost-1' }),
      (e) => e instanceof OutcomeUnknownError && e.message.includes('lost-1'),
    )
    const tags = await ledgerTags(partner, customer)
    assert.deepEqual(Object.fromEntries(tags), { [done.reference]: 1, 'order-7': 1 })
    assert.equal(cents((await partner.customers.balance(customer)).cashCredits), 16550n)
  })

  it('lands 150 transfers exactly once under 5% faults', async () => {
    const before = cents((await partner.me()).balance)
    const customers = []
    for (let n = 0; n < 4; n++) {
      const id = await newCustomer(partner, 10 + n)
      customers.push(id)
      // The first matching fault applies, so the mix is per customer.
      const kind = n % 2 === 0 ? { resetBefore: true } : { resetAfter: true }
      sb.addFault({ path: `*/accounts/${id}/transfer-balance`, method: 'POST', probability: 0.05, ...kind })
    }
    const jobs = Array.from({ length: 150 }, (_, i) => ({
      customer: customers[i % 4],
      amount: `1.${String(i % 9).padStart(2, '0')}`,
      reference: `node-${String(i).padStart(3, '0')}`,
    }))
    const results = await bounded(
      jobs.map((job) => () => settle(partner, job.customer, job.amount, job.reference)),
      16,
    )
    assert.deepEqual(
      results.map((r) => r.reference),
      jobs.map((j) => j.reference),
    )
    for (const customer of customers) {
      const mine = jobs.filter((j) => j.customer === customer)
      const tags = await ledgerTags(partner, customer)
      assert.deepEqual(Object.fromEntries(tags), Object.fromEntries(mine.map((j) => [j.reference, 1])))
      const expected = mine.reduce((sum, j) => sum + cents(j.amount), 0n)
      assert.equal(cents((await partner.customers.balance(customer)).cashCredits), expected)
    }
    const total = jobs.reduce((sum, j) => sum + cents(j.amount), 0n)
    assert.equal(before - cents((await partner.me()).balance), total)
  })
})

describe('account.numbers cool-off and release plans', () => {
  let sb
  let parent
  before(async () => {
    sb = await Sandbox.start({ seed: 73 })
    parent = new Account(sb.parentCredentials, { baseUrl: sb.url, settleWindowMs: SETTLE_WINDOW_MS })
  })
  after(async () => {
    await sb.stop()
  })

  it('reports the cool-off as an outcome, plans without changing anything, and executes', async () => {
    const dids = (await parent.numbers.inventory({}, { maxItems: 2 }).toArray()).map((n) => n.e164)
    for (const did of dids) await parent.numbers.purchase(did)
    const sub = await parent.subAccounts.create({ name: 'Acme Support', email: 'node-sub@acme.in', kycMode: 'personal_use' })
    const subId = sub.authCredentials.authId
    const [did, fresh] = dids
    for (const n of dids) await parent.numbers.assignToSubAccount(n, subId)

    const call = sb.simulateCall({ e164: did, durationSeconds: 60 })
    const ended = new Date(call.ends_at)
    sb.advanceClock(120)
    const cooling = await parent.numbers.unassignOrCoolOff(did)
    assert.equal(cooling.status, 'cooling_off')
    const until = new Date(cooling.coolOffUntil)
    assert.ok(Math.abs(until - (ended.getTime() + 15 * 86_400_000)) <= 1000, cooling.coolOffUntil)
    assert.ok(cooling.remainingSeconds > 15 * 86_400 - 122 && cooling.remainingSeconds < 15 * 86_400)
    const waited = await parent.numbers.unassignWhenFree(did, { maxWaitSeconds: 0 })
    assert.deepEqual([waited.status, waited.attempts, waited.waitedSeconds], ['cooling_off', 1, 0])

    const plan = await parent.numbers.releasePlan([did, fresh.slice(1), '+910000000001'])
    assert.deepEqual(
      plan.items.map((i) => [i.e164, i.state]),
      [
        [did, 'cooling_off'],
        [fresh, 'ready'],
        ['+910000000001', 'not_owned'],
      ],
    )
    assert.deepEqual(plan.items[0].steps, ['unassign', 'release'])
    assert.equal(plan.items[0].estimated, true)
    assert.ok(new Date(plan.items[0].coolOffUntil) >= until)
    assert.equal(plan.nextReadyAt, plan.items[0].coolOffUntil)
    assert.deepEqual([plan.ready, plan.coolingOff, plan.skipped], [1, 1, 1])

    const run = await parent.numbers.executeReleasePlan([did, fresh])
    assert.deepEqual(
      run.items.map((i) => [i.status, i.unassigned, i.released]),
      [
        ['cooling_off', false, false],
        ['released', true, true],
      ],
    )
    assert.equal(run.items[1].release.status, 'pending_release')

    sb.advanceClock(15 * 86_400 + 7200)
    const moved = await parent.numbers.executeReleasePlan([did], { unassignOnly: true })
    assert.equal(moved.items[0].status, 'unassigned')
    const free = await parent.numbers.unassignOrCoolOff(did).catch((e) => e)
    assert.ok(free instanceof Error, 'already back in the pool: nothing to unassign')

    await assert.rejects(parent.numbers.releasePlan(['nope']), (e) => e instanceof ValidationError && e.field === 'dids[0]')
  })
})
