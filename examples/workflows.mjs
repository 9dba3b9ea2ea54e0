// vobiz-partner workflows in Node on the sandbox: bulk onboarding, a safe transfer whose
// answer is lost (found in the ledger, not sent twice), the unassign cool-off as an outcome,
// a release plan, the weekly ops reports, and a partner customer's resumable onboarding
// that stops while KYC is pending and finishes on the next run.
//
//     node examples/workflows.mjs

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Account, AccountCredentials, FileStateStore, Partner, Sandbox } from 'vobiz-partner'

const DAY = 24 * 3600 * 1000
const sb = await Sandbox.start({ seed: 3 })
try {
  const partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url })
  const people = ['Asha', 'Ravi', 'Meera'].map((name) => ({
    name, email: `${name.toLowerCase()}@acme.in`, password: 'Str0ng!pass', country: 'IN',
  }))
  const rows = await partner.customers.onboardMany(people, { concurrency: 2, requestsPerSecond: 10 })
  for (const row of rows) console.log(`${row.email}: ${row.outcome} ${row.authId}`)
  const again = await partner.customers.onboardMany(people)
  console.log('second run:', [...new Set(again.map((r) => r.outcome))])

  // One customer buys a number that renews in five days with 50 rupees left in its wallet.
  const [first] = rows
  const own = partner.customerClient(new AccountCredentials(first.authId, first.authToken.reveal()))
  const [offer] = await own.numbers.inventory({ country: 'IN' }, { maxItems: 1 }).toArray()
  const price = Number(offer.setupFee) + Number(offer.monthlyFee) + 50
  await partner.customers.transferBalance(first.authId, String(price), { currency: 'INR' })
  await own.numbers.purchase(offer.e164)
  const now = sb.now()
  sb.setNumber(offer.e164, { nextBillingDate: new Date(now.getTime() + 5 * DAY) })

  sb.addFault({ path: '*/transfer-balance', method: 'POST', resetAfter: true, count: 1 })
  const safe = await partner.customers.transferBalanceSafely(first.authId, '25.00', { currency: 'INR' })
  console.log(`safe transfer ${safe.reference}: ${safe.outcome} after ${safe.attempts} attempt(s)`)

  const parent = new Account(sb.parentCredentials, { baseUrl: sb.url })
  const sub = await parent.subAccounts.create({ name: 'Acme Support', kycMode: 'personal_use' })
  const [did] = await parent.numbers.inventory({ country: 'IN' }, { maxItems: 1 }).toArray()
  await parent.numbers.purchase(did.e164)
  await parent.numbers.assignToSubAccount(did.e164, sub.authCredentials.authId)
  sb.simulateCall({ e164: did.e164, durationSeconds: 20 })
  sb.advanceClock(120)
  const outcome = await parent.numbers.unassignOrCoolOff(did.e164)
  console.log(`unassign ${did.e164}: ${outcome.status} until ${outcome.coolOffUntil}`)
  const plan = await parent.numbers.releasePlan([did.e164])
  for (const item of plan.items) console.log(`release plan: ${item.e164} ${item.state} steps=${item.steps}`)

  for (const risk of await partner.reports.renewalsAtRisk({ withinDays: 14, asOf: now })) {
    console.log(`renewal at risk: ${risk.e164} on ${risk.nextBillingDate}, short ${risk.shortfall}`)
  }
  console.log('unrouted:', (await partner.reports.unroutedNumbers()).map((n) => n.e164))
  const invoice = await partner.reports.invoice(first.authId, { from: now, to: now })
  for (const line of invoice.lines) console.log(`  ${line.kind.padEnd(8)} ${line.description.padEnd(32)} ${line.amount}`)
  console.log(`  total ${invoice.total} ${invoice.currency}`)

  // A partner customer onboarded from a plan: create → fund → KYC session → (wait) → trunk → CDRs.
  const dir = mkdtempSync(join(tmpdir(), 'vobiz-onboarding-'))
  try {
    const store = new FileStateStore(join(dir, 'kavya.json'))
    const vault = new Map()
    const plan = {
      customer: { name: 'Kavya Iyer', email: 'kavya@acme.in', password: 'Str0ng!pass', phone: '+919876543210', country: 'IN' },
      funding: '300.00',
      currency: 'INR',
      kyc: { flow: 'email', webhookUrl: 'https://hooks.acme.in/kyc' },
      trunk: { name: 'kavya-main' },
    }
    const options = {
      store,
      onCredentials: (creds) => vault.set(creds.authId, creds.authToken), // a real vault in production
      progress: (step) => console.log(`  onboarding: ${step.step} ${step.outcome}`),
    }
    const first = await partner.customers.onboard(plan, options)
    console.log(`stopped, waiting for ${first.waitingFor}`)
    sb.completeKycSession(first.state.kycSessionId)
    const [[authId, authToken]] = vault
    const done = await partner.customers.onboard(plan, { ...options, customerCredentials: { authId, authToken } })
    console.log(`onboarded ${done.state.customerAuthId}: finished=${done.finished}, trunk ${done.state.trunkId}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
} finally {
  await sb.stop()
}
