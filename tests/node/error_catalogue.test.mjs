// The error classes generated from the core's error catalogue (bindings-node/ts/errors.ts): one
// name per concept (the same as Python's, in camelCase), every class exported by both entries,
// and the conversion of an addon report.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'

import * as esm from 'vobiz-partner'
import {
  ConflictError,
  CoolOffError,
  InternalError,
  NotFoundError,
  OutcomeUnknownError,
  RateLimitError,
  RedirectError,
  ServerError,
  VobizError,
} from 'vobiz-partner'

const require = createRequire(import.meta.url)
const cjs = require('vobiz-partner')
const generated = require('../../bindings-node/errors.js')

describe('the generated error classes', () => {
  it('are all exported by both entries; fromReport is not', () => {
    for (const [name, value] of Object.entries(generated)) {
      if (name === 'fromReport') {
        assert.equal(esm[name], undefined)
        assert.equal(cjs[name], undefined)
        continue
      }
      assert.equal(esm[name], value, name)
      assert.equal(cjs[name], value, name)
    }
  })

  it('code is the SDK kind, apiCode the API code, retryAfter the seconds', () => {
    const e = new RateLimitError('slow down', { status: 429, apiCode: 'rate_limited', retryAfter: 2 })
    assert.deepEqual([e.code, e.apiCode, e.apiMessage, e.retryAfter], ['RATE_LIMITED', 'rate_limited', 'slow down', 2])
    for (const gone of ['kind', 'retryAfterSeconds', 'retryAfterSecs']) assert.ok(!(gone in e), gone)
    assert.equal(new VobizError('x').code, 'UNKNOWN')
    assert.equal(new VobizError().apiMessage, '')
    class Mine extends NotFoundError {}
    assert.equal(new Mine('x').code, 'NOT_FOUND')
    assert.equal(new NotFoundError('x', { code: 'OTHER' }).code, 'NOT_FOUND')
  })

  it('outcomeUnknown is fixed where the catalogue says', () => {
    assert.equal(new OutcomeUnknownError('x').outcomeUnknown, true)
    assert.equal(new RedirectError('x', { outcomeUnknown: false }).outcomeUnknown, true)
    assert.equal(new InternalError('x').outcomeUnknown, true)
    assert.equal(new ServerError('x').outcomeUnknown, false)
  })

  it('fromReport builds the class of the code, instants as Dates', () => {
    const e = generated.fromReport({
      code: 'COOL_OFF',
      description: 'number is in its cool-off period',
      status: 409,
      apiCode: 'did_cool_off_in_effect',
      apiMessage: 'cooling',
      coolOffUntil: Date.UTC(2026, 0, 1),
      coolOffUntilText: '2026-01-01T00:00:00Z',
      remainingSeconds: 60,
      outcomeUnknown: false,
    })
    assert.ok(e instanceof CoolOffError && e instanceof ConflictError)
    assert.equal(e.message, 'number is in its cool-off period')
    assert.equal(e.coolOffUntil.toISOString(), '2026-01-01T00:00:00.000Z')
    assert.deepEqual([e.coolOffUntilText, e.remainingSeconds, e.apiCode], ['2026-01-01T00:00:00Z', 60, 'did_cool_off_in_effect'])
    const unknown = generated.fromReport({ code: 'FROM_THE_FUTURE', description: 'new', status: 599 })
    assert.equal(Object.getPrototypeOf(unknown), VobizError.prototype)
    assert.deepEqual([unknown.code, unknown.status], ['UNKNOWN', 599])
  })
})
