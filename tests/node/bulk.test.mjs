// Bulk onboarding through the Node client: a row per input, failures per row, and a re-run
// (or a lost answer) never creating anyone twice.

import assert from 'node:assert/strict'
import util from 'node:util'
import { after, before, describe, it } from 'node:test'

import { Partner, Sandbox, Secret, ValidationError } from '../../bindings-node/index.js'
import { SETTLE_WINDOW_MS } from './helpers/sandbox.mjs'

const people = (n) =>
  Array.from({ length: n }, (_, i) => ({ name: `Person ${i}`, email: `n${i}@acme.in`, password: 'Str0ng!pass', country: 'IN' }))

describe('partner.customers.onboardMany', () => {
  let sb
  before(async () => {
    sb = await Sandbox.start({ seed: 58 })
  })
  after(async () => {
    await sb.stop()
  })

  it('gives a row per input and is safe to run again', async () => {
    const partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url, settleWindowMs: SETTLE_WINDOW_MS })
    const rows = [...people(5), { name: 'Bad', email: 'nope', password: 'Str0ng!pass', country: 'IN' }]
    sb.addFault({ path: '/api/v1/partner/accounts', method: 'POST', resetAfter: true, count: 1 })
    const result = await partner.customers.onboardMany(rows, { concurrency: 2, requestsPerSecond: 0 })
    assert.deepEqual(result.map((r) => r.index), [0, 1, 2, 3, 4, 5])
    assert.equal(result.filter((r) => r.outcome === 'created').length, 4)
    assert.equal(result.filter((r) => r.outcome === 'existing').length, 1, 'the lost answer was found')
    assert.equal(result[5].outcome, 'failed')
    assert.equal(result[5].errorKind, 'VALIDATION')
    const created = result.find((r) => r.outcome === 'created')
    assert.ok(created.authToken instanceof Secret)
    assert.ok(!util.inspect(result).includes(created.authToken.reveal()))

    const again = await partner.customers.onboardMany(rows)
    assert.deepEqual(again.slice(0, 5).map((r) => r.outcome), Array(5).fill('existing'))
    const all = await partner.customers.list().toArray()
    assert.equal(all.length, 5)

    await assert.rejects(
      partner.customers.onboardMany([{ name: 'X', emial: 'x@acme.in' }]),
      (e) => e instanceof ValidationError && e.field.includes('emial'),
    )
  })
})
