// Sandbox: the embedded emulator of the Vobiz API (crate vobiz-sandbox), in this process.

import { inspect } from 'node:util'

import { AccountCredentials, PartnerCredentials } from './config.js'
import { call, convertError } from './convert.js'
import { type Inspect, type InspectOptions, inspectAs, nativeOf, wrap } from './handles.js'
import { native } from './loader.js'
import { optionalBoolean, optionalNumber, optionalPath, optionalString, optionsOf, requireNumber, requireString } from './options.js'
import type { HttpMethod } from './transport.js'
import { jsonText } from './transport.js'

import type * as Native from './native.js'

/** Options of `Sandbox.start(...)`. */
export interface SandboxStartOptions {
  /** The loopback port; 0 or omitted picks a free one. */
  port?: number | undefined
  /** The seed of the world: the same seed gives the same ids and tokens (default 0). */
  seed?: number | undefined
  /**
   * Load the world from this file when it exists; save it there after every change and at
   * `stop()`. (A `file:` URL object is accepted at run time too.)
   */
  stateFile?: string | undefined
}

/** What a sandbox was seeded with, without secrets. */
export interface SandboxSeeded {
  seed: number
  partnerAuthId: string
  partnerEmail: string
  /** An exact decimal string, e.g. `'50000.00000'`. */
  partnerBalance: string
  maxAccounts: number
  parentAuthId: string
  /** An exact decimal string, e.g. `'10000.00000'`. */
  parentBalance: string
  currency: string
  inventoryNumbers: number
  regions: string[]
}

/** A step a customer takes in a hosted KYC session. */
export type KycStep = 'open' | 'submit' | 'complete' | 'fail'
/** What a completed KYC verified. */
export type KycType = 'individual' | 'company'

/** A call on an owned DID; omitted fields take the sandbox's defaults. */
export interface SimulatedCall {
  /** The owned DID, as E.164 with a literal `+`. */
  e164: string
  /** Default `'inbound'` (to the DID). */
  direction?: 'inbound' | 'outbound' | undefined
  /** Default `true`. */
  answered?: boolean | undefined
  /** Talk time, default 60. */
  durationSeconds?: number | undefined
  /** The other party (default a fixed test number). */
  peer?: string | undefined
}

/** What `Sandbox.setNumber` changes; absent fields stay as they are. */
export interface NumberPatch {
  /** Routes the number to this application. */
  applicationId?: string | undefined
  /** Removes the application routing. */
  unroute?: boolean | undefined
  aadhaarVerificationRequired?: boolean | undefined
  aadhaarVerified?: boolean | undefined
  lastBillingDate?: Date | undefined
  nextBillingDate?: Date | undefined
}

/** What `simulateCall` returns. */
export interface SimulatedCallResult {
  call_uuid: string
  account_id: string
  /** RFC 3339: the CDR and charge appear once the sandbox clock passes it. */
  ends_at: string | null
  [key: string]: unknown
}

/** Which requests a fault applies to, and how often. */
export interface FaultMatch {
  /** The path to match; `*` spans any characters (`'/api/v1/partner/*'`). */
  path: string
  /** The method to match (any when omitted). */
  method?: HttpMethod | Lowercase<HttpMethod> | undefined
  /** Fire this many times, then retire (unlimited when omitted). */
  count?: number | undefined
  /** Fire with this probability, 0–1 (always when omitted). */
  probability?: number | undefined
}

/** A fault to inject: `FaultMatch` plus exactly one kind. */
export type FaultSpec = FaultMatch &
  (
    | {
        /** Answer with this status without running the handler. */
        status: number
        /** The answer's body (JSON; default `{"error": "injected_fault"}`). */
        body?: unknown
        /** Seconds, sent as `Retry-After`. */
        retryAfter?: number | undefined
      }
    | {
        /** Wait this long, then handle the request normally. */
        delayMs: number
      }
    | {
        /** Drop the connection without running the handler: nothing changes. */
        resetBefore: true
      }
    | {
        /** Run the handler (its change commits), then drop the connection. */
        resetAfter: true
      }
    | {
        /**
         * Drop the connection at once, and run the handler this many milliseconds later:
         * a server that commits after the client gave up.
         */
        lateCommitMs: number
      }
    | {
        /** Run the handler, then answer with a body that is not JSON. */
        malformed: true
      }
    | {
        /** Run the handler, then answer with the first half of its body. */
        truncated: true
      }
  )

