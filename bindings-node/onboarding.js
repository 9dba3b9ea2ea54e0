'use strict'
// `onboard`: a whole resumable onboarding run by the Rust core's one driver
// (workflows::onboarding::run_onboarding, through the addon's NativeClient.onboard). This
// file only checks the options and hands the caller's store and callbacks to the addon.
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

const { fileURLToPath } = require('node:url')

const OPTIONS = ['store', 'onCredentials', 'progress', 'maxWaitSeconds']

function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** The options object (`{}` when absent); a TypeError for anything else or an unknown key. */
function optionsOf(options, credentialsKey) {
  if (options === undefined || options === null) return {}
  if (!isPlainObject(options)) throw new TypeError('options must be an object')
  const known = [...OPTIONS, credentialsKey]
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`options.${key} is not an option (known: ${known.join(', ')})`)
  }
  return options
}

/** `options.store`: a path (string or file: URL) for the core's file, or `{ load, save }`. */
function storeOf(store) {
  if (typeof store === 'string') return { path: store, load: null, save: null }
  if (store instanceof URL) return { path: fileURLToPath(store), load: null, save: null }
  if (store !== null && typeof store === 'object' && typeof store.load === 'function' && typeof store.save === 'function') {
    return { path: null, load: () => store.load(), save: (state) => store.save(state) }
  }
  throw new TypeError('options.store must be a path or an object with load() and save()')
}

/** An account's own credentials `{ authId, authToken }`, the token a string or a `Secret`. */
function givenCredentials(value) {
  // Anything but an object goes to the core as is, which refuses it by field.
  if (value === null || typeof value !== 'object') return value
  const token = value.authToken
  return { ...value, authToken: token !== null && typeof token === 'object' && typeof token.reveal === 'function' ? token.reveal() : token }
}

const identity = (value) => value

/**
 * Runs a whole onboarding of `plan` on `handle` (a NativeClient): `op` is the flow's step
 * operation (`sub_account_onboarding_step` on a main account's client,
 * `customer_onboarding_step` on the partner's) and `credentialsKey` its option for the
 * account's own credentials (`subAccountCredentials` / `customerCredentials`). `options`:
 * `{ store, onCredentials, progress, maxWaitSeconds, [credentialsKey] }`. `hooks` are the JS
 * layer's conversions: `argsText(args)` (the arguments as JSON text, refusing what JSON
 * cannot carry), `revive(value)` (secret markers → `Secret`), `convertError(error)` (the
 * addon's error → its typed class; anything else unchanged).
 * Resolves `{ state, finished, waitingFor, reports }`.
 */
async function runOnboarding(handle, op, plan, options, credentialsKey, hooks = {}) {
  const argsText = hooks.argsText ?? JSON.stringify
  const revive = hooks.revive ?? identity
  const convertError = hooks.convertError ?? identity

  const o = optionsOf(options, credentialsKey)
  const store = storeOf(o.store)
  const onCredentials = o.onCredentials
  if (typeof onCredentials !== 'function') throw new TypeError('options.onCredentials must be a function')
  const progress = o.progress
  if (progress !== undefined && progress !== null && typeof progress !== 'function') {
    throw new TypeError('options.progress must be a function')
  }

  const args = { plan, maxWaitSeconds: o.maxWaitSeconds }
  if (o[credentialsKey] !== undefined) args[credentialsKey] = givenCredentials(o[credentialsKey])
  const text = argsText(args)

  let result
  try {
    result = await handle.onboard(
      op,
      text,
      store.path,
      store.load,
      store.save,
      (credentials) => onCredentials(revive(credentials)),
      progress ? (report) => progress(revive(report)) : null,
    )
  } catch (error) {
    // The caller's own thrown value comes back as itself; the addon's errors get their class.
    throw convertError(error)
  }
  return revive(result)
}

module.exports = { runOnboarding }
