// Types of the clients of vobiz-partner (bindings-node/client.js), re-exported by index.d.ts.
// Hand-written; checked with `tsc --strict` (tests/node/types). The result types are the
// generated interfaces of models.d.ts.
//
// Naming: options and result fields are camelCase; the core maps each option to the API's
// snake_case name (`perPage` → `per_page`, `includeSubaccounts` → `include_subaccounts`)
// and each result field back (`cash_credits` → `cashCredits`). `extra` holds the fields the
// SDK does not model, keyed as the server sent them. `metadata` is yours and never re-cased.
//
// Strict input: nothing is sent when an input is refused. An operation's arguments (ids,
// request objects, filters, per-call options) are checked by the core: a wrong type, an
// unknown key or a missing field is a `ValidationError` naming the field (snake_case), and so
// is a value JSON cannot carry (NaN, Infinity, a bigint, a function, a Map, an invalid Date).
// This package's own options (`ClientOptions`, `PagingOptions`, `toArray`, the `onboard`
// driver, the options objects whose keys it picks) throw a `TypeError` naming an unknown key
// or a value of the wrong type, and a `RangeError` for a count that is not a whole number,
// 0 or more. A `Secret` given as an argument is sent as its value.
//
// Money: amounts in results are exact decimal strings (`'23906.83000'`, the API's scale
// kept); amounts you pass may be strings (exact) or numbers. Timestamps are ISO 8601
// strings. Secrets are `Secret` objects: only `reveal()` gives the value.

import type { AccountCredentials, ClientConfig, PartnerCredentials } from './index.js'
import type {
  AccountBalance,
  AccountDetails,
  BulkOnboardingRow,
  BusinessType,
  CallFired,
  CancelReleaseResult,
  CapacityTransfer,
  CapacityTransferResult,
  Cdr,
  CdrPage,
  CinMatch,
  CreatedCustomer,
  Customer,
  CustomerBalance,
  CustomerCapacity,
  Dashboard,
  DigilockerInitiation,
  Invoice,
  IpAclEntry,
  KycMode,
  KycResend,
  KycRevocation,
  KycSession,
  KycSessionCreated,
  KycStatus,
  KycVerificationResult,
  NumberHealth,
  RenewalRisk,
  OriginationUri,
  PartnerProfile,
  PhoneNumber,
  PurchaseResult,
  ReleaseExecution,
  ReleasePlan,
  Recording,
  ReleaseResult,
  SafeTransfer,
  OnboardingState,
  OnboardingStep,
  OnceShownCredentials,
  StepReport,
  SubAccountCreated,
  SubAccountKycSessionCreated,
  SubAccountObject,
  Transaction,
  TransactionPage,
  TransferResult,
  Trunk,
  TrunkCredential,
  UnassignOutcome,
  VerificationType,
} from './models.js'

// ---------------------------------------------------------------------------------------
// Shared
// ---------------------------------------------------------------------------------------

/**
 * A secret of a result (a token, a password, a link carrying a session token). Only
 * `reveal()` returns it; `String()`, template literals, `JSON.stringify` and `util.inspect`
 * show `<redacted>`. The result models type their secret fields with the same shape
 * (models.d.ts), so either can be assigned to the other. A listed customer's or
 * sub-account's token is the API's own placeholder: `reveal()` gives `'<redacted>'`.
 */
export declare class Secret {
  constructor(value: string)
  /** The secret itself. Store it deliberately, never in a log. */
  reveal(): string
  /** `'<redacted>'`. */
  toString(): string
  /** `'<redacted>'`: `JSON.stringify` never writes the secret. */
  toJSON(): string
}

/** A calendar day: `'YYYY-MM-DD'`, or a `Date` (read as its UTC day). */
export type Day = string | Date

/**
 * An amount to send: a decimal string (exact: `'500.00'`, `'0.10'`) or a number (its
 * shortest decimal form is read exactly, so `0.1` is 0.1).
 */
export type Amount = string | number

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

/**
 * How a list is walked. Each count must be a whole number, 0 or more (`RangeError`
 * otherwise, naming it); any other key is a `TypeError`.
 */
export interface PagingOptions {
  /** Items per page to ask for (default 100; capped at the endpoint's maximum). */
  pageSize?: number | undefined
  /** Stop after this many items (the whole list, across pages). */
  maxItems?: number | undefined
  /** Pages in flight at once once the total is known (default 4; items still come in order). */
  prefetch?: number | undefined
}

