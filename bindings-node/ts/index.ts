// The public JS layer of vobiz-partner: everything the package exports, in one list.
//
// A thin wrapper over the Rust addon (loader.ts: the platform package, or a build in a clone;
// one clear Error when there is none for this platform): it converts arguments, turns the
// addon's errors into typed subclasses (napi cannot throw subclasses of Error), and makes sure
// no credential or secret can print. Behaviour — validation, retries, redaction, path
// encoding, error classification — lives in the Rust core. The operations of the clients are
// generated from the core's declarations (operations.ts); the result models too (models.d.ts).

import { native } from './loader.js'

/** The package version (that of the Rust core it embeds). */
export const VERSION: string = native.version()

export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  CoolOffError,
  DecodeError,
  InsufficientBalanceError,
  InternalError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  TransportError,
  UnprocessableError,
  ValidationError,
  VobizError,
  WebhookError,
  type VobizErrorCode,
  type VobizErrorDetails,
} from './errors.js'
export {
  AccountCredentials,
  ClientConfig,
  PartnerCredentials,
  type ClientConfigOptions,
  type Credentials,
  type RedactedCredentials,
} from './config.js'
export { Response, Transport, type HttpMethod, type QueryValue, type RequestOptions } from './transport.js'
export { Secret } from './secret.js'
export { AutoPager, type PagingOptions } from './pager.js'
export type { Amount, Day } from './calls.js'
export {
  Account,
  Partner,
  SubAccount,
  type AccountCalls,
  type AccountIpAcl,
  type AccountOriginationUris,
  type AccountSubAccounts,
  type AccountTrunkCredentials,
  type AccountTrunks,
  type CallRequestInput,
  type ClientOptions,
  type CustomerTransactionFilters,
  type NewIpAcl,
  type NewKycSession,
  type NewOriginationUri,
  type NewTrunk,
  type NewTrunkCredential,
  type PageRequest,
  type PartnerCustomers,
  type PartnerKycSessions,
  type PartnerReports,
  type ReleaseOptions,
  type SafeTransferOptions,
  type SubAccountKyc,
  type SubAccountKycChecks,
  type SubAccountKycSessionRequest,
  type TransferOptions,
} from './clients.js'
export {
  FileStateStore,
  type CustomerOnboardOptions,
  type OnboardOptions,
  type OnboardingResult,
  type OnboardingStore,
  type SubAccountOnboardOptions,
} from './onboarding.js'
export { verifyWebhook, type VerifyWebhookOptions, type WebhookHeaders } from './webhooks.js'
export {
  Sandbox,
  type FaultMatch,
  type FaultSpec,
  type KycStep,
  type KycType,
  type NumberPatch,
  type SandboxErrorCode,
  type SandboxSeeded,
  type SandboxStartOptions,
  type SimulatedCall,
  type SimulatedCallResult,
} from './sandbox.js'
// The generated request types and method groups (the explicit exports above win for the
// groups the clients extend), and the result models (their `Secret` is the class above).
export type * from './operations.js'
export type * from './models.js'
