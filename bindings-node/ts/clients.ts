// The clients: Partner, Account and SubAccount (a main account's handle on one of its
// sub-accounts), built on the generated operations (operations.ts), with the few methods
// the operations cannot express:
//
// - the onboarding driver (`partner.customers.onboard`, `account.subAccounts.onboard`);
// - the handles (`partner.customerClient`, `account.subAccount` / `subAccounts.get`);
// - `partner.kycSessions.create` taking the whole session as one object (as earlier releases
//   did), besides the customer and the options;
// - `partner.customers.onboardMany`, `partner.reports.renewalsAtRisk` and `.invoice`, whose
//   options objects this layer checks itself (an unknown key is a TypeError, not the core's
//   ValidationError), `renewalsAtRisk`'s `asOf` Date sent as an instant (not a day);
// - `account.calls.make` taking one destination as a string;
// - stricter types for the create methods whose request type is also the update's
//   (`NewTrunk`…), for `sub.kyc.createSession` (the email flow or the redirect flow) and for
//   a customer's ledger filters; and the names earlier releases gave some argument types.
//
// Each operation method converts its arguments, makes one core call and converts the result
// (calls.ts); the core checks the arguments, sends, retries what is safe to retry.

import { inspect } from 'node:util'

import { type Group, dayText, group, handleOf, invalid, run, setHandle } from './calls.js'
import { AccountCredentials, ClientConfig, type ClientConfigOptions, PartnerCredentials } from './config.js'
import { call } from './convert.js'
import { type Inspect, type InspectOptions, inspectAs, nativeOf } from './handles.js'
import { native } from './loader.js'
import type {
  BulkOnboardingRow,
  CallFired,
  Invoice,
  IpAclEntry,
  KycSessionCreated,
  OriginationUri,
  RenewalRisk,
  Transaction,
  TransactionPage,
  Trunk,
  TrunkCredential,
} from './models.js'
import { type CustomerOnboardOptions, type OnboardingResult, type SubAccountOnboardOptions, runOnboarding } from './onboarding.js'
import * as ops from './operations.js'
import { optionsOf } from './options.js'
import type { AutoPager, PagingOptions } from './pager.js'
import type { Secret } from './secret.js'

import type * as Native from './native.js'

/**
 * Options of `new Partner(...)` / `new Account(...)`; omitted ones keep the core defaults.
 * Any other key throws a `TypeError` naming it.
 */
export interface ClientOptions {
  /**
   * The API origin (default `https://api.vobiz.ai`), e.g. a sandbox's `url`. Plain
   * `http://` is refused except for loopback hosts.
   */
  baseUrl?: string | undefined
  /** How long one attempt may take, in milliseconds (default 30000). Alias: `timeoutMs`. */
  timeout?: number | undefined
  timeoutMs?: number | undefined
  /** How long connecting may take, in milliseconds (default 10000). Alias: `connectTimeoutMs`. */
  connectTimeout?: number | undefined
  connectTimeoutMs?: number | undefined
  /** Retries after the first attempt, for safe requests only (default 2, at most 10). */
  maxRetries?: number | undefined
  /** The largest answer read, in bytes (default 64 MiB); more is a `ResponseTooLargeError`. */
  maxResponseBytes?: number | undefined
  /**
   * How long after an ambiguous transfer the server may still commit it, in milliseconds
   * (default 120000): `transferBalanceSafely` reads the ledger during it and never re-sends.
   */
  settleWindowMs?: number | undefined
  /** A ready configuration, instead of the options above. */
  config?: ClientConfig | undefined
}

/** The `ClientConfig` of a client's options (`config`, or the other options). */
const CONFIG_KEYS = ['baseUrl', 'timeout', 'timeoutMs', 'connectTimeout', 'connectTimeoutMs', 'maxRetries', 'maxResponseBytes', 'settleWindowMs']
const CLIENT_OPTIONS = ['config', ...CONFIG_KEYS]