/** One page of a paged read (`…Page` methods). */
export interface PageRequest {
  /** 1-based (default 1). */
  page?: number | undefined
  /** Items per page (default 20). */
  perPage?: number | undefined
}

/**
 * An auto-paging list. `for await (const item of list)` reads every item, fetching pages
 * lazily; `toArray({ limit })` collects them. The list methods check their arguments at
 * once (a `ValidationError` is thrown synchronously, nothing sent); request failures reject
 * the read that needed the page, after the items that preceded it, and end the list. One
 * pass: iterate it once.
 */
export declare class AutoPager<T> {
  private constructor()
  /** The next item (`{ done: true }` at the end). */
  next(): Promise<IteratorResult<T, undefined>>
  /** Stops the list (a `break` out of `for await` calls it); nothing more is fetched. */
  return(value?: undefined): Promise<IteratorResult<T, undefined>>
  [Symbol.asyncIterator](): AutoPager<T>
  /**
   * The remaining items, at most `limit` of them (no further page is fetched beyond it).
   * `limit` must be a whole number, 0 or more (`RangeError` otherwise).
   */
  toArray(options?: { limit?: number | undefined }): Promise<T[]>
}

// ---------------------------------------------------------------------------------------
// Request shapes
// ---------------------------------------------------------------------------------------

export type TransactionType = 'recharge' | 'debit' | 'refund' | 'transfer'
export type CallDirection = 'inbound' | 'outbound'
export type CallStatus = 'answered' | 'failed' | 'busy' | 'no_answer'
export type KycFlow = 'email' | 'redirect'
export type KycSessionStatus = 'email_sent' | 'link_ready' | 'opened' | 'in_progress' | 'kyc_completed' | 'revoked'
export type CapacityResource = 'concurrent_calls' | 'cps'
export type HealthGranularity = 'day' | 'hour'
export type RecordingType = 'call' | 'conference' | 'trunk'
export type CallbackMethod = 'GET' | 'POST'
export type MachineDetection = 'true' | 'hangup'
export type TrunkDirection = 'inbound' | 'outbound' | 'both'
export type TrunkStatus = 'enabled' | 'disabled'
export type SipTransport = 'udp' | 'tcp' | 'tls'
export type PendingOutcome = 'verified' | 'failed'

/** `partner.customers.create(...)`: checked before sending (email, password rule, E.164, country, GSTIN). */
export interface NewCustomer {
  name: string
  /** Unique across the whole platform. */
  email: string
  /** At least 8 characters with a digit and a special character. */
  password: string
  /** ISO 3166-1 alpha-2 (`IN`); the wallet currency derives from it. */
  country: string
  /** E.164 (`+919876543210`). */
  phone?: string | undefined
  company?: string | undefined
  description?: string | undefined
  address?: string | undefined
  city?: string | undefined
  state?: string | undefined
  zipCode?: string | undefined
  /** IANA timezone (`Asia/Kolkata`). */
  timezone?: string | undefined
  gstin?: string | undefined
  /** `active` or `inactive`. */
  gstStatus?: string | undefined
  /** Plan tier (`standard` by default). */
  accountType?: string | undefined
}

export interface CustomerFilters {
  /** Substring of the name or email. */
  search?: string | undefined
}

/** Ledger filters. `account` and `search` apply to the partner-wide ledger only. */
export interface TransactionFilters {
  fromDate?: Day | undefined
  toDate?: Day | undefined
  transactionType?: TransactionType | undefined
  /** One customer's auth id (partner-wide ledger). */
  account?: string | undefined
  search?: string | undefined
}

/** A customer's ledger filters. */
export type CustomerTransactionFilters = Omit<TransactionFilters, 'account' | 'search'>

export interface CdrFilters {
  startDate?: Day | undefined
  endDate?: Day | undefined
  callDirection?: CallDirection | undefined
  status?: CallStatus | undefined
  /** `NORMAL_CLEARING`, `NO_ANSWER`, `USER_BUSY`… */
  hangupCause?: string | undefined
  /** At least this many seconds. */
  minDuration?: number | undefined
}

export interface NumberFilters {
  /** Substring of the E.164 number. */
  search?: string | undefined
}

export interface TransferOptions {
  /** ISO 4217 (`INR`). */
  currency: string
  description?: string | undefined
}

