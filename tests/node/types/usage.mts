// Type-checked (never run) by tests/node/types.test.mjs with `tsc --strict`: keeps
// bindings-node/index.d.ts honest about how the package is used, and about what it refuses.

import {
  AccountCredentials,
  ClientConfig,
  ConflictError,
  CoolOffError,
  InsufficientBalanceError,
  InternalError,
  OutcomeUnknownError,
  PartnerCredentials,
  RateLimitError,
  RedirectError,
  Response,
  ResponseTooLargeError,
  Transport,
  ValidationError,
  VobizError,
  VERSION,
  type ClientConfigOptions,
  type Credentials,
  type RequestOptions,
  type VobizErrorCode,
} from 'vobiz-partner'

const version: string = VERSION

const options: ClientConfigOptions = { baseUrl: 'https://api.vobiz.ai', timeoutMs: 10_000, maxRetries: 1 }
const config = new ClientConfig(options)
const fromEnv: ClientConfig = ClientConfig.fromEnv({ connectTimeoutMs: 500 })
const shown: { baseUrl: string; userAgent: string } = config.toJSON()
const numbers: number[] = [config.timeoutMs, config.connectTimeoutMs, config.maxRetries]
const texts: string[] = [config.baseUrl, config.userAgent, fromEnv.baseUrl, shown.baseUrl, version]
// @ts-expect-error the configuration is read-only
config.baseUrl = 'https://elsewhere.example'
// @ts-expect-error options are typed
new ClientConfig({ timeoutMs: '100' })

const partner = new PartnerCredentials('PA_ABC12345', 'token')
const account: AccountCredentials = AccountCredentials.fromEnv()
const main: boolean = account.isMainAccount
const redacted: '<redacted>' = partner.toJSON().authToken
// @ts-expect-error there is no token getter
partner.authToken
// @ts-expect-error the scopes are not interchangeable
const notAPartner: PartnerCredentials = account
// @ts-expect-error nor the other way round
const notAnAccount: AccountCredentials = partner

const either: Credentials[] = [partner, account]
const transport = new Transport(config)
const transport2 = new Transport({ baseUrl: 'http://127.0.0.1:8080' })
const transport3 = new Transport()
const sameConfig: ClientConfig = transport.config

async function requests(): Promise<void> {
  const response: Response = await transport.request(partner, 'GET', '/api/v1/partner/me')
  const status: number = response.status
  const requestId: string | null = response.requestId
  const contentType: string | undefined = response.headers['content-type']
  const text: string = response.text
  const bytes: Uint8Array = response.body
  const me = response.json<{ auth_id: string; balance: string }>()
  const authId: string = me.auth_id
  const anything: unknown = response.json()

  const request: RequestOptions = {
    query: { limit: 20, status: ['a', 'b'], skip: undefined, on: true },
    json: { amount: '500.00', currency: 'INR' },
    timeoutMs: 2000,
    maxRetries: 0,
  }
  await transport2.request(account, 'post', '/api/v1/Account/MA_X/Call/', request)
  await transport3.request(account, 'DELETE', '/api/v1/x', { query: [['a', '1']] })
  await transport3.request(account, 'PATCH', '/api/v1/x', { query: new Map([['a', 2]]) })
  // @ts-expect-error only the API's methods
  await transport.request(partner, 'TRACE', '/api/v1/partner/me')
  // @ts-expect-error credentials are the package's classes, not plain objects
  await transport.request({ authId: 'PA_X' }, 'GET', '/api/v1/partner/me')
  // @ts-expect-error responses are made by the transport
  new Response()
  void [status, requestId, contentType, text, bytes, authId, anything]
}

