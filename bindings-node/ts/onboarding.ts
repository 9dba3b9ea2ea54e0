// Resumable onboarding: `onboard`, a whole run by the Rust core's one driver
// (workflows::onboarding::run_onboarding, through the addon's NativeClient.onboard), and the
// state stores it saves to. This file only checks the options and hands the caller's store
// and callbacks to the addon.
//
// What happens when something fails is the core's, the same in every language:
// - onCredentials throws (or rejects): the state — with the new account's id, never its
//   secret — IS saved, then the run rejects with that very value; a re-run resumes without
//   creating the account again;
// - a step fails: the state is saved, then the run rejects with the step's error;
// - store.save throws: the run rejects with it (a save made while recording one of the
//   failures above that throws too does not replace that failure);
// - progress throws: the run rejects with it; the step it reported is done and saved, so a
//   re-run continues with the next one.
// store.load, store.save, onCredentials and progress may return values or Promises.

import { inspect } from 'node:util'
import { fileURLToPath } from 'node:url'

import { argsText, handleOf } from './calls.js'
import { call, convertError } from './convert.js'
import type { Inspect, InspectOptions } from './handles.js'
import { native } from './loader.js'
import type { GivenCredentials } from './operations.js'
import { optionsOf } from './options.js'
import { revive } from './secret.js'
import type { OnboardingState, OnceShownCredentials, StepReport } from './models.js'

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

function pathText(path: unknown): string {
  if (path instanceof URL) return fileURLToPath(path)
  if (typeof path !== 'string') throw new TypeError('path must be a string or a file: URL')
  return path
}

/**
 * The state in a JSON file (the core's state file): `load()` resolves `null` when the file
 * does not exist; `save()` writes atomically (a temporary file in the same directory,
 * fsync, rename), so a crash leaves the old state or the new one. Errors are
 * `ValidationError`s (`path`: unreadable or unwritable, `state`: not JSON).
 */
export class FileStateStore implements OnboardingStore {
  #path: string

  constructor(path: string) {
    this.#path = pathText(path)
  }

  /** The file. */
  get path(): string {
    return this.#path
  }

  async load(): Promise<OnboardingState | null> {
    const text = call(() => native.loadStateFile(this.#path))
    return text === null ? null : JSON.parse(text)
  }

  async save(state: OnboardingState): Promise<void> {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      throw new TypeError('state must be an object')
    }
    const text = JSON.stringify(state)
    call(() => native.saveStateFile(this.#path, text))
  }

  toJSON(): { path: string } {
    return { path: this.#path }
  }

  /** @internal */
  [inspect.custom](_depth: number, options: InspectOptions, inspect: Inspect): string {
    return `FileStateStore ${inspect({ path: this.#path }, options)}`
  }
}

/** The options of `onboard`. */
export interface OnboardOptions {
  /** Where the state is kept: a store, or a file path (the core's state file). */
  store: OnboardingStore | string
  /**
   * Receives the created account's once-shown credentials (the token a `Secret`) before the
   * state is first saved with its id: store them (a vault) here. If it throws (or rejects),
   * the state is saved (the id, never the secret) and `onboard` rejects with that very value.
   */
  onCredentials: (credentials: OnceShownCredentials) => void | Promise<void>
  /**
   * Sees every step's report, after its state was saved. If it throws (or rejects),
   * `onboard` rejects with that value; a re-run continues with the next step.
   */
  progress?: ((report: StepReport) => void | Promise<void>) | undefined
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

/** Where the driver keeps the state: the core's file at `path`, or the caller's functions. */
interface NativeStore {
  path: string | null
  load: (() => unknown) | null
  save: ((state: unknown) => unknown) | null
}

/**
 * A `store` option: a path (string or file: URL) for the core's state file (what a
 * `FileStateStore` writes), or an object with `load()` and `save(state)`.
 */
function storeOf(store: unknown): NativeStore {
  if (typeof store === 'string') return { path: store, load: null, save: null }
  if (store instanceof URL) return { path: fileURLToPath(store), load: null, save: null }
  if (
    store !== null &&
    typeof store === 'object' &&
    typeof (store as OnboardingStore).load === 'function' &&
    typeof (store as OnboardingStore).save === 'function'
  ) {
    const given = store as OnboardingStore
    return { path: null, load: () => given.load(), save: (state) => given.save(state as OnboardingState) }
  }
  throw new TypeError('options.store must be a path or an object with load() and save()')
}

/** The step operation of each flow, by the option naming the account's own credentials. */
const STEP_OPERATION = {
  customerCredentials: 'customer_onboarding_step',
  subAccountCredentials: 'sub_account_onboarding_step',
} as const

/**
 * `onboard`: a whole onboarding of `plan` by the core's driver on `group`'s native client
 * (a main account's for a sub-account, the partner's for a customer): loads the state, steps
 * until finished or waiting; credentials go to `onCredentials` before the state naming the
 * account is saved (and to the later steps of this run); the state is saved after every step,
 * then `progress` sees its report. The options are checked before anything runs.
 * @internal
 */
export async function runOnboarding(
  group: object,
  plan: Record<string, unknown>,
  options: unknown,
  credentialsKey: keyof typeof STEP_OPERATION,
): Promise<OnboardingResult> {
  const handle = handleOf(group)
  const o = optionsOf('options', options, ['store', 'onCredentials', 'progress', 'maxWaitSeconds', credentialsKey])
  const store = storeOf(o.store)
  const onCredentials = o.onCredentials
  if (typeof onCredentials !== 'function') throw new TypeError('options.onCredentials must be a function')
  const progress = o.progress
  if (progress !== undefined && progress !== null && typeof progress !== 'function') {
    throw new TypeError('options.progress must be a function')
  }

  // The step's arguments less the state (the driver's): the account's own credentials go as
  // given, a `Secret` token revealed (argsText), and the core checks them by field.
  const text = argsText({ plan, maxWaitSeconds: o.maxWaitSeconds, [credentialsKey]: o[credentialsKey] })

  let result: unknown
  try {
    result = await handle.onboard(
      STEP_OPERATION[credentialsKey],
      text,
      store.path,
      store.load,
      store.save,
      (credentials: unknown) => (onCredentials as (c: unknown) => unknown)(revive(credentials)),
      progress ? (report: unknown) => (progress as (r: unknown) => unknown)(revive(report)) : null,
    )
  } catch (error) {
    // The caller's own thrown value comes back as itself; the addon's errors get their class.
    throw convertError(error)
  }
  return revive(result) as OnboardingResult
}