function configFrom(options: unknown): ClientConfig {
  const o = optionsOf('options', options, CLIENT_OPTIONS)
  const defined = (key: string): boolean => o[key] !== undefined && o[key] !== null
  if (defined('config')) {
    if (!(o.config instanceof ClientConfig)) throw new TypeError('options.config must be a ClientConfig')
    const clash = CONFIG_KEYS.find(defined)
    if (clash !== undefined) throw new TypeError(`options.config cannot be combined with options.${clash}`)
    return o.config
  }
  const either = (short: string, long: string): unknown => {
    if (defined(short) && defined(long)) throw new TypeError(`give options.${short} or options.${long}, not both`)
    return defined(short) ? o[short] : o[long]
  }
  return new ClientConfig({
    baseUrl: o.baseUrl,
    timeoutMs: either('timeout', 'timeoutMs'),
    connectTimeoutMs: either('connectTimeout', 'connectTimeoutMs'),
    maxRetries: o.maxRetries,
    maxResponseBytes: o.maxResponseBytes,
    settleWindowMs: o.settleWindowMs,
  } as ClientConfigOptions)
}

function inspectClient(name: string, client: { toJSON(): object }, depth: number, options: InspectOptions, inspect: Inspect): string {
  return inspectAs(name, client.toJSON(), depth, options, inspect)
}

/**
 * Sets `client`'s method groups (the generated ones, a few replaced by the subclasses here)
 * as read-only properties over `handle`.
 */
function setGroups(client: object, handle: Native.NativeClient, groups: Record<string, { prototype: Group }>): void {
  for (const [key, cls] of Object.entries(groups)) {
    const value = group(cls, handle)
    Object.defineProperty(client, key, { value, enumerable: true, writable: false, configurable: false })
  }
}

// ---------------------------------------------------------------------------------------
// Partner
// ---------------------------------------------------------------------------------------

/**
 * A customer's ledger filters: `account` and `search` apply to the partner-wide ledger only
 * (the core refuses `account` here).
 */
export type CustomerTransactionFilters = Omit<ops.TransactionFilters, 'account' | 'search'>

/** `partner.customers`: the partner's customer accounts (`MA_…`). */
export class PartnerCustomers extends ops.PartnerCustomers {
  /** The customer's ledger rows, lazily (`transactionType`: recharge, debit, refund, transfer). */
  override transactions(customerAuthId: string, filters?: CustomerTransactionFilters, paging?: PagingOptions): AutoPager<Transaction> {
    return super.transactions(customerAuthId, filters, paging)
  }

  /** One page of the customer's ledger with its `summary` totals. */
  override transactionsPage(
    customerAuthId: string,
    options?: CustomerTransactionFilters & { page?: number | undefined; perPage?: number | undefined },
  ): Promise<TransactionPage> {
    return super.transactionsPage(customerAuthId, options)
  }

  /**
   * Creates every customer of `customers` that does not exist yet, `concurrency` (4) at a
   * time and at most `requestsPerSecond` (5; 0: no limit) requests. One row per input, in
   * order: `created` (with the once-shown `authToken`), `existing` (found by email) or
   * `failed` (`errorKind`, `errorMessage`). Running the same list again creates nothing
   * twice. An unknown option is a `TypeError`.
   */
  override async onboardMany(customers: ops.NewCustomer[], options: ops.OnboardCustomersOptions = {}): Promise<BulkOnboardingRow[]> {
    const o = optionsOf('options', options, ['concurrency', 'requestsPerSecond'])
    return super.onboardMany(customers, {
      concurrency: (o.concurrency ?? 4) as number,
      requestsPerSecond: (o.requestsPerSecond ?? 5) as number,
    })
  }

  /**
   * Runs the whole customer onboarding with the core's driver over `options.store` (a
   * `FileStateStore`, a path, or any `{ load, save }`): loads the state, runs the steps of
   * `onboardingStep` until the flow is finished or waits (KYC), hands once-shown credentials
   * to `onCredentials` before saving the state after every step. A step's error rejects the
   * promise; the state saved before it stays, so running again resumes. Resolves
   * `{ state, finished, waitingFor, reports }`.
   */
  async onboard(plan: Record<string, unknown>, options: CustomerOnboardOptions): Promise<OnboardingResult> {
    return runOnboarding(this, plan, options, 'customerCredentials')
  }
}