function handle(e: unknown): string {
  if (e instanceof CoolOffError) {
    const until: Date | null = e.coolOffUntil
    const remaining: number | null = e.remainingSeconds
    const code: 'COOL_OFF' = e.code
    return `${until?.toISOString()} ${remaining} ${code} ${e.coolOffUntilText}`
  }
  if (e instanceof ConflictError) {
    const code: 'CONFLICT' | 'COOL_OFF' = e.code
    return code
  }
  if (e instanceof ValidationError) {
    const field: string | null = e.field
    return `${field}: ${e.reason}`
  }
  if (e instanceof RateLimitError) return String(e.retryAfter ?? 0)
  if (e instanceof InsufficientBalanceError) {
    const amounts: Array<string | null> = [e.currentBalance, e.requestedAmount, e.currency]
    return amounts.join(' ')
  }
  if (e instanceof RedirectError) {
    const code: 'REDIRECT' = e.code
    const location: string | null = e.location
    const asOutcomeUnknown: OutcomeUnknownError = e
    return `${code} ${e.status} ${location} ${e.attempts} ${asOutcomeUnknown.outcomeUnknown}`
  }
  if (e instanceof OutcomeUnknownError) return `${e.attempts} ${e.method} ${e.path}`
  if (e instanceof ResponseTooLargeError) {
    const limit: number | null = e.limitBytes
    const code: 'RESPONSE_TOO_LARGE' = e.code
    return `${code} ${limit}`
  }
  if (e instanceof InternalError) {
    const code: 'INTERNAL' = e.code
    const unknownOutcome: boolean = e.outcomeUnknown
    return `${code} ${unknownOutcome}`
  }
  if (e instanceof VobizError) {
    const code: VobizErrorCode = e.code
    const status: number | null = e.status
    const details: Array<string | null> = [e.apiCode, e.apiMessage, e.requestId, e.body, e.method, e.path]
    // @ts-expect-error errors are read-only
    e.status = 500
    return `${code} ${status} ${details.join(' ')} ${e.message} ${e.name}`
  }
  return String(e)
}

const handMade = new ValidationError('invalid amount: must be > 0', { field: 'amount', reason: 'must be > 0' })
const asBase: VobizError = handMade
const asError: Error = asBase

void [fromEnv, numbers, texts, main, redacted, notAPartner, notAnAccount, either, sameConfig, requests, handle, asError]

// Optional options may be given as undefined (exactOptionalPropertyTypes users included).
const maybe: number | undefined = Math.random() > 2 ? 1 : undefined
new ClientConfig({ baseUrl: undefined, timeoutMs: maybe })
void transport.request(partner, 'GET', '/api/v1/x', { maxRetries: maybe, query: undefined })

// ---------------------------------------------------------------------------------------
// Sandbox
// ---------------------------------------------------------------------------------------

import {
  Sandbox,
  type FaultSpec,
  type KycStep,
  type SandboxErrorCode,
  type SandboxSeeded,
  type SandboxStartOptions,
  type SimulatedCall,
  type SimulatedCallResult,
} from 'vobiz-partner'

