// Type-checked (never run) by tests/node/types.test.mjs with `tsc --strict`: keeps
// bindings-node/index.d.ts honest about how the package is used, and about what it refuses.

import {
  AccountCredentials,
  ClientConfig,
  ConflictError,
  CoolOffError,
  InsufficientBalanceError,
  OutcomeUnknownError,
  PartnerCredentials,
  RateLimitError,
  Response,
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
  if (e instanceof RateLimitError) return String(e.retryAfterSeconds ?? 0)
  if (e instanceof InsufficientBalanceError) {
    const amounts: Array<string | null> = [e.currentBalance, e.requestedAmount, e.currency]
    return amounts.join(' ')
  }
  if (e instanceof OutcomeUnknownError) return `${e.attempts} ${e.method} ${e.path}`
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