/** `partner.reports`: the weekly ops checks over every customer's numbers, and invoices. */
export class PartnerReports extends ops.PartnerReports {
  /**
   * Numbers renewing within `withinDays` (default 14) of `asOf` (a `Date` or ISO text; now by
   * default) whose owner's wallet cannot cover the rental, each owner's renewals counted in
   * date order. An unknown option is a `TypeError`.
   */
  override async renewalsAtRisk(
    options: { withinDays?: number | undefined; asOf?: Date | string | undefined } = {},
  ): Promise<RenewalRisk[]> {
    const o = optionsOf('options', options, ['withinDays', 'asOf'])
    let asOf = o.asOf
    if (asOf instanceof Date) {
      if (Number.isNaN(asOf.getTime())) throw invalid('as_of', 'is an invalid Date')
      asOf = asOf.toISOString()
    }
    return super.renewalsAtRisk({ withinDays: (o.withinDays ?? 14) as number, asOf: asOf as string | undefined })
  }

  /**
   * What the customer owes for `from..=to`: setup fees of numbers bought in it, the monthly
   * rentals due in it, and its call usage. An unknown key of `period` is a `TypeError`.
   */
  override async invoice(customerAuthId: string, period: ops.InvoiceOptions): Promise<Invoice> {
    const o = optionsOf('period', period, ['from', 'to'])
    // A `Date` is sent as its UTC day (the operation's days are top-level arguments).
    const day = (value: unknown): unknown => (value instanceof Date ? dayText(value) : value)
    return super.invoice(customerAuthId, { from: day(o.from), to: day(o.to) } as ops.InvoiceOptions)
  }
}

/** A partner KYC session to open, as one object: the customer and the session's options. */
export interface NewKycSession extends ops.CreateKycSessionOptions {
  /** The customer (`MA_…`) to verify. */
  accountAuthId: string
}

/** `partner.kycSessions`: hosted KYC sessions of the partner's customers. */
export class PartnerKycSessions extends ops.PartnerKycSessions {
  /**
   * Opens a hosted KYC session (`flow`: `email`, the default, or `redirect`); a new one
   * revokes the customer's active session. Takes the session as one object
   * (`{ accountAuthId, flow, customerEmail, … }`) or the customer and the options.
   */
  override create(session: NewKycSession): Promise<KycSessionCreated>
  override create(accountAuthId: string, options?: ops.CreateKycSessionOptions): Promise<KycSessionCreated>
  override create(session: NewKycSession | string, options?: ops.CreateKycSessionOptions): Promise<KycSessionCreated> {
    if (typeof session === 'string') return super.create(session, options)
    if (options !== undefined) throw new TypeError('options cannot be given with a session object')
    // The whole object is the operation's arguments; the core checks it by field.
    return run(this, 'create_kyc_session', {}, 'session', session)
  }
}

function initPartner<T extends object>(partner: T, handle: Native.NativeClient): T {
  setHandle(partner, handle)
  setGroups(partner, handle, {
    ...ops.PARTNER_GROUPS,
    customers: PartnerCustomers,
    kycSessions: PartnerKycSessions,
    reports: PartnerReports,
  })
  return partner
}

/** The partner API (`/api/v1/partner/*`), with partner credentials (`PA_…`). */
export class Partner extends ops.PartnerOperations {
  declare readonly customers: PartnerCustomers
  declare readonly kycSessions: PartnerKycSessions
  declare readonly reports: PartnerReports

  constructor(credentials: PartnerCredentials, options?: ClientOptions) {
    super()
    if (!(credentials instanceof PartnerCredentials)) {
      throw new TypeError('credentials must be a PartnerCredentials (PA_…)')
    }
    const config = configFrom(options)
    const handle = call(() => native.NativeClient.partner(nativeOf(credentials), nativeOf(config)))
    initPartner(this, handle)
  }

  /** From `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` (a `PA_…` id) and `VOBIZ_BASE_URL`. */
  static fromEnv(): Partner {
    const handle = call(() => native.NativeClient.partnerFromEnv())
    return initPartner(Object.create(Partner.prototype) as Partner, handle)
  }

  get authId(): string {
    return handleOf(this).authId
  }
  get baseUrl(): string {
    return handleOf(this).baseUrl
  }

  /** An `Account` client for one of the customers (its own credentials), sharing the pool. */
  customerClient(credentials: AccountCredentials): Account {
    if (!(credentials instanceof AccountCredentials)) {
      throw new TypeError('credentials must be an AccountCredentials (MA_…)')
    }
    const handle = handleOf(this)
    return initAccount(Object.create(Account.prototype) as Account, call(() => handle.customerClient(nativeOf(credentials))))
  }

  toJSON(): { authId: string; baseUrl: string } {
    return { authId: this.authId, baseUrl: this.baseUrl }
  }

