// Quickstart for the Node package: runs without a Vobiz account or network.
//
//     npm install                    # from a clone: installs the tools and builds the addon
//     node examples/quickstart.mjs
//
// Starts the embedded sandbox; as a partner creates a customer, funds it exactly and walks
// its ledger; as the parent account buys a number, creates a sub-account, passes its KYC in
// test mode, assigns the number and meets the 15-day unassign cool-off as a typed error.

import { Sandbox, Partner, Account, AccountCredentials, NotFoundError, CoolOffError } from 'vobiz-partner'

const sb = await Sandbox.start({ seed: 1 })
console.log(`sandbox at ${sb.url}`)
try {
  // Partner credentials (PA_…): customers, balances, ledgers.
  const partner = new Partner(sb.partnerCredentials, { baseUrl: sb.url })
  const me = await partner.me()
  console.log(`partner ${me.authId}: balance ${me.balance}`)

  const customer = await partner.customers.create({
    name: 'Asha Rao', email: 'asha@acme.in', password: 'Str0ng!pass', phone: '+919876543210', country: 'IN',
  })
  console.log('created:', customer) // the once-shown authToken prints as <redacted>

  for (const amount of ['100.10', '0.20']) {
    await partner.customers.transferBalance(customer.authId, amount, { currency: 'INR' })
  }
  const balance = await partner.customers.balance(customer.authId)
  console.log(`customer wallet: ${balance.cashCredits} (an exact string)`)
  for await (const row of partner.customers.transactions(customer.authId)) {
    console.log(`  ledger: ${row.type} ${row.amount}`)
  }
  try {
    await partner.customers.get('MA_NOSUCH00')
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e
    console.log(`typed error: ${e.name} status=${e.status}`)
  }

  // The customer's own credentials (shown once, at creation) for its runtime routes.
  const own = partner.customerClient(new AccountCredentials(customer.authId, customer.authToken.reveal()))
  console.log(`customer's own view of its wallet: ${(await own.balance()).cashCredits}`)

  // The parent account (MA_…): numbers and sub-accounts.
  const parent = new Account(sb.parentCredentials, { baseUrl: sb.url })
  const [number] = await parent.numbers.inventory({ country: 'IN' }, { maxItems: 1 }).toArray()
  await parent.numbers.purchase(number.e164)
  console.log(`bought ${number.e164}`)

  const created = await parent.subAccounts.create({
    name: 'Acme Retail', email: 'ops@acme-retail.in', kycMode: 'customer_use', businessType: 'private_limited',
  })
  const sub = parent.subAccount(created.authCredentials.authId)
  await sub.kycTest.verifyPan('TESTSUCCESS0001')
  await sub.kycTest.verifyGst('TESTSUCCESS0001')
  const kyc = await sub.kyc.status()
  console.log(`sub-account ${sub.id}: kyc ${kyc.overallStatus}, calls blocked: ${kyc.kycCallsBlocked}`)

  await parent.numbers.assignToSubAccount(number.e164, sub.id)
  sb.simulateCall({ e164: number.e164, durationSeconds: 30 })
  sb.advanceClock(300)
  try {
    await parent.numbers.unassignFromSubAccount(number.e164)
  } catch (e) {
    if (!(e instanceof CoolOffError)) throw e
    console.log(`cool-off until ${e.coolOffUntil.toISOString()}`)
  }
  sb.advanceClock(15 * 24 * 3600)
  await parent.numbers.unassignFromSubAccount(number.e164)
  console.log('unassigned after the cool-off')
} finally {
  await sb.stop()
}