export interface SafeTransferOptions extends TransferOptions {
  /**
   * Names the transfer (1–64 letters, digits, `-`, `_`, `.`): an order id makes a re-run
   * after a crash safe. Generated (`vbz-…`) when omitted.
   */
  reference?: string | undefined
}

/** Options of `account.numbers.executeReleasePlan`. */
export interface ReleaseOptions {
  /** Only move sub-accounts' DIDs back to the pool; release nothing. */
  unassignOnly?: boolean | undefined
  /** Release at once (not cancellable) instead of the standard 24 h cancellable release. */
  immediate?: boolean | undefined
}

export interface CapacityMove {
  resource: CapacityResource
  /** 1–10000. */
  slots: number
  /** At most 500 characters. */
  description?: string | undefined
}

export interface KycReminderInput {
  /** `days_before_expiry`. */
  trigger?: string | undefined
  value?: number | undefined
}

export interface NewKycSession {
  /** The customer (`MA_…`) to verify. */
  accountAuthId: string
  flow: KycFlow
  /** Email flow: where the link goes (default: the account's email). */
  customerEmail?: string | undefined
  /** Redirect flow (required there): where the widget sends the browser back. */
  redirectUrl?: string | undefined
  webhookUrl?: string | undefined
  /** 1–365 (default 7). */
  expiresInDays?: number | undefined
  reminderSchedule?: KycReminderInput[] | undefined
  /** Your own data, echoed on reads and in webhooks (keys kept as given). */
  metadata?: Record<string, unknown> | undefined
}

export interface KycSessionFilters {
  status?: KycSessionStatus | undefined
  accountAuthId?: string | undefined
}

export interface OwnedNumberFilters {
  search?: string | undefined
  /** A main account: include its sub-accounts' numbers (the API's default: yes). */
  includeSubaccounts?: boolean | undefined
}

export interface InventoryFilters {
  /** ISO 3166-1 alpha-2 (`IN`). */
  country?: string | undefined
  search?: string | undefined
  /** E.164 prefixes to leave out, with the country code (`9180`). */
  exclude?: string[] | undefined
}

export interface HealthQuery {
  granularity?: HealthGranularity | undefined
  /** 1–90 (default 7). */
  days?: number | undefined
}

export interface AccountCdrFilters {
  fromNumber?: string | undefined
  toNumber?: string | undefined
  /** Give with `endDate`. */
  startDate?: Day | undefined
  /** Give with `startDate`. */
  endDate?: Day | undefined
  callDirection?: CallDirection | undefined
  status?: CallStatus | undefined
  minDuration?: number | undefined
  sipCallId?: string | undefined
  bridgeUuid?: string | undefined
  hangupCause?: string | undefined
  hangupDisposition?: string | undefined
  /** `voice-api` or `sip-trunking`. */
  context?: string | undefined
  campaignId?: string | undefined
  search?: string | undefined
}

export interface RecordingFilters {
  callUuid?: string | undefined
  recordingType?: RecordingType | undefined
}

/** `account.calls.make(...)`: checked before sending (E.164 / SIP URIs, URLs, ranges). */
export interface CallRequest {
  /** The caller ID, E.164. */
  from: string
  /** One destination or several (E.164 or `sip:` URIs; they ring at once). */
  to: string | string[]
  /** Where the API fetches the VobizXML that drives the call. */
  answerUrl: string
  answerMethod?: CallbackMethod | undefined
  ringUrl?: string | undefined
  ringMethod?: CallbackMethod | undefined
  hangupUrl?: string | undefined
  hangupMethod?: CallbackMethod | undefined
  fallbackUrl?: string | undefined
  fallbackMethod?: CallbackMethod | undefined
  /** At most 50 characters. */
  callerName?: string | undefined
  sendDigits?: string | undefined
  sendOnPreanswer?: boolean | undefined
  timeLimit?: number | undefined
  hangupOnRing?: number | undefined
  ringTimeout?: number | undefined
  machineDetection?: MachineDetection | undefined
  machineDetectionTime?: number | undefined
  machineDetectionUrl?: string | undefined
  machineDetectionMethod?: CallbackMethod | undefined
  machineDetectionMaximumSpeechLength?: number | undefined
  machineDetectionInitialSilence?: number | undefined
  machineDetectionMaximumWords?: number | undefined
  machineDetectionInitialGreeting?: number | undefined
}