async function sandboxUsage(): Promise<void> {
  const startOptions: SandboxStartOptions = { port: 0, seed: 1, stateFile: '/tmp/world.json' }
  const sb: Sandbox = await Sandbox.start(startOptions)
  const sb2 = await Sandbox.start()
  const url: string = sb.url
  const seed: number = sb.seed
  const running: boolean = sb.running
  const partnerCreds: PartnerCredentials = sb.partnerCredentials
  const parentCreds: AccountCredentials = sb.parentCredentials
  const login: string[] = [sb.partnerEmail, sb.partnerPassword]
  const seeded: SandboxSeeded = sb.seeded
  const balance: string = seeded.partnerBalance
  const shownSandbox: { url: string; seed: number } = sb.toJSON()
  // @ts-expect-error made by Sandbox.start() only
  new Sandbox()
  // @ts-expect-error the sandbox's properties are read-only
  sb.url = 'http://elsewhere'
  // @ts-expect-error options are typed
  await Sandbox.start({ port: '8080' })

  const sandboxTransport = new Transport({ baseUrl: sb.url })
  await sandboxTransport.request(sb.partnerCredentials, 'GET', '/api/v1/partner/me')

  const times: Date[] = [sb.now(), sb.advanceClock(3600), sb.setClock(new Date('2031-01-01T00:00:00Z'))]
  // @ts-expect-error setClock takes a Date
  sb.setClock('2031-01-01')

  const step: KycStep = 'complete'
  const sessions: Array<Record<string, unknown>> = [
    sb.kycSessionStep('id', step, { kycType: 'company' }),
    sb.kycSessionStep('id', 'fail', { reason: 'name mismatch' }),
    sb.openKycSession('id'),
    sb.submitKycSession('id', { kycType: 'individual' }),
    sb.completeKycSession('id'),
    sb.failKycSession('id', 'blurred'),
    sb.failKycSession('id'),
    sb.completeSubAccountKyc('SA_X'),
    sb.failSubAccountKyc('SA_X'),
  ]
  // @ts-expect-error only the four steps
  sb.kycSessionStep('id', 'approve')

  const simulated: SimulatedCall = { e164: '+918012345678', direction: 'outbound', durationSeconds: 90 }
  const callResult: SimulatedCallResult = sb.simulateCall(simulated)
  const callUuid: string = callResult.call_uuid
  // @ts-expect-error inbound or outbound
  sb.simulateCall({ e164: '+918012345678', direction: 'sideways' })

  const faults: FaultSpec[] = [
    { path: '/api/v1/partner/*', status: 503, body: { error: 'maintenance' }, retryAfter: 1, count: 1 },
    { path: '/api/v1/partner/me', method: 'GET', delayMs: 500, probability: 0.5 },
    { path: '/api/v1/*', resetBefore: true },
    { path: '/api/v1/*', resetAfter: true },
    { path: '/api/v1/*', malformed: true },
    { path: '/api/v1/*', truncated: true },
  ]
  const faultIds: number[] = faults.map((f) => sb.addFault(f))
  // @ts-expect-error a fault needs a kind
  sb.addFault({ path: '/api/v1/*' })
  // @ts-expect-error a fault needs a path
  sb.addFault({ status: 500 })
  sb.clearFaults()
  sb.reset()
  sb.reset(9)

  try {
    sb.completeKycSession('nope')
  } catch (e) {
    const code = (e as { code?: SandboxErrorCode }).code
    void code
  }

  const stopped: Promise<void> = sb.stop()
  await stopped
  await sb2.stop()
  void [url, seed, running, partnerCreds, parentCreds, login, balance, shownSandbox, times, sessions, callUuid, faultIds]
}

void sandboxUsage

// ---------------------------------------------------------------------------------------
// Clients: Partner, Account, SubAccount, AutoPager, Secret and the result models
// ---------------------------------------------------------------------------------------

import {
  Account,
  AutoPager,
  Partner,
  Secret,
  SubAccount,
  type AccountBalance,
  type Amount,
  type CallFired,
  type CallRequest,
  type Cdr,
  type CdrPage,
  type ClientOptions,
  type CreatedCustomer,
  type Customer,
  type KycSession,
  type NewCustomer,
  type PagingOptions,
  type PartnerCustomers,
  type PhoneNumber,
  type ReleasePlan,
  type ReleaseStep,
  type SafeTransfer,
  type SafeTransferOutcome,
  type SubAccountCreated,
  type SubAccountObject,
  type Transaction,
  type TransferResult,
  type Trunk,
  type UnassignOutcome,
  type UnassignStatus,
} from 'vobiz-partner'