  /** @internal */
  [inspect.custom](depth: number, options: InspectOptions, inspect: Inspect): string {
    return inspectClient('Partner', this, depth, options, inspect)
  }
}

// ---------------------------------------------------------------------------------------
// Account
// ---------------------------------------------------------------------------------------

/** A call to place: `CallRequest` with `to` one destination or several. */
export type CallRequestInput = Omit<ops.CallRequest, 'to'> & {
  /** One destination or several (E.164 or `sip:` URIs; they ring at once). */
  to: string | string[]
}

/** `account.calls`. */
export class AccountCalls extends ops.AccountCalls {
  /** Places a call; `to` is one destination or several (they ring at once). Never retried once sent. */
  override async make(request: CallRequestInput): Promise<CallFired> {
    if (request !== null && typeof request === 'object' && typeof request.to === 'string') {
      request = { ...request, to: [request.to] }
    }
    return super.make(request as ops.CallRequest)
  }
}

/** `account.subAccounts`: a main account's sub-accounts (`SA_…`). */
export class AccountSubAccounts extends ops.AccountSubAccounts {
  /** The handle on one sub-account (sends nothing). */
  get(subAccountId: string): SubAccount {
    return subAccountOf(handleOf(this), subAccountId)
  }

  /**
   * Runs the whole sub-account onboarding with the core's driver over `options.store` (a
   * `FileStateStore`, a path, or any `{ load, save }`): loads the state, runs the steps of
   * `onboardingStep` until the flow is finished or waits (KYC), hands once-shown credentials
   * to `onCredentials` before saving the state after every step. A step's error rejects the
   * promise; the state saved before it stays, so running again resumes. Resolves
   * `{ state, finished, waitingFor, reports }`.
   */
  async onboard(plan: Record<string, unknown>, options: SubAccountOnboardOptions): Promise<OnboardingResult> {
    return runOnboarding(this, plan, options, 'subAccountCredentials')
  }
}

/** `account.trunks.create(...)`: a trunk needs a name. */
export interface NewTrunk extends ops.TrunkRequest {
  name: string
}
/** `account.trunkCredentials.create(...)`: both are required. */
export interface NewTrunkCredential extends ops.TrunkCredentialRequest {
  username: string
  password: string | Secret
}
/** `account.ipAcl.create(...)`. */
export interface NewIpAcl extends ops.IpAclRequest {
  name: string
  ipAddress: string
}
/** `account.originationUris.create(...)`. */
export interface NewOriginationUri extends ops.OriginationUriRequest {
  name: string
  sipUri: string
}

/** `account.trunks`: SIP trunks. */
export interface AccountTrunks extends ops.AccountTrunks {
  create(request: NewTrunk): Promise<Trunk>
}
/** `account.trunkCredentials`: SIP credential lists for trunks. */
export interface AccountTrunkCredentials extends ops.AccountTrunkCredentials {
  create(request: NewTrunkCredential): Promise<TrunkCredential>
}
/** `account.ipAcl`: IP access-control lists for trunks. */
export interface AccountIpAcl extends ops.AccountIpAcl {
  create(request: NewIpAcl): Promise<IpAclEntry>
}
/** `account.originationUris`: where a trunk sends calls. */
export interface AccountOriginationUris extends ops.AccountOriginationUris {
  create(request: NewOriginationUri): Promise<OriginationUri>
}

function initAccount<T extends object>(account: T, handle: Native.NativeClient): T {
  setHandle(account, handle)
  setGroups(account, handle, { ...ops.ACCOUNT_GROUPS, calls: AccountCalls, subAccounts: AccountSubAccounts })
  return account
}

/** An account's own API (`MA_…` or `SA_…` credentials); a main account also administers its sub-accounts. */
export class Account extends ops.AccountOperations {
  declare readonly calls: AccountCalls
  declare readonly subAccounts: AccountSubAccounts
  declare readonly trunks: AccountTrunks
  declare readonly trunkCredentials: AccountTrunkCredentials
  declare readonly ipAcl: AccountIpAcl
  declare readonly originationUris: AccountOriginationUris

  constructor(credentials: AccountCredentials, options?: ClientOptions) {
    super()
    if (!(credentials instanceof AccountCredentials)) {
      throw new TypeError('credentials must be an AccountCredentials (MA_… or SA_…)')
    }
    const config = configFrom(options)
    const handle = call(() => native.NativeClient.account(nativeOf(credentials), nativeOf(config)))
    initAccount(this, handle)
  }