export interface SubAccountPermissionsInput {
  calls?: boolean | undefined
  cdr?: boolean | undefined
}

export interface CreateSubAccount {
  name: string
  /** Required with `kycMode: 'customer_use'`. */
  email?: string | undefined
  /** Console password (≥ 8 characters with a digit and a special character). */
  password?: string | undefined
  kycMode?: KycMode | undefined
  businessType?: BusinessType | undefined
  enabled?: boolean | undefined
  /** At least 1 (default 1000). */
  rateLimit?: number | undefined
  permissions?: SubAccountPermissionsInput | undefined
  /** E.164. */
  phone?: string | undefined
  description?: string | undefined
}

export interface SubAccountFilters {
  /** Only enabled sub-accounts. */
  activeOnly?: boolean | undefined
}

/** A partial update: only the fields given change. */
export interface UpdateSubAccount {
  name?: string | undefined
  email?: string | undefined
  phone?: string | undefined
  description?: string | undefined
  rateLimit?: number | undefined
  permissions?: SubAccountPermissionsInput | undefined
  enabled?: boolean | undefined
  kycMode?: KycMode | undefined
  businessType?: BusinessType | undefined
}

/** A trunk update (a patch: only the fields given change); `NewTrunk` for a create. */
export interface TrunkRequest {
  name?: string | undefined
  trunkDirection?: TrunkDirection | undefined
  trunkStatus?: TrunkStatus | undefined
  secure?: boolean | undefined
  trunkDomain?: string | undefined
  transport?: SipTransport | undefined
  inboundDestination?: string | undefined
  description?: string | undefined
  /** 0–1000. */
  concurrentCallsLimit?: number | undefined
  /** 0–100. */
  cpsLimit?: number | undefined
  credentialUuid?: string | undefined
  ipaclUuid?: string | undefined
  primaryUriUuid?: string | undefined
  fallbackUriUuid?: string | undefined
  recording?: boolean | undefined
  enableTranscription?: boolean | undefined
  piiRedaction?: boolean | undefined
  piiEntityTypes?: string | undefined
  /** A public http(s) URL. */
  webhookUrl?: string | undefined
  webhookMethod?: CallbackMethod | undefined
  recordingWebhookEnabled?: boolean | undefined
}

export interface NewTrunk extends TrunkRequest {
  name: string
}

export interface TrunkCredentialRequest {
  username?: string | undefined
  password?: string | undefined
}
export interface NewTrunkCredential extends TrunkCredentialRequest {
  username: string
  password: string
}

export interface IpAclRequest {
  name?: string | undefined
  /** `a.b.c.d` or `a.b.c.d/n` (IPv4). */
  ipAddress?: string | undefined
}
export interface NewIpAcl extends IpAclRequest {
  name: string
  ipAddress: string
}

export interface OriginationUriRequest {
  name?: string | undefined
  /** `sip:host[:port]` or `sips:…`. */
  sipUri?: string | undefined
  /** Lower is tried first. */
  priority?: number | undefined
  /** Share among URIs of equal priority. */
  weight?: number | undefined
}
export interface NewOriginationUri extends OriginationUriRequest {
  name: string
  sipUri: string
}

/** A sub-account's hosted KYC session: the email flow or the redirect flow. */
export type SubAccountKycSessionRequest = (
  | { customerEmail: string; redirectUrl?: undefined }
  | { redirectUrl: string; customerEmail?: undefined }
) & {
  webhookUrl?: string | undefined
  /** 1–365. */
  expiresInDays?: number | undefined
  /** Reminder emails, as days before expiry. */
  reminderDays?: number[] | undefined
  /** Your own data (keys kept as given). */
  metadata?: Record<string, unknown> | undefined
}

// ---------------------------------------------------------------------------------------
// Partner
// ---------------------------------------------------------------------------------------