async function clientsUsage(partnerCredentials: PartnerCredentials, accountCredentials: AccountCredentials): Promise<void> {
  const clientOptions: ClientOptions = { baseUrl: 'http://127.0.0.1:8080', timeout: 5000, connectTimeout: 1000, maxRetries: 1 }
  const partner = new Partner(partnerCredentials, clientOptions)
  const partner2: Partner = Partner.fromEnv()
  const partner3 = new Partner(partnerCredentials, { config: new ClientConfig({ timeoutMs: 100 }) })
  const parent = new Account(accountCredentials, { baseUrl: undefined, timeoutMs: maybe })
  const parent2: Account = Account.fromEnv()
  // @ts-expect-error a partner client takes partner credentials
  new Partner(accountCredentials)
  // @ts-expect-error an account client takes account credentials
  new Account(partnerCredentials)
  // @ts-expect-error options are typed
  new Partner(partnerCredentials, { timeout: '5s' })
  const ids: string[] = [partner.authId, partner.baseUrl, parent.authId, parent.baseUrl, partner2.authId, parent2.authId]
  const shownClient: { authId: string; baseUrl: string } = partner3.toJSON()

  // Partner: profile and records.
  const me = await partner.me()
  const partnerBalance: string | null | undefined = me.balance
  const dashboard = await partner.dashboard()
  const analytics = await partner.analytics({ from: new Date(), to: '2026-12-31' })
  const paging: PagingOptions = { pageSize: 50, maxItems: 500, prefetch: 2 }
  for await (const t of partner.transactions({ fromDate: '2026-01-01', transactionType: 'transfer', account: 'MA_X' }, paging)) {
    const amount: string | null | undefined = t.amount
    void amount
  }
  const txPage = await partner.transactionsPage({ page: 2, perPage: 10, search: 'asha' })
  const partnerCdrs: Cdr[] = await partner.cdrs({ status: 'answered', callDirection: 'inbound', minDuration: 5 }).toArray({ limit: 10 })
  const cdrsPage: CdrPage = await partner.cdrsPage({ page: 1, startDate: new Date(), endDate: new Date() })
  const numbers: AutoPager<PhoneNumber> = partner.numbers({ search: '9180' }, { pageSize: 10 })
  const moves = await partner.capacityTransfers({ pageSize: 5 }).toArray()
  // @ts-expect-error filters are typed
  partner.cdrs({ status: 'ringing' })
  // @ts-expect-error unknown filters are refused by the types too
  partner.numbers({ serch: '9180' })

  // partner.customers
  const customers: PartnerCustomers = partner.customers
  const request: NewCustomer = { name: 'Asha Rao', email: 'asha@acme.in', password: 'Str0ng!pass', country: 'IN', phone: '+919876543210', zipCode: '411001' }
  const created: CreatedCustomer = await customers.create(request)
  const token: Secret | null | undefined = created.authToken
  const revealed: string | undefined = token?.reveal()
  const authId = created.authId ?? 'MA_X'
  // @ts-expect-error name, email, password and country are required
  await customers.create({ name: 'Asha' })
  const listed: Customer[] = await customers.list({ search: 'asha' }, { pageSize: 5 }).toArray()
  const one: Customer = await customers.get(authId)
  const wallet: string | null | undefined = (await customers.balance(authId)).cashCredits
  const amount: Amount = '500.00'
  const moved: TransferResult = await customers.transferBalance(authId, amount, { currency: 'INR', description: 'April' })
  await customers.transferBalance(authId, 0.1, { currency: 'INR' })
  // @ts-expect-error the currency is required
  await customers.transferBalance(authId, '1.00', {})
  // @ts-expect-error amounts are strings or numbers
  await customers.transferBalance(authId, 10n, { currency: 'INR' })
  const safe: SafeTransfer = await customers.transferBalanceSafely(authId, '125.50', { currency: 'INR', description: 'April', reference: 'order-42' })
  const safeOutcome: SafeTransferOutcome = safe.outcome
  const settled: boolean = safeOutcome === 'reconciled' || safeOutcome === 'already_done'
  const safeFields: [string, boolean, number, string | null | undefined] = [safe.reference, safe.reconciled, safe.attempts, safe.ledgerRow?.id]
  await customers.transferBalanceSafely(authId, 5, { currency: 'INR' })
  // @ts-expect-error the currency is required
  await customers.transferBalanceSafely(authId, '1.00', { reference: 'x' })
  void [safeOutcome, safeFields, settled]
  const ledger: Transaction[] = await customers.transactions(authId, { toDate: new Date() }).toArray()
  // @ts-expect-error `account` filters the partner-wide ledger only
  customers.transactions(authId, { account: 'MA_Y' })
  const ledgerPage = await customers.transactionsPage(authId, { page: 1, perPage: 20, transactionType: 'recharge' })
  const custCdrs = await customers.cdrs(authId, { hangupCause: 'NO_ANSWER' }).toArray()
  const custCdrPage: CdrPage = await customers.cdrsPage(authId, { perPage: 5 })
  const custCdr: Cdr = await customers.cdr(authId, 'uuid')
  const custNumbers: PhoneNumber[] = await customers.numbers(authId, { search: '91' }).toArray()
  const capacity = await customers.capacity(authId)
  const capacityMoved = await customers.transferCapacity(authId, { resource: 'concurrent_calls', slots: 10, description: 'launch' })
  await customers.reclaimCapacity(authId, { resource: 'cps', slots: 2 })
  // @ts-expect-error the resource is one of two
  await customers.transferCapacity(authId, { resource: 'minutes', slots: 1 })
  const customerAccount: Account = partner.customerClient(accountCredentials)

  // bulk onboarding
  const onboarded = await partner.customers.onboardMany(
    [{ name: 'A', email: 'a@acme.in', password: 'Str0ng!pass', country: 'IN' }],
    { concurrency: 2, requestsPerSecond: 5 },
  )
  const outcome: string | undefined = onboarded[0]?.outcome
  void outcome

  // partner.reports
  const risks = await partner.reports.renewalsAtRisk({ withinDays: 14, asOf: new Date() })
  const shortfall: string | undefined = risks[0]?.shortfall
  const unroutedList: PhoneNumber[] = await partner.reports.unroutedNumbers()
  const restrictedList: PhoneNumber[] = await partner.reports.aadhaarRestrictedNumbers()
  const bill = await partner.reports.invoice(authId, { from: '2026-11-01', to: new Date() })
  const billTotal: string = bill.total
  const billLines: number = bill.lines.length
  // @ts-expect-error the period needs both ends
  await partner.reports.invoice(authId, { from: '2026-11-01' })
  void [shortfall, unroutedList, restrictedList, billTotal, billLines]

  // partner.kycSessions
  const kyc = partner.kycSessions
  const session = await kyc.create({
    accountAuthId: authId,
    flow: 'email',
    customerEmail: 'asha@acme.in',
    expiresInDays: 14,
    reminderSchedule: [{ trigger: 'days_before_expiry', value: 3 }],
    metadata: { crmId: 'lead-42', tags: ['vip'] },
  })
  const widget: Secret | null | undefined = session.widgetUrl
  const sessions: KycSession[] = await kyc.list({ status: 'email_sent', accountAuthId: authId }).toArray()
  const sessionRead: KycSession = await kyc.get(session.sessionId ?? '')
  const resent = await kyc.resend('id')
  const revoked = await kyc.revoke('id', { reason: 'Wrong email' })
  await kyc.revoke('id')
  // @ts-expect-error email or redirect
  await kyc.create({ accountAuthId: authId, flow: 'sms' })

  // Account
  const details = await parent.details()
  const balance: AccountBalance = await parent.balance()
  const credits: string = balance.cashCredits
  const owned: PhoneNumber[] = await parent.numbers.list({ search: '80', includeSubaccounts: false }).toArray()
  for await (const n of parent.numbers.inventory({ country: 'IN', exclude: ['9180'] }, { pageSize: 5 })) {
    const e164: string | null | undefined = n.e164
    void e164
  }
  const bought = await parent.numbers.purchase('+918012345678', { currency: 'INR' })
  const released = await parent.numbers.release('+918012345678', { immediate: false })
  const cancelled = await parent.numbers.cancelRelease('+918012345678')
  const assigned: void = await parent.numbers.assignToSubAccount('+918012345678', 'SA_X')
  await parent.numbers.unassignFromSubAccount('+918012345678')
  const unassigned: UnassignOutcome = await parent.numbers.unassignOrCoolOff('+918012345678')
  const unassignStatus: UnassignStatus = unassigned.status
  const coolOffEnd: string | null | undefined = unassigned.coolOffUntil
  const waited = await parent.numbers.unassignWhenFree('+918012345678', { maxWaitSeconds: 60 })
  await parent.numbers.unassignWhenFree('+918012345678')
  // @ts-expect-error seconds are a number
  await parent.numbers.unassignWhenFree('+918012345678', { maxWaitSeconds: '60' })
  const plan: ReleasePlan = await parent.numbers.releasePlan(['+918012345678', '918012345679'])
  const planState: string | undefined = plan.items[0]?.state
  const planSteps: ReleaseStep[] | undefined = plan.items[0]?.steps
  const nextReady: string | null | undefined = plan.nextReadyAt
  const executed = await parent.numbers.executeReleasePlan(['+918012345678'], { unassignOnly: false, immediate: true })
  const executedCounts: number[] = [executed.released, executed.unassigned, executed.coolingOff, executed.skipped, executed.failed]
  const releaseFee: string | null | undefined = executed.items[0]?.release?.releaseFee
  await parent.numbers.executeReleasePlan(['+918012345678'])
  // @ts-expect-error the DIDs are a list
  await parent.numbers.releasePlan('+918012345678')
  void [unassignStatus, coolOffEnd, waited.waitedSeconds, planState, planSteps, nextReady, executedCounts, releaseFee]
  await parent.numbers.assignToTrunk('+918012345678', 'trunk-id')
  await parent.numbers.unassignFromTrunk('+918012345678')
  const health = await parent.numbers.health('+918012345678', { granularity: 'hour', days: 7 })
  // @ts-expect-error day or hour
  await parent.numbers.health('+918012345678', { granularity: 'week' })

  const accountCdrs: Cdr[] = await parent.cdrs.list({ fromNumber: '+9180', startDate: '2026-01-01', endDate: '2026-01-31' }).toArray()
  const searched = await parent.cdrs.search({ search: 'acme', status: 'no_answer' }, { maxItems: 10 }).toArray()
  const accountPage: CdrPage = await parent.cdrs.page({ page: 1, perPage: 50, callDirection: 'outbound' })
  const recent: Cdr[] = await parent.cdrs.recent({ limit: 5 })
  const single: Cdr = await parent.cdrs.get('uuid')
  const csv: string = await parent.cdrs.export({ context: 'voice-api' })

  const recordings = await parent.recordings.list({ callUuid: 'uuid', recordingType: 'call' }).toArray()
  const recording = await parent.recordings.get('rec-id')
  await parent.recordings.delete('rec-id')

  const call: CallRequest = { from: '+918012345678', to: ['+919999911111', 'sip:alice@example.com'], answerUrl: 'https://app.example.com/answer', answerMethod: 'GET', timeLimit: 60 }
  const fired: CallFired = await parent.calls.make(call)
  await parent.calls.make({ from: '+918012345678', to: '+919999911111', answerUrl: 'https://app.example.com/answer' })
  // @ts-expect-error the answer URL is required
  await parent.calls.make({ from: '+918012345678', to: '+919999911111' })

  const subCreated: SubAccountCreated = await parent.subAccounts.create({
    name: 'Acme Support',
    email: 'support@acme.in',
    kycMode: 'customer_use',
    businessType: 'private_limited',
    permissions: { calls: true, cdr: false },
    rateLimit: 100,
  })
  const subToken: Secret | undefined = subCreated.authCredentials?.authToken
  const subs: SubAccountObject[] = await parent.subAccounts.list({ activeOnly: true }).toArray()
  const handleA: SubAccount = parent.subAccounts.get(subCreated.subAccount.authId)
  const handleB: SubAccount = parent.subAccount('SA_X')

  const trunk: Trunk = await parent.trunks.create({ name: 'Main', trunkDirection: 'both', transport: 'tls', cpsLimit: 5 })
  // @ts-expect-error a new trunk needs a name
  await parent.trunks.create({ cpsLimit: 5 })
  const trunks: Trunk[] = await parent.trunks.list({ pageSize: 10 }).toArray()
  await parent.trunks.get(trunk.trunkId ?? '')
  await parent.trunks.update('trunk-id', { trunkStatus: 'disabled' })
  await parent.trunks.delete('trunk-id')
  const credential = await parent.trunkCredentials.create({ username: 'pbx', password: 's3cret!' })
  const credentialPassword: Secret | null | undefined = credential.password
  await parent.trunkCredentials.list().toArray()
  await parent.trunkCredentials.update('uuid', { password: 'n3w!' })
  await parent.trunkCredentials.delete('uuid')
  const acl = await parent.ipAcl.create({ name: 'Office', ipAddress: '10.0.0.0/24' })
  await parent.ipAcl.list().toArray()
  await parent.ipAcl.update('uuid', { name: 'HQ' })
  await parent.ipAcl.delete('uuid')
  const uri = await parent.originationUris.create({ name: 'PBX', sipUri: 'sip:pbx.example.com', priority: 1, weight: 10 })
  await parent.originationUris.list().toArray()
  await parent.originationUris.update('uuid', { weight: 5 })
  await parent.originationUris.delete('uuid')

  // SubAccount
  const sub = handleA
  const subId: string = sub.id
  const subObject: SubAccountObject = await sub.get()
  await sub.update({ name: 'Acme Help', enabled: false, kycMode: 'personal_use' })
  const deleted: void = await sub.delete()
  // @ts-expect-error handles are made by the account
  new SubAccount()
  const kycStatus = await sub.kyc.status()
  const pan = await sub.kyc.verifyPan('AAACR5055K')
  await sub.kyc.verifyGst('27AAPFU0939F1ZV')
  const cins = await sub.kyc.cinSearch('Acme')
  await sub.kyc.cinConfirm('Acme', cins[0]?.cin ?? '')
  const dl = await sub.kyc.digilockerInitiate('https://app.example.in/kyc', { oauthState: 'x' })
  await sub.kyc.digilockerVerify(dl.accessRequestId ?? '', { linkedNumber: '+919876543210' })
  await sub.kyc.createSession({ customerEmail: 'ops@acme.in', reminderDays: [3, 1], metadata: { ref: 1 } })
  await sub.kyc.createSession({ redirectUrl: 'https://app.example.in/back', expiresInDays: 3 })
  // @ts-expect-error the email flow or the redirect flow, not both
  await sub.kyc.createSession({ customerEmail: 'ops@acme.in', redirectUrl: 'https://app.example.in/back' })
  await sub.kycTest.verifyPan('TESTSUCCESS0001')
  await sub.kycTest.verifyGst('TESTSUCCESS0001')
  await sub.kycTest.cinSearch('Acme')
  await sub.kycTest.cinConfirm('Acme', 'U72900KA2024PTC123456')
  await sub.kycTest.digilockerInitiate('https://app.example.in/back')
  await sub.kycTest.digilockerVerify('MOCK_AR_SUCCESS')
  const finalized = await sub.kycTest.finalizePending('pan', 'verified')
  // @ts-expect-error test-mode routes only
  await sub.kyc.finalizePending('pan', 'verified')

  // AutoPager and Secret
  const pager: AutoPager<Customer> = customers.list()
  const step: IteratorResult<Customer, undefined> = await pager.next()
  const firstCustomer: Customer | undefined = step.done ? undefined : step.value
  await pager.return()
  // @ts-expect-error made by the list methods
  new AutoPager()
  const secret = new Secret('x')
  const json: string = secret.toJSON()
  const fromModel: Secret | null | undefined = created.authToken
  // @ts-expect-error results are read as typed
  const notANumber: number = balance.cashCredits

  void [ids, shownClient, partnerBalance, dashboard, analytics, txPage, partnerCdrs, cdrsPage, numbers, moves, revealed, listed, one, wallet, moved]
  void [ledger, ledgerPage, custCdrs, custCdrPage, custCdr, custNumbers, capacity, capacityMoved, customerAccount, widget, sessions, sessionRead, resent, revoked]
  void [details, credits, owned, bought, released, cancelled, assigned, health, accountCdrs, searched, accountPage, recent, single, csv, recordings, recording, fired]
  void [subToken, subs, handleB, trunks, credentialPassword, acl, uri, subId, subObject, deleted, kycStatus, pan, finalized, firstCustomer, json, fromModel, notANumber]
}

