// The ops reports through the Node client on a world with known answers (numbers' renewal
// dates, routing and Aadhaar flags set through the sandbox).

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { AccountCredentials, Partner, Sandbox, ValidationError } from '../../bindings-node/index.js'

const DAY = 24 * 3600 * 1000

describe('partner.reports', () => {
  let sb
  before(async () => {
    sb = await Sandbox.start({ seed: 56 })
  })
  after(async () => {
    await sb.stop()
  })

  it('finds the renewals at risk, unrouted and Aadhaar-restricted numbers, and invoices', async () => {
    const partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url })
    const created = await partner.customers.create({
      name: 'Ravi', email: 'ravi@acme.in', password: 'Str0ng!pass', country: 'IN',
    })
    const own = partner.customerClient(new AccountCredentials(created.authId, created.authToken.reveal()))
    const [first, second] = await own.numbers.inventory({ country: 'IN' }, { maxItems: 2 }).toArray()
    // Whole rupees in the sandbox's inventory: exact as numbers here.
    const fee = (n) => Number(n.monthlyFee)
    const cost = Number(first.setupFee) + fee(first) + Number(second.setupFee) + fee(second)
    await partner.customers.transferBalance(created.authId, String(cost + fee(first)), { currency: 'INR' })
    await own.numbers.purchase(first.e164)
    await own.numbers.purchase(second.e164)

    const now = sb.now()
    sb.setNumber(first.e164, { nextBillingDate: new Date(now.getTime() + 2 * DAY), applicationId: 'app-1' })
    sb.setNumber(second.e164, { nextBillingDate: new Date(now.getTime() + 6 * DAY), aadhaarVerificationRequired: true })

    const risks = await partner.reports.renewalsAtRisk({ withinDays: 14, asOf: now })
    assert.deepEqual(risks.map((r) => r.e164), [second.e164])
    assert.equal(Number(risks[0].shortfall), fee(second))
    assert.equal(typeof risks[0].shortfall, 'string')
    assert.deepEqual(await partner.reports.renewalsAtRisk({ withinDays: 1, asOf: now }), [])

    assert.deepEqual((await partner.reports.unroutedNumbers()).map((n) => n.e164), [second.e164])
    assert.deepEqual((await partner.reports.aadhaarRestrictedNumbers()).map((n) => n.e164), [second.e164])

    const invoice = await partner.reports.invoice(created.authId, {
      from: new Date(now.getTime() - DAY),
      to: new Date(now.getTime() + DAY),
    })
    assert.equal(Number(invoice.total), cost)
    assert.equal(Number(invoice.setupTotal), Number(first.setupFee) + Number(second.setupFee))
    assert.ok(invoice.lines.every((l) => ['setup', 'monthly', 'usage'].includes(l.kind)))

    await assert.rejects(
      partner.reports.invoice(created.authId, { from: '2026-11-02', to: '2026-11-01' }),
      (e) => e instanceof ValidationError && e.field === 'to',
    )
  })
})