/** `partner.customers`: the partner's customer accounts (`MA_…`). */
export interface PartnerCustomers {
  /** The answer holds the customer's token, this once (`authToken`, a `Secret`). */
  create(customer: NewCustomer): Promise<CreatedCustomer>
  list(filters?: CustomerFilters, paging?: PagingOptions): AutoPager<Customer>
  /**
   * Creates every customer that does not exist yet (bounded concurrency, a request rate);
   * one row per input: `created` (with the once-shown `authToken`), `existing` or `failed`.
   */
  onboardMany(
    customers: NewCustomer[],
    options?: { concurrency?: number | undefined; requestsPerSecond?: number | undefined },
  ): Promise<BulkOnboardingRow[]>
  get(authId: string): Promise<Customer>
  balance(authId: string): Promise<CustomerBalance>
  /** Never retried once sent: an ambiguous failure is an `OutcomeUnknownError`. */
  transferBalance(authId: string, amount: Amount, options: TransferOptions): Promise<TransferResult>
  /**
   * Never debits twice: the transfer carries `reference` (yours, or a generated `vbz-…`) in
   * its description as `"<description> [ref:<reference>]"`; an ambiguous failure is settled
   * from the customer's ledger (found: `reconciled`; provably not made: sent once more), and
   * a re-run with the same reference returns the transfer already made (`outcome:
   * 'already_done'`). An `OutcomeUnknownError` naming the reference only when both attempts
   * were ambiguous and the ledger does not show it: call again with that reference.
   */
  /** Runs the next step of a partner customer onboarding (`state` null to start). */
  onboardingStep(
    plan: Record<string, unknown>,
    state: OnboardingState | null,
    options?: { maxWaitSeconds?: number; customerCredentials?: GivenCredentials },
  ): Promise<OnboardingStep>
  /**
   * Runs the whole customer onboarding over `options.store`: loads the state, runs
   * `onboardingStep` until the flow is finished or waits (KYC), hands once-shown
   * credentials to `onCredentials` before saving the state after every step. A step's error
   * rejects the promise; the state saved before it stays, so running again resumes.
   */
  onboard(plan: Record<string, unknown>, options: CustomerOnboardOptions): Promise<OnboardingResult>
  transferBalanceSafely(authId: string, amount: Amount, options: SafeTransferOptions): Promise<SafeTransfer>
  transactions(authId: string, filters?: CustomerTransactionFilters, paging?: PagingOptions): AutoPager<Transaction>
  transactionsPage(authId: string, options?: PageRequest & CustomerTransactionFilters): Promise<TransactionPage>
  cdrs(authId: string, filters?: CdrFilters, paging?: PagingOptions): AutoPager<Cdr>
  cdrsPage(authId: string, options?: PageRequest & CdrFilters): Promise<CdrPage>
  cdr(authId: string, callUuid: string): Promise<Cdr>
  numbers(authId: string, filters?: NumberFilters, paging?: PagingOptions): AutoPager<PhoneNumber>
  capacity(authId: string): Promise<CustomerCapacity>
  transferCapacity(authId: string, move: CapacityMove): Promise<CapacityTransferResult>
  reclaimCapacity(authId: string, move: CapacityMove): Promise<CapacityTransferResult>
}

/** `partner.kycSessions`: hosted KYC sessions for the partner's customers. */
export interface PartnerKycSessions {
  create(session: NewKycSession): Promise<KycSessionCreated>
  list(filters?: KycSessionFilters, paging?: PagingOptions): AutoPager<KycSession>
  get(sessionId: string): Promise<KycSession>
  /** Re-sends the email (a 30-minute cooldown applies: `RateLimitError`). */
  resend(sessionId: string): Promise<KycResend>
  revoke(sessionId: string, options?: { reason?: string | undefined }): Promise<KycRevocation>
}

/** `partner.reports`: the weekly ops checks over every customer's numbers, and invoices. */
export interface PartnerReports {
  /**
   * Numbers renewing within `withinDays` (default 14) of `asOf` (now by default) whose
   * owner's wallet cannot cover the rental, each owner's renewals counted in date order.
   */
  renewalsAtRisk(options?: { withinDays?: number | undefined; asOf?: Date | string | undefined }): Promise<RenewalRisk[]>
  /** Owned numbers with no application routing (callers are hung up at once). */
  unroutedNumbers(): Promise<PhoneNumber[]>
  /** Numbers that require Aadhaar verification and lack it (India). */
  aadhaarRestrictedNumbers(): Promise<PhoneNumber[]>
  /** What the customer owes for `from..=to`: DID setup and monthly fees, and call usage. */
  invoice(customerAuthId: string, period: { from: Day; to: Day }): Promise<Invoice>
}