void clientsUsage

// ---------------------------------------------------------------------------------------
// KYC webhooks
// ---------------------------------------------------------------------------------------

import {
  verifyWebhook,
  WebhookError,
  type KycEvent,
  type KycEventType,
  type VerifyWebhookOptions,
  type WebhookHeaders,
} from 'vobiz-partner'

function webhooksUsage(raw: Uint8Array, nodeHeaders: Record<string, string | string[] | undefined>): void {
  const limit: VerifyWebhookOptions = { maxAgeMs: 300_000, now: new Date() }
  const event: KycEvent = verifyWebhook(raw, nodeHeaders, 'parent-token', limit)
  const name: KycEventType = event.event
  const completed: boolean = event.event === 'kyc.completed' && event.source === 'sub_account'
  const fromText: KycEvent = verifyWebhook('{"event":"kyc.failed"}', [['x-vobiz-signature', 'sha256=00']], new Secret('k'))
  const pairs: WebhookHeaders = new Map([['X-Vobiz-Signature', 'sha256=00']])
  verifyWebhook(raw, pairs, 'k')
  try {
    verifyWebhook(raw, nodeHeaders, 'k')
  } catch (e) {
    if (e instanceof WebhookError) {
      const code: 'WEBHOOK' = e.code
      const reason: string | null = e.reason
      void [code, reason]
    }
  }
  // @ts-expect-error the body is the raw bytes or text, never a parsed object
  verifyWebhook({ event: 'kyc.completed' }, nodeHeaders, 'k')
  // @ts-expect-error maxAgeMs is a number of milliseconds
  verifyWebhook(raw, nodeHeaders, 'k', { maxAgeMs: '5m' })
  // @ts-expect-error events are read, not written
  const wrong: number = event.sessionId
  void [name, completed, fromText, wrong]
}