  /** From `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` (an `MA_…` or `SA_…` id) and `VOBIZ_BASE_URL`. */
  static fromEnv(): Account {
    const handle = call(() => native.NativeClient.accountFromEnv())
    return initAccount(Object.create(Account.prototype) as Account, handle)
  }

  get authId(): string {
    return handleOf(this).authId
  }
  get baseUrl(): string {
    return handleOf(this).baseUrl
  }

  /** The handle on one of this main account's sub-accounts (sends nothing). */
  subAccount(subAccountId: string): SubAccount {
    return subAccountOf(handleOf(this), subAccountId)
  }

  toJSON(): { authId: string; baseUrl: string } {
    return { authId: this.authId, baseUrl: this.baseUrl }
  }

  /** @internal */
  [inspect.custom](depth: number, options: InspectOptions, inspect: Inspect): string {
    return inspectClient('Account', this, depth, options, inspect)
  }
}

// ---------------------------------------------------------------------------------------
// SubAccount
// ---------------------------------------------------------------------------------------

/** A sub-account's hosted KYC session: the email flow or the redirect flow. */
export type SubAccountKycSessionRequest = (
  | { customerEmail: string; redirectUrl?: undefined }
  | { redirectUrl: string; customerEmail?: undefined }
) &
  Omit<ops.SubAccountCreateKycSessionOptions, 'customerEmail' | 'redirectUrl'>

/** `sub.kyc`: the sub-account's KYC (live routes). */
export interface SubAccountKyc extends ops.SubAccountKyc {
  /** A hosted session: give `customerEmail` (email flow) or `redirectUrl` (redirect flow). */
  createSession(request: SubAccountKycSessionRequest): ReturnType<ops.SubAccountKyc['createSession']>
}

function subAccountOf(parentHandle: Native.NativeClient, subAccountId: string): SubAccount {
  if (typeof subAccountId !== 'string') {
    throw invalid('sub_account_id', `must be a string, got ${subAccountId === null ? 'null' : typeof subAccountId}`)
  }
  const handle = call(() => parentHandle.subAccount(subAccountId))
  const sub = Object.create(SubAccount.prototype) as SubAccount
  setHandle(sub, handle)
  setGroups(sub, handle, ops.SUB_ACCOUNT_GROUPS)
  return sub
}

/** A main account's handle on one of its sub-accounts: `account.subAccount('SA_…')`. */
export class SubAccount extends ops.SubAccountOperations {
  declare readonly kyc: SubAccountKyc

  private constructor() {
    super()
    throw new TypeError('SubAccount handles are made by account.subAccount(id)')
  }

  /** The sub-account's auth id (`SA_…`). */
  get id(): string {
    return handleOf(this).authId
  }
  get baseUrl(): string {
    return handleOf(this).baseUrl
  }

  toJSON(): { id: string; baseUrl: string } {
    return { id: this.id, baseUrl: this.baseUrl }
  }

  /** @internal */
  [inspect.custom](depth: number, options: InspectOptions, inspect: Inspect): string {
    return inspectClient('SubAccount', this, depth, options, inspect)
  }
}

// ---------------------------------------------------------------------------------------
// The names earlier releases gave some argument types (the generated ones are named after
// their operation)
// ---------------------------------------------------------------------------------------

/** `partner.customers.transferBalance` options: `TransferBalanceOptions`. */
export type TransferOptions = ops.TransferBalanceOptions
/** `partner.customers.transferBalanceSafely` options: `TransferBalanceSafelyOptions`. */
export type SafeTransferOptions = ops.TransferBalanceSafelyOptions
/** `account.numbers.executeReleasePlan` options: `ExecuteReleasePlanOptions`. */
export type ReleaseOptions = ops.ExecuteReleasePlanOptions
/** One page of a paged read (`…Page` methods). */
export type PageRequest = Pick<ops.CdrPageOptions, 'page' | 'perPage'>
/** The KYC checks of a sub-account, on the live or the test-mode routes. */
export type SubAccountKycChecks = Pick<
  ops.SubAccountKyc,
  'verifyPan' | 'verifyGst' | 'cinSearch' | 'cinConfirm' | 'digilockerInitiate' | 'digilockerVerify'
>
