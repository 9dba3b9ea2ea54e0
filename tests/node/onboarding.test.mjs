// The onboarding state machines through the Node client's named step operations: a
// sub-account onboarded step by step in test mode (the state is a plain JSON value that
// survives a round trip), and a partner customer that waits for KYC. Then the `onboard`
// driver over them with a FileStateStore: credentials handed over before the state naming
// the account is saved, a run interrupted by a lost answer resumed without a second account
// or number, and a customer run stopping at pending KYC and finishing after it.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, afterEach, before, beforeEach, describe, it } from 'node:test'

import {
  Account, FileStateStore, OutcomeUnknownError, Partner, Sandbox, Secret, ValidationError,
} from '../../bindings-node/index.js'
import { SETTLE_WINDOW_MS } from './helpers/sandbox.mjs'

describe('onboarding steps', () => {
  let sb, partner, parent
  before(async () => {
    sb = await Sandbox.start({ seed: 91 })
    partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url, settleWindowMs: SETTLE_WINDOW_MS })
    parent = new Account(sb.parentCredentials, { baseUrl: sb.url, settleWindowMs: SETTLE_WINDOW_MS })
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

const SUB_PLAN = {
  name: 'Acme Support', email: 'support@acme.in', businessType: 'private_limited',
  kyc: { kind: 'company', pan: 'TESTSUCCESS0001', gstin: 'TESTSUCCESS0001' }, testMode: true,
  number: { country: 'IN', region: 'Mumbai', maxMonthlyFee: '250' },
  firstCall: { to: '+919876543210', answerUrl: 'https://acme.example/answer' },
}

const CUSTOMER_PLAN = {
  customer: { name: 'Asha Rao', email: 'asha@acme.in', password: 'Str0ng!pass', phone: '+919876543210', country: 'IN' },
  funding: '500.00', currency: 'INR',
  kyc: { flow: 'email', webhookUrl: 'https://acme.example/kyc' },
  trunk: { name: 'asha-main' },
}

const fileText = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : '')

describe('onboard (the driver over the steps)', () => {
  let sb, partner, parent, dir
  beforeEach(async () => {
    sb = await Sandbox.start({ seed: 61 })
    partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url, settleWindowMs: SETTLE_WINDOW_MS })
    parent = new Account(sb.parentCredentials, { baseUrl: sb.url, settleWindowMs: SETTLE_WINDOW_MS })
    dir = mkdtempSync(join(tmpdir(), 'vobiz-onboard-'))
  })
  afterEach(async () => {
    await sb?.stop?.()
    rmSync(dir, { recursive: true, force: true })
  })

  it('onboards a sub-account, handing the credentials over before the state names it', async () => {
    const path = join(dir, 'sub.json')
    const events = []
    const vault = []
    const file = new FileStateStore(path)
    const store = {
      load: () => file.load(),
      async save(state) {
        await file.save(state)
        events.push(['saved', fileText(path)])
      },
    }
    const result = await parent.subAccounts.onboard(SUB_PLAN, {
      store,
      onCredentials: async (credentials) => {
        assert.ok(credentials.authToken instanceof Secret)
        vault.push(credentials)
        events.push(['credentials', fileText(path)])
      },
      progress: (report) => events.push(['progress', report.step]),
    })
    assert.equal(result.finished, true)
    assert.equal(result.waitingFor, null)
    assert.deepEqual(result.reports.map((r) => r.step), [
      'create_sub_account', 'kyc', 'wait_kyc', 'choose_number', 'buy_number', 'assign_number', 'check_routing', 'first_call',
    ])
    assert.equal(result.reports.at(-1).outcome, 'done', 'the credentials reached the first call of the same run')
    assert.equal(vault.length, 1)
    const subId = vault[0].authId
    assert.equal(result.state.subAccountId, subId)

    const handed = events.findIndex(([kind]) => kind === 'credentials')
    const firstNamed = events.findIndex(([kind, text]) => kind === 'saved' && text.includes(subId))
    assert.ok(handed >= 0 && firstNamed > handed, 'credentials handed before the file first held the id')
    assert.ok(!events[handed][1].includes(subId))
    assert.equal(events.filter(([kind]) => kind === 'saved').length, 8, 'saved after every step')

    const saved = JSON.parse(readFileSync(path, 'utf8'))
    assert.deepEqual(saved, JSON.parse(JSON.stringify(result.state)))
    assert.ok(!readFileSync(path, 'utf8').includes(vault[0].authToken.reveal()), 'no secret in the state')
    assert.deepEqual(readdirSync(dir), ['sub.json'], 'no temporary file left behind')
    assert.deepEqual(await file.load(), saved)

    // A finished state runs nothing more.
    const again = await parent.subAccounts.onboard(SUB_PLAN, { store: path, onCredentials: () => assert.fail('no new credentials') })
    assert.equal(again.finished, true)
    assert.deepEqual(again.reports, [])
  })

  it('resumes after a lost purchase answer: one sub-account, one number', async () => {
    const path = join(dir, 'onboarding.json')
    const vault = []
    const fileAtHandover = []
    const steps = []
    const onCredentials = (credentials) => {
      fileAtHandover.push(fileText(path))
      vault.push(credentials)
    }

    sb.addFault({ path: '*/numbers/purchase-from-inventory', method: 'POST', resetAfter: true, count: 1 })
    await assert.rejects(
      parent.subAccounts.onboard(SUB_PLAN, { store: path, onCredentials, progress: (r) => steps.push(r.step) }),
      OutcomeUnknownError,
    )
    assert.equal(vault.length, 1)
    const subId = vault[0].authId
    assert.ok(!fileAtHandover[0].includes(subId))
    const saved = JSON.parse(readFileSync(path, 'utf8'))
    assert.equal(saved.subAccountId, subId)
    assert.ok(!saved.completed.includes('buy_number'), 'the failed step is not recorded as done')

    const result = await parent.subAccounts.onboard(SUB_PLAN, {
      store: new FileStateStore(path),
      onCredentials,
      progress: (r) => steps.push(r.step),
      subAccountCredentials: vault[0],  // the token as the Secret received
    })
    assert.equal(result.finished, true)
    assert.equal(vault.length, 1, 'the sub-account was created once')
    assert.equal(steps.filter((s) => s === 'create_sub_account').length, 1)
    assert.equal(result.reports[0].step, 'buy_number', 'the second run resumed at the failed step')
    assert.deepEqual(result.reports.at(-1).step, 'first_call')
    assert.equal(result.reports.at(-1).outcome, 'done')

    const subs = await parent.subAccounts.list().toArray()
    assert.deepEqual(subs.map((s) => s.authId), [subId])
    const owned = await parent.numbers.list({ includeSubaccounts: true }).toArray()
    assert.equal(owned.length, 1, 'one number bought although the purchase answer was lost')
    assert.equal(owned[0].e164, result.state.e164)
  })

  it('stops while the customer KYC is pending and finishes after it', async () => {
    const store = new FileStateStore(join(dir, 'customer.json'))
    const handed = []
    const first = await partner.customers.onboard(CUSTOMER_PLAN, { store, onCredentials: (c) => handed.push(c) })
    assert.equal(first.finished, false)
    assert.equal(first.waitingFor, 'kyc')
    assert.deepEqual(first.reports.map((r) => r.step), ['create_customer', 'fund', 'kyc_session', 'wait_kyc'])
    assert.equal(first.reports.at(-1).outcome, 'waiting')
    assert.equal(handed.length, 1)
    assert.deepEqual(await store.load(), JSON.parse(JSON.stringify(first.state)))

    // Still pending: one more step, still waiting.
    const still = await partner.customers.onboard(CUSTOMER_PLAN, { store, onCredentials: (c) => handed.push(c) })
    assert.deepEqual(still.reports.map((r) => [r.step, r.outcome]), [['wait_kyc', 'waiting']])

    sb.completeKycSession(first.state.kycSessionId)
    const reports = []
    const done = await partner.customers.onboard(CUSTOMER_PLAN, {
      store,
      onCredentials: (c) => handed.push(c),
      progress: (r) => reports.push(r),
      customerCredentials: { authId: handed[0].authId, authToken: handed[0].authToken.reveal() },
    })
    assert.equal(done.finished, true)
    assert.equal(done.waitingFor, null)
    assert.deepEqual(done.reports, reports)
    assert.deepEqual(done.reports.map((r) => [r.step, r.outcome]), [['wait_kyc', 'done'], ['trunk', 'done'], ['monitor_cdrs', 'done']])
    assert.ok(done.state.trunkId)
    assert.equal(handed.length, 1)
    const customers = await partner.customers.list().toArray()
    assert.equal(customers.length, 1)
    const balance = await partner.customers.balance(first.state.customerAuthId)
    assert.equal(balance.cashCredits, '500.00000', 'funded exactly once')
  })

  it('refuses a bad store or callback before any step, and reports a bad state file', async () => {
    await assert.rejects(parent.subAccounts.onboard(SUB_PLAN, { store: 42, onCredentials: () => {} }), TypeError)
    await assert.rejects(parent.subAccounts.onboard(SUB_PLAN, { store: join(dir, 'x.json') }), TypeError)
    assert.equal(existsSync(join(dir, 'x.json')), false)
    assert.deepEqual(await parent.subAccounts.list().toArray(), [])

    assert.equal(await new FileStateStore(join(dir, 'missing.json')).load(), null)
    const broken = join(dir, 'broken.json')
    await new FileStateStore(broken).save({ kind: 'customer', version: 1, completed: [] })
    await assert.rejects(
      parent.subAccounts.onboard(SUB_PLAN, { store: broken, onCredentials: () => {} }),
      (e) => e instanceof ValidationError && e.field === 'state',
    )
    await assert.rejects(new FileStateStore(join(dir, 'no', 'such', 'dir.json')).save({}), (e) => e instanceof ValidationError && e.field === 'path')
  })
})

