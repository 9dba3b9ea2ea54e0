// The onboarding state machines through the Node client's named step operations: a
// sub-account onboarded step by step in test mode (the state is a plain JSON value that
// survives a round trip), and a partner customer that waits for KYC.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { Account, Partner, Sandbox } from '../../bindings-node/index.js'

describe('onboarding steps', () => {
  let sb, partner, parent
  before(async () => {
    sb = await Sandbox.start({ seed: 91 })
    partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url })
    parent = new Account(sb.parentCredentials, { baseUrl: sb.url })
  })
  after(async () => { await sb?.stop?.() })

  it('onboards a sub-account one step at a time', async () => {
    const plan = {
      name: 'Node Support', email: 'node-support@acme.in', businessType: 'private_limited',
      kyc: { kind: 'company', pan: 'TESTSUCCESS0001', gstin: 'TESTSUCCESS0001' }, testMode: true,
      number: { country: 'IN', region: 'Mumbai', maxMonthlyFee: '250' },
    }
    let state = null
    const steps = []
    let credentials
    for (let i = 0; i < 12 && !(state?.finished); i++) {
      const { state: next, report } = await parent.subAccounts.onboardingStep(plan, state)
      if (report.credentials) credentials = report.credentials
      steps.push([report.step, report.outcome])
      state = JSON.parse(JSON.stringify(next))
    }
    assert.ok(state.finished)
    assert.equal(steps[0][0], 'create_sub_account')
    assert.deepEqual(steps.at(-1), ['first_call', 'skipped'])
    assert.equal(credentials.authId, state.subAccountId)
    assert.ok(!JSON.stringify(state).includes('auth_token') && !JSON.stringify(state).includes('authToken'))
    assert.match(state.e164, /^\+9122/)
  })

  it('waits for the customer KYC', async () => {
    const plan = {
      customer: { name: 'Node Cust', email: 'node-cust@acme.in', password: 'Str0ng!pass', country: 'IN' },
      funding: '100', currency: 'INR',
    }
    let state = null
    let report
    for (let i = 0; i < 5; i++) {
      ({ state, report } = await partner.customers.onboardingStep(plan, state))
      if (report.outcome === 'waiting') break
    }
    assert.equal(report.step, 'wait_kyc')
    assert.equal(state.waitingFor, 'kyc')
    assert.deepEqual(state.completed, ['create_customer', 'fund', 'kyc_session'])
  })
})