/** The partner API (`/api/v1/partner/*`), with partner credentials (`PA_…`). */
export declare class Partner {
  constructor(credentials: PartnerCredentials, options?: ClientOptions)
  /** From `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` (a `PA_…` id) and `VOBIZ_BASE_URL`. */
  static fromEnv(): Partner
  readonly authId: string
  readonly baseUrl: string
  readonly customers: PartnerCustomers
  readonly kycSessions: PartnerKycSessions
  readonly reports: PartnerReports
  me(): Promise<PartnerProfile>
  dashboard(): Promise<Dashboard>
  analytics(range?: { from?: Day | undefined; to?: Day | undefined }): Promise<Dashboard>
  /** The partner-wide ledger. */
  transactions(filters?: TransactionFilters, paging?: PagingOptions): AutoPager<Transaction>
  transactionsPage(options?: PageRequest & TransactionFilters): Promise<TransactionPage>
  /** Every customer's calls. */
  cdrs(filters?: CdrFilters, paging?: PagingOptions): AutoPager<Cdr>
  cdrsPage(options?: PageRequest & CdrFilters): Promise<CdrPage>
  /** Every customer's numbers. */
  numbers(filters?: NumberFilters, paging?: PagingOptions): AutoPager<PhoneNumber>
  capacityTransfers(paging?: PagingOptions): AutoPager<CapacityTransfer>
  /** An `Account` client for one of the customers (its own credentials), sharing the pool. */
  customerClient(credentials: AccountCredentials): Account
  toJSON(): { authId: string; baseUrl: string }
}

// ---------------------------------------------------------------------------------------
// Account
// ---------------------------------------------------------------------------------------

/** `account.numbers`: owned numbers, the inventory, and assignments. */
export interface AccountNumbers {
  list(filters?: OwnedNumberFilters, paging?: PagingOptions): AutoPager<PhoneNumber>
  inventory(filters?: InventoryFilters, paging?: PagingOptions): AutoPager<PhoneNumber>
  purchase(e164: string, options?: { currency?: string | undefined }): Promise<PurchaseResult>
  release(e164: string, options?: { immediate?: boolean | undefined }): Promise<ReleaseResult>
  cancelRelease(e164: string): Promise<CancelReleaseResult>
  assignToSubAccount(e164: string, subAccountId: string): Promise<void>
  /** A `CoolOffError` while the number had a call in the last 15 days. */
  unassignFromSubAccount(e164: string): Promise<void>
  /** Unassigns, or resolves with the cool-off (`status: 'cooling_off'`, `coolOffUntil`) instead of throwing. */
  unassignOrCoolOff(e164: string): Promise<UnassignOutcome>
  /**
   * `unassignOrCoolOff`, waiting (up to `maxWaitSeconds`, default 0) for a cool-off that
   * ends within it; a longer one resolves at once as `'cooling_off'`.
   */
  unassignWhenFree(e164: string, options?: { maxWaitSeconds?: number | undefined }): Promise<UnassignOutcome>
  /**
   * What releasing each DID takes (an unassign first for a sub-account's) and whether it can
   * happen now or when its cool-off ends. Changes nothing.
   */
  releasePlan(dids: string[]): Promise<ReleasePlan>
  /**
   * Does what the plan allows now: unassigns free sub-account DIDs and releases them
   * (cancellable for 24 h unless `immediate`; nothing released with `unassignOnly`). DIDs
   * cooling off are reported, not failed; a re-run skips what is already releasing.
   */
  executeReleasePlan(dids: string[], options?: ReleaseOptions): Promise<ReleaseExecution>
  assignToTrunk(e164: string, trunkId: string): Promise<void>
  unassignFromTrunk(e164: string): Promise<void>
  health(e164: string, query?: HealthQuery): Promise<NumberHealth>
}

/** `account.cdrs`: the account's call records. */
export interface AccountCdrs {
  list(filters?: AccountCdrFilters, paging?: PagingOptions): AutoPager<Cdr>
  search(filters?: AccountCdrFilters, paging?: PagingOptions): AutoPager<Cdr>
  page(options?: PageRequest & AccountCdrFilters): Promise<CdrPage>
  recent(options?: { limit?: number | undefined }): Promise<Cdr[]>
  get(callUuid: string): Promise<Cdr>
  /** The matching CDRs as CSV text. */
  export(filters?: AccountCdrFilters): Promise<string>
}

/** `account.recordings`. */
export interface AccountRecordings {
  list(filters?: RecordingFilters, paging?: PagingOptions): AutoPager<Recording>
  get(recordingId: string): Promise<Recording>
  delete(recordingId: string): Promise<void>
}