/** The error codes of a sandbox's control methods (`err.code`). */
export type SandboxErrorCode =
  | 'SANDBOX_NOT_FOUND'
  | 'SANDBOX_CONFLICT'
  | 'SANDBOX_INVALID_REQUEST'
  | 'SANDBOX_VALIDATION_ERROR'
  | 'SANDBOX_STOPPED'

/** Each sandbox's pending stop. */
const SANDBOX_STOP = new WeakMap<Sandbox, Promise<void>>()

function kycOptions(options: unknown, known = ['kycType', 'reason']): { kycType: string | undefined; reason: string | undefined } {
  const o = optionsOf('options', options, known)
  return {
    kycType: optionalString('options.kycType', o.kycType),
    reason: optionalString('options.reason', o.reason),
  }
}

/**
 * A running sandbox: a local, stateful emulator of the Vobiz API on `127.0.0.1`, in this
 * process. Made by `Sandbox.start()`; `stop()` ends it. Control methods throw an `Error`
 * with a `SandboxErrorCode` as `code` (and the control route's HTTP `status`) when the world
 * cannot do what is asked, `SANDBOX_STOPPED` once stopped; bad arguments throw a
 * `TypeError` or a `ValidationError`. `util.inspect` and `JSON.stringify` show the URL and
 * seed only. At run time it also has `[Symbol.asyncDispose]` (`await using sb = await
 * Sandbox.start()`) where Node defines it.
 */
export class Sandbox {
  private constructor() {
    throw new TypeError('Sandbox objects are made by Sandbox.start()')
  }

  /**
   * Starts a sandbox on `127.0.0.1:port` (default: a free port); resolves once it listens.
   * Rejects with an `Error` whose `code` is the OS error (`'EADDRINUSE'`, …) when it cannot.
   */
  static async start(options?: SandboxStartOptions): Promise<Sandbox> {
    const o = optionsOf('options', options, ['port', 'seed', 'stateFile'])
    const init = {
      port: optionalNumber('options.port', o.port),
      seed: optionalNumber('options.seed', o.seed),
      stateFile: optionalPath('options.stateFile', o.stateFile),
    } as Native.SandboxStartOptions
    let started: Native.Sandbox
    try {
      started = await native.Sandbox.start(init)
    } catch (error) {
      throw convertError(error)
    }
    return wrap(Sandbox, started)
  }

  /** `http://127.0.0.1:<port>`: the base URL to give a client. */
  get url(): string {
    return nativeOf<Native.Sandbox>(this).url
  }
  /** The seed of the current world. */
  get seed(): number {
    return nativeOf<Native.Sandbox>(this).seed
  }
  /** Whether it still serves (`stop()` not called yet). */
  get running(): boolean {
    return nativeOf<Native.Sandbox>(this).running
  }
  /** The seeded partner's credentials (`PA_…`). */
  get partnerCredentials(): PartnerCredentials {
    const sandbox = nativeOf<Native.Sandbox>(this)
    return wrap(PartnerCredentials, call(() => sandbox.partnerCredentials))
  }
  /** The seeded parent main account's own credentials (`MA_…`). */
  get parentCredentials(): AccountCredentials {
    const sandbox = nativeOf<Native.Sandbox>(this)
    return wrap(AccountCredentials, call(() => sandbox.parentCredentials))
  }
  /** The seeded partner's console email, for `POST /api/v1/partner/login`. */
  get partnerEmail(): string {
    return nativeOf<Native.Sandbox>(this).partnerEmail
  }
  /** The seeded partner's console password, for `POST /api/v1/partner/login`. */
  get partnerPassword(): string {
    return nativeOf<Native.Sandbox>(this).partnerPassword
  }
  /** What was seeded, without secrets (balances are exact decimal strings). */
  get seeded(): SandboxSeeded {
    return nativeOf<Native.Sandbox>(this).seeded as SandboxSeeded
  }

  /** The sandbox's current time. */
  now(): Date {
    const sandbox = nativeOf<Native.Sandbox>(this)
    return new Date(call(() => sandbox.nowMs()))
  }

