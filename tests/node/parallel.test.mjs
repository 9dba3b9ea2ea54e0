// 1,000 calls in flight at once through one client: every promise resolves, each with its
// own answer (no mix-ups between concurrent requests), on the addon's one tokio runtime.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { AccountCredentials, NotFoundError, Partner, Sandbox } from 'vobiz-partner'

const PASSWORD = 'Str0ng!pass'

describe('1,000 parallel calls', () => {
  let sb
  let partner
  const customers = []

  before(async () => {
    sb = await Sandbox.start()
    partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url })
    for (let i = 0; i < 10; i++) {
      const created = await partner.customers.create({
        name: `Parallel ${i}`,
        email: `parallel${i}@acme.in`,
        password: PASSWORD,
        country: 'IN',
      })
      customers.push(created)
    }
  })

  after(async () => {
    await sb.stop()
  })

  it('all resolve, each with its own answer', async () => {
    const calls = Array.from({ length: 1000 }, (_, i) =>
      i % 2 === 0 ? partner.me() : partner.customers.get(customers[i % customers.length].authId),
    )
    const results = await Promise.all(calls)
    assert.equal(results.length, 1000)
    results.forEach((result, i) => {
      if (i % 2 === 0) assert.equal(result.authId, partner.authId, `call ${i}`)
      else {
        const expected = customers[i % customers.length]
        assert.equal(result.authId, expected.authId, `call ${i}`)
        assert.equal(result.email, expected.email, `call ${i}`)
      }
    })
  })

  it('mixed successes and failures settle independently', async () => {
    const calls = Array.from({ length: 1000 }, (_, i) =>
      partner.customers.get(i % 10 === 0 ? `MA_MISSING${String(i).padStart(2, '0').slice(-2)}` : customers[i % customers.length].authId),
    )
    const settled = await Promise.allSettled(calls)
    settled.forEach((outcome, i) => {
      if (i % 10 === 0) {
        assert.equal(outcome.status, 'rejected', `call ${i}`)
        assert.ok(outcome.reason instanceof NotFoundError, `call ${i}: ${outcome.reason}`)
      } else {
        assert.equal(outcome.status, 'fulfilled', `call ${i}`)
        assert.equal(outcome.value.authId, customers[i % customers.length].authId)
      }
    })
  })

  it('many clients and lists at once, money exact under concurrency', async () => {
    const target = customers[0]
    const client = partner.customerClient(new AccountCredentials(target.authId, target.authToken.reveal()))
    await Promise.all(Array.from({ length: 100 }, () => partner.customers.transferBalance(target.authId, '0.01', { currency: 'INR' })))
    const [balance, own, lists] = await Promise.all([
      partner.customers.balance(target.authId),
      client.balance(),
      Promise.all(Array.from({ length: 50 }, () => partner.customers.list({}, { pageSize: 3 }).toArray())),
    ])
    assert.equal(balance.cashCredits, '1.00000')
    assert.equal(own.cashCredits, '1.00000')
    for (const list of lists) assert.equal(list.length, customers.length)
    // Concurrent reads of one list hand out each item once, in order.
    const list = partner.customers.list({}, { pageSize: 2 })
    const steps = await Promise.all(Array.from({ length: 12 }, () => list.next()))
    const items = steps.filter((s) => !s.done).map((s) => s.value.authId)
    assert.equal(items.length, customers.length)
    assert.equal(new Set(items).size, customers.length)
    assert.deepEqual(steps.slice(customers.length), [
      { done: true, value: undefined },
      { done: true, value: undefined },
    ])
  })
})