/** `account.calls`. */
export interface AccountCalls {
  /** Never retried once sent. */
  make(request: CallRequest): Promise<CallFired>
}

/** `account.subAccounts`: a main account's sub-accounts (`SA_…`). */
export interface AccountSubAccounts {
  /** The answer holds the sub-account's credentials, this once. */
  create(request: CreateSubAccount): Promise<SubAccountCreated>
  list(filters?: SubAccountFilters, paging?: PagingOptions): AutoPager<SubAccountObject>
  /** The handle on one sub-account (sends nothing). */
  get(subAccountId: string): SubAccount
  /** Runs the next step of a sub-account onboarding (`state` null to start). */
  onboardingStep(
    plan: Record<string, unknown>,
    state: OnboardingState | null,
    options?: { maxWaitSeconds?: number; subAccountCredentials?: GivenCredentials },
  ): Promise<OnboardingStep>
  /**
   * Runs the whole sub-account onboarding over `options.store`: loads the state, runs
   * `onboardingStep` until the flow is finished or waits (KYC), hands once-shown
   * credentials to `onCredentials` before saving the state after every step. A step's error
   * rejects the promise; the state saved before it stays, so running again resumes.
   */
  onboard(plan: Record<string, unknown>, options: SubAccountOnboardOptions): Promise<OnboardingResult>
}

/** `account.trunks`: SIP trunks. */
export interface AccountTrunks {
  create(request: NewTrunk): Promise<Trunk>
  list(paging?: PagingOptions): AutoPager<Trunk>
  get(trunkId: string): Promise<Trunk>
  update(trunkId: string, changes: TrunkRequest): Promise<Trunk>
  delete(trunkId: string): Promise<void>
}

/** `account.trunkCredentials`: SIP credential lists for trunks. */
export interface AccountTrunkCredentials {
  create(request: NewTrunkCredential): Promise<TrunkCredential>
  list(paging?: PagingOptions): AutoPager<TrunkCredential>
  update(credentialUuid: string, changes: TrunkCredentialRequest): Promise<TrunkCredential>
  delete(credentialUuid: string): Promise<void>
}

/** `account.ipAcl`: IP access-control lists for trunks. */
export interface AccountIpAcl {
  create(request: NewIpAcl): Promise<IpAclEntry>
  list(paging?: PagingOptions): AutoPager<IpAclEntry>
  update(ipAclUuid: string, changes: IpAclRequest): Promise<IpAclEntry>
  delete(ipAclUuid: string): Promise<void>
}

/** `account.originationUris`: where a trunk sends calls. */
export interface AccountOriginationUris {
  create(request: NewOriginationUri): Promise<OriginationUri>
  list(paging?: PagingOptions): AutoPager<OriginationUri>
  update(originationUriUuid: string, changes: OriginationUriRequest): Promise<OriginationUri>
  delete(originationUriUuid: string): Promise<void>
}

/** An account's own API (`MA_…` or `SA_…` credentials); a main account also administers its sub-accounts. */
export declare class Account {
  constructor(credentials: AccountCredentials, options?: ClientOptions)
  /** From `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` (an `MA_…` or `SA_…` id) and `VOBIZ_BASE_URL`. */
  static fromEnv(): Account
  readonly authId: string
  readonly baseUrl: string
  readonly numbers: AccountNumbers
  readonly cdrs: AccountCdrs
  readonly recordings: AccountRecordings
  readonly calls: AccountCalls
  readonly subAccounts: AccountSubAccounts
  readonly trunks: AccountTrunks
  readonly trunkCredentials: AccountTrunkCredentials
  readonly ipAcl: AccountIpAcl
  readonly originationUris: AccountOriginationUris
  details(): Promise<AccountDetails>
  balance(): Promise<AccountBalance>
  /** The handle on one of this main account's sub-accounts (sends nothing). */
  subAccount(subAccountId: string): SubAccount
  toJSON(): { authId: string; baseUrl: string }
}

// ---------------------------------------------------------------------------------------
// SubAccount
// ---------------------------------------------------------------------------------------

/** The KYC checks of a sub-account, on the live or the test-mode routes. */
export interface SubAccountKycChecks {
  verifyPan(pan: string): Promise<KycVerificationResult>
  verifyGst(gstin: string): Promise<KycVerificationResult>
  cinSearch(companyName: string): Promise<CinMatch[]>
  cinConfirm(companyName: string, selectedCin: string): Promise<KycVerificationResult>
  digilockerInitiate(redirectUrl: string, options?: { oauthState?: string | undefined }): Promise<DigilockerInitiation>
  digilockerVerify(accessRequestId: string, options?: { linkedNumber?: string | undefined }): Promise<KycVerificationResult>
}

