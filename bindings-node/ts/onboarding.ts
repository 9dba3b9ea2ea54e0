// Resumable onboarding: the driver (`onboard`) over the step operations (the steps are the
// core's), and the state stores it saves to.

import { inspect } from 'node:util'
import { fileURLToPath } from 'node:url'

import { call } from './errors.js'
import type { Inspect, InspectOptions } from './handles.js'
import { native } from './loader.js'
import type { GivenCredentials } from './operations.js'
import { isOptionsObject, optionsOf } from './options.js'
import { Secret } from './secret.js'
import type { OnboardingState, OnboardingStep, OnceShownCredentials, StepReport } from './models.js'

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

/**
 * An account's own credentials as a step takes them: `{ authId, authToken }` with the token
 * a string or a `Secret` (as `onCredentials` received it).
 */
function givenCredentials(value: unknown): unknown {
  // Anything but an object goes to the core as is, which refuses it by field.
  if (!isOptionsObject(value)) return value
  const token = value.authToken instanceof Secret ? value.authToken.reveal() : value.authToken
  return { ...value, authToken: token }
}

/** A `store` option: a store, or a path (string or file: URL) for a `FileStateStore`. */
function storeOf(store: unknown): OnboardingStore {
  if (typeof store === 'string' || store instanceof URL) return new FileStateStore(store as string)
  if (
    store !== null &&
    typeof store === 'object' &&
    typeof (store as OnboardingStore).load === 'function' &&
    typeof (store as OnboardingStore).save === 'function'
  ) {
    return store as OnboardingStore
  }
  throw new TypeError('options.store must be a path or an object with load() and save()')
}

/** A group with the step operation of a flow. @internal */
export interface Stepper {
  onboardingStep(plan: never, state: OnboardingState | null, options: never): Promise<OnboardingStep>
}

/**
 * The loop of `onboard` (the Rust core's `run_onboarding`): load, then step until finished
 * or waiting; credentials go to `onCredentials` before the state is saved (and to the later
 * steps of this run); the state is saved after every step; a step's error propagates with
 * the last saved state left in place.
 * @internal
 */
export async function runOnboarding(
  group: Stepper,
  plan: Record<string, unknown>,
  options: unknown,
  credentialsKey: 'customerCredentials' | 'subAccountCredentials',
): Promise<OnboardingResult> {
  const o = optionsOf('options', options, ['store', 'onCredentials', 'progress', 'maxWaitSeconds', credentialsKey])
  const store = storeOf(o.store)
  const onCredentials = o.onCredentials
  if (typeof onCredentials !== 'function') throw new TypeError('options.onCredentials must be a function')
  const progress = o.progress
  if (progress !== undefined && progress !== null && typeof progress !== 'function') {
    throw new TypeError('options.progress must be a function')
  }
  const stepOptions: Record<string, unknown> = { maxWaitSeconds: o.maxWaitSeconds }
  stepOptions[credentialsKey] = givenCredentials(o[credentialsKey])

  let state: OnboardingState | null = (await store.load()) ?? null
  const reports: StepReport[] = []
  while (!state?.finished) {
    const step: OnboardingStep = await group.onboardingStep(plan as never, state, stepOptions as never)
    const { report } = step
    state = step.state
    if (report.credentials) {
      stepOptions[credentialsKey] = givenCredentials(report.credentials)
      try {
        await onCredentials(report.credentials)
      } catch (error) {
        // As the core does: the state (the id, never the secret) is still saved.
        await store.save(state)
        throw error
      }
    }
    await store.save(state)
    reports.push(report)
    if (progress) (progress as (report: StepReport) => void)(report)
    if (report.outcome === 'waiting') break
  }
  return { state, finished: state.finished === true, waitingFor: state.waitingFor ?? null, reports }
}