void webhooksUsage

// ---------------------------------------------------------------------------------------
// Resumable onboarding: onboard() over a store
// ---------------------------------------------------------------------------------------

import {
  FileStateStore,
  type CustomerOnboardOptions,
  type OnboardingResult,
  type OnboardingState,
  type OnboardingStore,
  type OnceShownCredentials,
  type StepReport,
  type SubAccountOnboardOptions,
} from 'vobiz-partner'

async function onboardingUsage(parent: Account, partner: Partner): Promise<void> {
  const file = new FileStateStore('/var/lib/acme/onboarding.json')
  const fromUrl = new FileStateStore('/var/lib/acme/customer.json')
  const path: string = file.path
  const loaded: OnboardingState | null = await file.load()
  if (loaded) await file.save(loaded)

  let row: OnboardingState | null = null
  const memory: OnboardingStore = {
    load: () => row,
    save: (state) => {
      row = state
    },
  }
  const vault = new Map<string, Secret>()
  const keep = async (credentials: OnceShownCredentials): Promise<void> => {
    vault.set(credentials.authId, credentials.authToken)
  }
  const plan = { name: 'Acme Support', email: 'support@acme.in', businessType: 'private_limited' }
  const options: SubAccountOnboardOptions = {
    store: file,
    onCredentials: keep,
    progress: (report: StepReport) => void [report.step, report.outcome, report.detail],
    maxWaitSeconds: 0,
  }
  const result: OnboardingResult = await parent.subAccounts.onboard(plan, options)
  const finished: boolean = result.finished
  const waiting: string | null = result.waitingFor
  const steps: string[] = result.reports.map((r) => r.step)
  const id: string | null | undefined = result.state.subAccountId
  await parent.subAccounts.onboard(plan, {
    store: memory,
    onCredentials: keep,
    subAccountCredentials: { authId: 'SA_X', authToken: vault.get('SA_X') ?? 'token' },
  })
  const customer: CustomerOnboardOptions = { store: '/tmp/customer.json', onCredentials: () => {} }
  const done = await partner.customers.onboard({ customer: { email: 'a@acme.in' } }, customer)
  await partner.customers.onboard({}, { store: fromUrl, onCredentials: keep, customerCredentials: { authId: 'MA_X', authToken: 't' } })
  // @ts-expect-error onCredentials is required: once-shown credentials must go somewhere
  await parent.subAccounts.onboard(plan, { store: file })
  // @ts-expect-error a store has load and save
  await parent.subAccounts.onboard(plan, { store: { load: () => null }, onCredentials: keep })
  // @ts-expect-error the sub-account flow takes subAccountCredentials
  await parent.subAccounts.onboard(plan, { store: file, onCredentials: keep, customerCredentials: { authId: 'MA_X', authToken: 't' } })
  void [path, finished, waiting, steps, id, done]
}

void onboardingUsage