/** `sub.kyc`: the sub-account's KYC (live routes). */
export interface SubAccountKyc extends SubAccountKycChecks {
  status(): Promise<KycStatus>
  /** A hosted session: give `customerEmail` (email flow) or `redirectUrl` (redirect flow). */
  createSession(request: SubAccountKycSessionRequest): Promise<SubAccountKycSessionCreated>
}

/** `sub.kycTest`: the same checks on the test-mode routes (magic inputs, no provider). */
export interface SubAccountKycTest extends SubAccountKycChecks {
  /** Settles the latest pending mock verification of `verificationType`. */
  finalizePending(verificationType: VerificationType, outcome: PendingOutcome): Promise<KycVerificationResult>
}

/** A main account's handle on one of its sub-accounts: `account.subAccount('SA_…')`. */
export declare class SubAccount {
  private constructor()
  /** The sub-account's auth id (`SA_…`). */
  readonly id: string
  readonly baseUrl: string
  readonly kyc: SubAccountKyc
  readonly kycTest: SubAccountKycTest
  get(): Promise<SubAccountObject>
  update(changes: UpdateSubAccount): Promise<SubAccountObject>
  delete(): Promise<void>
  toJSON(): { id: string; baseUrl: string }
}

// ---------------------------------------------------------------------------------------
// Resumable onboarding
// ---------------------------------------------------------------------------------------

/** An account's own credentials for a step: the token as text or as the `Secret` received. */
export interface GivenCredentials {
  authId: string
  authToken: string | Secret
}

/**
 * Where an onboarding's state is kept between steps and runs (a database row, a key-value
 * store…; `FileStateStore` is the default). Either method may be sync or async.
 */
export interface OnboardingStore {
  /** The saved state, `null` (or `undefined`) when nothing was saved yet. */
  load(): OnboardingState | null | undefined | Promise<OnboardingState | null | undefined>
  /** Saves the state, replacing the previous one. */
  save(state: OnboardingState): void | Promise<void>
}

/**
 * The state in a JSON file (the core's state file): `load()` resolves `null` when the file
 * does not exist; `save()` writes atomically (a temporary file in the same directory,
 * fsync, rename). Errors are `ValidationError`s (`path`: unreadable or unwritable, `state`:
 * not JSON).
 */
export declare class FileStateStore implements OnboardingStore {
  constructor(path: string)
  /** The file. */
  readonly path: string
  load(): Promise<OnboardingState | null>
  save(state: OnboardingState): Promise<void>
  toJSON(): { path: string }
}

/** The options of `onboard`. */
export interface OnboardOptions {
  /** Where the state is kept: a store, or a file path (a `FileStateStore`). */
  store: OnboardingStore | string
  /**
   * Receives the created account's once-shown credentials (the token a `Secret`) before the
   * state is first saved with its id: store them (a vault) here. If it throws, the state is
   * saved (the id, never the secret) and the error rejects `onboard`.
   */
  onCredentials: (credentials: OnceShownCredentials) => void | Promise<void>
  /** Sees every step's report, after its state was saved. */
  progress?: ((report: StepReport) => void) | undefined
  /** How long `wait_kyc` polls before answering `waiting` (default 0: once). */
  maxWaitSeconds?: number | undefined
}

/** `account.subAccounts.onboard` options. */
export interface SubAccountOnboardOptions extends OnboardOptions {
  /** The sub-account's own credentials, for a resumed run (the first call). */
  subAccountCredentials?: GivenCredentials | undefined
}

/** `partner.customers.onboard` options. */
export interface CustomerOnboardOptions extends OnboardOptions {
  /** The customer's own credentials, for a resumed run (the trunk). */
  customerCredentials?: GivenCredentials | undefined
}

/** What `onboard` comes to. */
export interface OnboardingResult {
  /** The last state (as saved). */
  state: OnboardingState
  /** Every step is done. */
  finished: boolean
  /** What the flow waits for (`'kyc'`) when it stopped on `waiting`, else `null`. */
  waitingFor: string | null
  /** The reports of this run's steps, in order. */
  reports: StepReport[]
}