// The core's one driver with the caller's code failing: decided once, in the core.
describe('onboard when the caller\'s code fails', () => {
  let sb, parent, dir
  beforeEach(async () => {
    sb = await Sandbox.start({ seed: 62 })
    parent = new Account(sb.parentCredentials, { baseUrl: sb.url, settleWindowMs: SETTLE_WINDOW_MS })
    dir = mkdtempSync(join(tmpdir(), 'vobiz-onboard-fail-'))
  })
  afterEach(async () => {
    await sb?.stop?.()
    rmSync(dir, { recursive: true, force: true })
  })

  class VaultDown extends Error {}

  for (const kind of ['throws', 'rejects']) {
    it(`saves the new id, never the secret, then rejects with the very error when onCredentials ${kind}`, async () => {
      const path = join(dir, `vault-${kind}.json`)
      const boom = new VaultDown('the vault is down')
      const seen = []
      const onCredentials = kind === 'throws'
        ? (credentials) => { seen.push(credentials); throw boom }
        : async (credentials) => { await new Promise((resolve) => setImmediate(resolve)); seen.push(credentials); throw boom }
      await assert.rejects(parent.subAccounts.onboard(SUB_PLAN, { store: path, onCredentials }), (error) => {
        assert.strictEqual(error, boom, 'the caller\'s own error object, unchanged')
        return true
      })
      assert.equal(seen.length, 1)
      assert.ok(seen[0].authToken instanceof Secret)
      const text = readFileSync(path, 'utf8')
      const saved = JSON.parse(text)
      assert.equal(saved.subAccountId, seen[0].authId, 'the state with the new id is saved')
      assert.deepEqual(saved.completed, ['create_sub_account'])
      assert.ok(!text.includes(seen[0].authToken.reveal()), 'never the secret')

      // A re-run resumes after the create step: no second account.
      const handed = []
      const result = await parent.subAccounts.onboard(SUB_PLAN, {
        store: new FileStateStore(path),
        onCredentials: (c) => handed.push(c),
        subAccountCredentials: seen[0],
      })
      assert.equal(result.finished, true)
      assert.equal(result.reports[0].step, 'kyc')
      assert.equal(result.reports.at(-1).outcome, 'done')
      assert.deepEqual(handed, [])
      const subs = await parent.subAccounts.list().toArray()
      assert.deepEqual(subs.map((s) => s.authId), [seen[0].authId])
    })
  }

  it('rejects with a thrown non-Error value as it is', async () => {
    const thrown = { reason: 'not an Error' }
    await assert.rejects(
      parent.subAccounts.onboard(SUB_PLAN, { store: join(dir, 'odd.json'), onCredentials: () => { throw thrown } }),
      (error) => error === thrown,
    )
    assert.equal(JSON.parse(readFileSync(join(dir, 'odd.json'), 'utf8')).completed[0], 'create_sub_account')
  })

  it('awaits async stores and callbacks; a failing save or progress rejects with its own error', async () => {
    const memory = (failSaveFrom = 0) => {
      const store = {
        state: null,
        saves: [],
        async load() {
          await new Promise((resolve) => setImmediate(resolve))
          return store.state
        },
        save(state) {
          return new Promise((resolve, reject) => setImmediate(() => {
            if (failSaveFrom && store.saves.length + 1 >= failSaveFrom) return reject(new RangeError('read-only'))
            store.saves.push(JSON.parse(JSON.stringify(state)))
            store.state = state
            resolve()
          }))
        },
      }
      return store
    }
    const broken = memory(2)
    await assert.rejects(parent.subAccounts.onboard(SUB_PLAN, { store: broken, onCredentials: async () => {} }), RangeError)
    assert.deepEqual(broken.saves.map((s) => s.completed), [['create_sub_account']])

    const stop = new TypeError('enough')
    const steps = []
    const resumed = memory()
    resumed.state = broken.state
    await assert.rejects(
      parent.subAccounts.onboard(SUB_PLAN, {
        store: resumed,
        onCredentials: () => {},
        progress: async (report) => {
          steps.push(report.step)
          if (report.step === 'wait_kyc') throw stop
        },
      }),
      (error) => error === stop,
    )
    assert.deepEqual(steps, ['kyc', 'wait_kyc'])
    assert.deepEqual(resumed.state.completed, ['create_sub_account', 'kyc', 'wait_kyc'], 'saved before progress saw the step')
  })
})