  /**
   * Moves the clock by `seconds` (negative moves it back); returns the new time. Cool-offs,
   * KYC expiry, resend cooldowns and call ends follow it.
   */
  advanceClock(seconds: number): Date {
    requireNumber('seconds', seconds)
    const sandbox = nativeOf<Native.Sandbox>(this)
    return new Date(call(() => sandbox.advanceClock(seconds)))
  }

  /** Sets the clock to `at`; returns the new time. */
  setClock(at: Date): Date {
    if (!(at instanceof Date)) throw new TypeError('at must be a Date')
    const sandbox = nativeOf<Native.Sandbox>(this)
    return new Date(call(() => sandbox.setClockMs(at.getTime())))
  }

  /**
   * Moves a hosted KYC session one step (`'open'`, `'submit'`, `'complete'`, `'fail'`) as
   * its customer would, sending the webhooks; returns the session.
   */
  kycSessionStep(
    sessionId: string,
    step: KycStep,
    options?: { kycType?: KycType | undefined; reason?: string | undefined },
  ): Record<string, unknown> {
    requireString('sessionId', sessionId)
    requireString('step', step)
    const { kycType, reason } = kycOptions(options)
    const sandbox = nativeOf<Native.Sandbox>(this)
    return call(() => sandbox.kycSessionStep(sessionId, step, kycType, reason))
  }
  /** The customer opened the widget (`opened`). */
  openKycSession(sessionId: string): Record<string, unknown> {
    return this.kycSessionStep(sessionId, 'open')
  }
  /** The customer submitted the PAN (`in_progress`). */
  submitKycSession(sessionId: string, options?: { kycType?: KycType | undefined }): Record<string, unknown> {
    return this.kycSessionStep(sessionId, 'submit', { kycType: kycOptions(options, ['kycType']).kycType as KycType | undefined })
  }
  /** Every document verified (`kyc_completed`; webhook `kyc.completed`). */
  completeKycSession(sessionId: string, options?: { kycType?: KycType | undefined }): Record<string, unknown> {
    return this.kycSessionStep(sessionId, 'complete', { kycType: kycOptions(options, ['kycType']).kycType as KycType | undefined })
  }
  /** A document failed (`kyc_failed`; webhook `kyc.failed`). */
  failKycSession(sessionId: string, reason?: string): Record<string, unknown> {
    return this.kycSessionStep(sessionId, 'fail', { reason: optionalString('reason', reason) })
  }

  /** Verifies the documents the sub-account's business type needs; returns its KYC status. */
  completeSubAccountKyc(subAuthId: string): Record<string, unknown> {
    requireString('subAuthId', subAuthId)
    const sandbox = nativeOf<Native.Sandbox>(this)
    return call(() => sandbox.subAccountKyc(subAuthId, true))
  }
  /** Fails the documents the sub-account's business type needs; returns its KYC status. */
  failSubAccountKyc(subAuthId: string): Record<string, unknown> {
    requireString('subAuthId', subAuthId)
    const sandbox = nativeOf<Native.Sandbox>(this)
    return call(() => sandbox.subAccountKyc(subAuthId, false))
  }

  /**
   * A call on an owned DID (defaults: inbound, answered, 60 s); its CDR, charge and the
   * DID's last call time appear once the clock passes its end.
   */
  simulateCall(call_: SimulatedCall): SimulatedCallResult {
    const o = optionsOf('call', call_, ['e164', 'direction', 'answered', 'durationSeconds', 'peer'])
    const init = {
      e164: requireString('call.e164', o.e164),
      direction: optionalString('call.direction', o.direction),
      answered: optionalBoolean('call.answered', o.answered),
      durationSeconds: optionalNumber('call.durationSeconds', o.durationSeconds),
      peer: optionalString('call.peer', o.peer),
    } as Native.SimulatedCallInit
    const sandbox = nativeOf<Native.Sandbox>(this)
    return call(() => sandbox.simulateCall(init))
  }

  /**
   * Sets what the API manages outside the emulator's routes on number `e164`: its
   * application routing (`applicationId`, or `unroute: true`), the Aadhaar flags and the
   * billing dates (`Date`s). For building a world with known answers; returns the number as
   * the API renders it.
   */
  setNumber(e164: string, patch: NumberPatch = {}): Record<string, unknown> {
    const o = optionsOf('patch', patch, [
      'applicationId',
      'unroute',
      'aadhaarVerificationRequired',
      'aadhaarVerified',
      'lastBillingDate',
      'nextBillingDate',
    ])
    const ms = (field: string, value: unknown): number | undefined => {
      if (value === undefined || value === null) return undefined
      if (!(value instanceof Date)) throw new TypeError(`${field} must be a Date`)
      return value.getTime()
    }
    const init = {
      applicationId: optionalString('patch.applicationId', o.applicationId),
      unroute: optionalBoolean('patch.unroute', o.unroute),
      aadhaarVerificationRequired: optionalBoolean('patch.aadhaarVerificationRequired', o.aadhaarVerificationRequired),
      aadhaarVerified: optionalBoolean('patch.aadhaarVerified', o.aadhaarVerified),
      lastBillingDateMs: ms('patch.lastBillingDate', o.lastBillingDate),
      nextBillingDateMs: ms('patch.nextBillingDate', o.nextBillingDate),
    } as Native.NumberPatchInit
    const sandbox = nativeOf<Native.Sandbox>(this)
    const number = requireString('e164', e164)
    return call(() => sandbox.setNumber(number, init))
  }

  /**
   * Injects a fault into requests matching `path` (`*` spans any characters) and `method`
   * (any when absent); returns its id. Exactly one kind: `status` (with `body`,
   * `retryAfter`), `delayMs`, `resetBefore`, `resetAfter`, `lateCommitMs` (the connection
   * drops at once and the change commits that many ms later), `malformed`, `truncated`.
   */
  addFault(fault: FaultSpec): number {
    const o = optionsOf('fault', fault, [
      'path',
      'method',
      'status',
      'body',
      'retryAfter',
      'delayMs',
      'resetBefore',
      'resetAfter',
      'lateCommitMs',
      'malformed',
      'truncated',
      'count',
      'probability',
    ])
    const init = {
      path: requireString('fault.path', o.path),
      method: optionalString('fault.method', o.method),
      status: optionalNumber('fault.status', o.status),
      bodyJson: jsonText(o.body),
      retryAfter: optionalNumber('fault.retryAfter', o.retryAfter),
      delayMs: optionalNumber('fault.delayMs', o.delayMs),
      resetBefore: optionalBoolean('fault.resetBefore', o.resetBefore),
      resetAfter: optionalBoolean('fault.resetAfter', o.resetAfter),
      lateCommitMs: optionalNumber('fault.lateCommitMs', o.lateCommitMs),
      malformed: optionalBoolean('fault.malformed', o.malformed),
      truncated: optionalBoolean('fault.truncated', o.truncated),
      count: optionalNumber('fault.count', o.count),
      probability: optionalNumber('fault.probability', o.probability),
    } as Native.FaultInit
    const sandbox = nativeOf<Native.Sandbox>(this)
    return call(() => sandbox.addFault(init))
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    const sandbox = nativeOf<Native.Sandbox>(this)
    call(() => sandbox.clearFaults())
  }

  /** A freshly seeded world (`seed`, or the current one); clears the faults. */
  reset(seed?: number): void {
    const s = optionalNumber('seed', seed)
    const sandbox = nativeOf<Native.Sandbox>(this)
    call(() => sandbox.reset(s))
  }

  /** Stops serving, waits for requests in flight, saves the state file. Idempotent. */
  stop(): Promise<void> {
    let stopping = SANDBOX_STOP.get(this)
    if (stopping === undefined) {
      stopping = nativeOf<Native.Sandbox>(this).stop()
      SANDBOX_STOP.set(this, stopping)
    }
    return stopping
  }

  toJSON(): { url: string; seed: number } {
    return { url: this.url, seed: this.seed }
  }

  /** @internal */
  [inspect.custom](depth: number, options: InspectOptions, inspect: Inspect): string {
    return inspectAs('Sandbox', this.toJSON(), depth, options, inspect)
  }
}

if (typeof Symbol.asyncDispose === 'symbol') {
  Object.defineProperty(Sandbox.prototype, Symbol.asyncDispose, {
    value: function asyncDispose(this: Sandbox) {
      return this.stop()
    },
    writable: true,
    configurable: true,
  })
}
