// Configuration, credentials and what they show of themselves.

import assert from 'node:assert/strict'
import { describe, it, afterEach } from 'node:test'
import util from 'node:util'

import {
  AccountCredentials,
  ClientConfig,
  PartnerCredentials,
  Transport,
  ValidationError,
  VobizError,
  VERSION,
} from 'vobiz-partner'

import { CANARY } from './helpers/server.mjs'

/** Runs `fn` with environment variables set (undefined = unset), then restores them. */
function withEnv(vars, fn) {
  const saved = {}
  for (const [name, value] of Object.entries(vars)) {
    saved[name] = process.env[name]
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  try {
    return fn()
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** Asserts that `fn` throws a ValidationError for `field`, and returns it. */
function throwsValidation(fn, field) {
  let caught
  assert.throws(fn, (e) => {
    caught = e
    return true
  })
  assert.ok(caught instanceof ValidationError, `expected a ValidationError, got ${caught}`)
  assert.ok(caught instanceof VobizError)
  assert.ok(caught instanceof Error)
  assert.equal(caught.code, 'VALIDATION')
  assert.equal(caught.field, field, caught.message)
  assert.equal(caught.name, 'ValidationError')
  return caught
}

describe('ClientConfig', () => {
  it('has the core defaults and a node user agent', () => {
    const config = new ClientConfig()
    assert.equal(config.baseUrl, 'https://api.vobiz.ai/')
    assert.equal(config.timeoutMs, 30000)
    assert.equal(config.connectTimeoutMs, 10000)
    assert.equal(config.maxRetries, 2)
    assert.equal(config.userAgent, `vobiz-partner/${VERSION} (node)`)
    assert.match(VERSION, /^\d+\.\d+\.\d+/)
  })

  it('takes options, normalising the base URL', () => {
    const config = new ClientConfig({
      baseUrl: 'http://127.0.0.1:8080/api/v1/',
      timeoutMs: 1500,
      connectTimeoutMs: 250.5,
      maxRetries: 0,
      maxResponseBytes: 1048576,
      settleWindowMs: 30000,
    })
    assert.equal(config.baseUrl, 'http://127.0.0.1:8080/')
    assert.equal(config.timeoutMs, 1500)
    assert.equal(config.connectTimeoutMs, 250.5)
    assert.equal(config.maxRetries, 0)
    assert.deepEqual(JSON.parse(JSON.stringify(config)), {
      baseUrl: 'http://127.0.0.1:8080/',
      timeoutMs: 1500,
      connectTimeoutMs: 250.5,
      maxRetries: 0,
      maxResponseBytes: 1048576,
      settleWindowMs: 30000,
      userAgent: config.userAgent,
    })
    assert.match(util.inspect(config), /ClientConfig \{[^}]*baseUrl: 'http:\/\/127\.0\.0\.1:8080\/'/)
  })

  it('is read-only', () => {
    const config = new ClientConfig()
    assert.throws(() => {
      'use strict'
      config.baseUrl = 'https://evil.example'
    }, TypeError)
    assert.equal(config.baseUrl, 'https://api.vobiz.ai/')
  })

  it('refuses bad base URLs with field base_url', () => {
    for (const bad of ['api.vobiz.ai', 'ftp://api.vobiz.ai', 'https://api.vobiz.ai/?x=1', '']) {
      throwsValidation(() => new ClientConfig({ baseUrl: bad }), 'base_url')
    }
  })

  it('refuses plain http to a non-loopback host', () => {
    for (const bad of ['http://api.vobiz.ai', 'http://10.0.0.1:8080']) {
      const e = throwsValidation(() => new ClientConfig({ baseUrl: bad }), 'base_url')
      assert.match(e.message, /plain http:\/\/ is refused/)
    }
    for (const ok of ['http://127.0.0.1:9', 'http://localhost:9', 'http://[::1]:9']) {
      assert.ok(new ClientConfig({ baseUrl: ok }))
    }
  })

  it('never echoes a password embedded in the base URL', () => {
    const e = throwsValidation(
      () => new ClientConfig({ baseUrl: `https://user:${CANARY}@api.vobiz.ai` }),
      'base_url',
    )
    assert.ok(!e.message.includes(CANARY))
    assert.ok(!util.inspect(e).includes(CANARY))
  })

  it('refuses bad limits, naming the core field', () => {
    throwsValidation(() => new ClientConfig({ timeoutMs: 0 }), 'timeout')
    throwsValidation(() => new ClientConfig({ timeoutMs: -5 }), 'timeout')
    throwsValidation(() => new ClientConfig({ timeoutMs: Number.NaN }), 'timeout')
    throwsValidation(() => new ClientConfig({ connectTimeoutMs: 0 }), 'connect_timeout')
    throwsValidation(() => new ClientConfig({ maxRetries: 11 }), 'max_retries')
    throwsValidation(() => new ClientConfig({ maxRetries: 1.5 }), 'max_retries')
    throwsValidation(() => new ClientConfig({ maxRetries: -1 }), 'max_retries')
  })

  it('refuses options of the wrong type with a TypeError', () => {
    assert.throws(() => new ClientConfig({ baseUrl: 42 }), TypeError)
    assert.throws(() => new ClientConfig({ timeoutMs: '100' }), TypeError)
    assert.throws(() => new ClientConfig('https://api.vobiz.ai'), TypeError)
  })

  it('reads VOBIZ_BASE_URL in fromEnv, and options override it', () => {
    withEnv({ VOBIZ_BASE_URL: 'http://127.0.0.1:7777' }, () => {
      const config = ClientConfig.fromEnv()
      assert.ok(config instanceof ClientConfig)
      assert.equal(config.baseUrl, 'http://127.0.0.1:7777/')
      assert.equal(config.userAgent, `vobiz-partner/${VERSION} (node)`)
      assert.equal(ClientConfig.fromEnv({ maxRetries: 5 }).maxRetries, 5)
      assert.equal(ClientConfig.fromEnv({ baseUrl: 'https://x.example' }).baseUrl, 'https://x.example/')
      // The plain constructor ignores the environment.
      assert.equal(new ClientConfig().baseUrl, 'https://api.vobiz.ai/')
    })
    withEnv({ VOBIZ_BASE_URL: undefined }, () => {
      assert.equal(ClientConfig.fromEnv().baseUrl, 'https://api.vobiz.ai/')
    })
    withEnv({ VOBIZ_BASE_URL: 'http://api.vobiz.ai' }, () => {
      throwsValidation(() => ClientConfig.fromEnv(), 'base_url')
    })
  })

  it('is what a Transport uses, given as a ClientConfig or as options', () => {
    const config = new ClientConfig({ baseUrl: 'http://127.0.0.1:9', maxRetries: 1 })
    assert.equal(new Transport(config).config, config)
    const t = new Transport({ baseUrl: 'http://127.0.0.1:9' })
    assert.ok(t.config instanceof ClientConfig)
    assert.equal(t.config.baseUrl, 'http://127.0.0.1:9/')
    assert.equal(new Transport().config.baseUrl, 'https://api.vobiz.ai/')
    throwsValidation(() => new Transport({ baseUrl: 'http://example.com' }), 'base_url')
  })
})

describe('credentials', () => {
  afterEach(() => {
    delete process.env.VOBIZ_AUTH_ID
    delete process.env.VOBIZ_AUTH_TOKEN
  })

  it('keep their auth id', () => {
    assert.equal(new PartnerCredentials('PA_ABC12345', CANARY).authId, 'PA_ABC12345')
    const main = new AccountCredentials('MA_ABC12345', CANARY)
    assert.equal(main.authId, 'MA_ABC12345')
    assert.equal(main.isMainAccount, true)
    assert.equal(new AccountCredentials('SA_ABC12345', CANARY).isMainAccount, false)
  })

  it('refuse an id of the wrong scope with field auth_id', () => {
    const e = throwsValidation(() => new PartnerCredentials('MA_ABC12345', CANARY), 'auth_id')
    assert.match(e.message, /PA_/)
    throwsValidation(() => new AccountCredentials('PA_ABC12345', CANARY), 'auth_id')
    throwsValidation(() => new PartnerCredentials('XX_ABC', CANARY), 'auth_id')
    throwsValidation(() => new PartnerCredentials('PA_', CANARY), 'auth_id')
  })

  it('refuse bad tokens without echoing them', () => {
    throwsValidation(() => new PartnerCredentials('PA_ABC12345', ''), 'auth_token')
    const e = throwsValidation(
      () => new PartnerCredentials('PA_ABC12345', `${CANARY} with space`),
      'auth_token',
    )
    assert.ok(!e.message.includes(CANARY))
    assert.ok(!e.stack.includes(CANARY))
    assert.ok(!util.inspect(e).includes(CANARY))
  })

  it('refuse arguments that are not strings without echoing them', () => {
    const secret = { token: CANARY }
    for (const make of [
      () => new PartnerCredentials('PA_ABC12345', secret),
      () => new PartnerCredentials(undefined, CANARY),
      () => new AccountCredentials('MA_ABC12345', 12345),
    ]) {
      assert.throws(make, (e) => e instanceof TypeError && !e.message.includes(CANARY))
    }
  })

  it('never show the token: inspect, JSON, String, template, Object.keys', () => {
    for (const creds of [
      new PartnerCredentials('PA_ABC12345', CANARY),
      new AccountCredentials('MA_ABC12345', CANARY),
    ]) {
      const shown = [
        util.inspect(creds),
        util.inspect(creds, { showHidden: true, depth: Infinity }),
        util.format('%o %O %s %j', creds, creds, creds, creds),
        JSON.stringify(creds),
        JSON.stringify({ nested: [creds] }),
        String(creds),
        `${creds}`,
        Object.keys(creds).join(','),
        Object.getOwnPropertyNames(creds).join(','),
      ]
      for (const text of shown) {
        assert.ok(!text.includes(CANARY), `token leaked: ${text}`)
      }
      assert.match(util.inspect(creds), /authToken: '<redacted>'/)
      assert.equal(JSON.stringify(creds), `{"authId":"${creds.authId}","authToken":"<redacted>"}`)
      assert.equal(String(creds), `${creds.constructor.name}(${creds.authId}, <redacted>)`)
    }
  })

  it('read the environment in fromEnv, by scope', () => {
    process.env.VOBIZ_AUTH_ID = 'PA_ENV12345'
    process.env.VOBIZ_AUTH_TOKEN = CANARY
    const partner = PartnerCredentials.fromEnv()
    assert.ok(partner instanceof PartnerCredentials)
    assert.equal(partner.authId, 'PA_ENV12345')
    assert.ok(!util.inspect(partner).includes(CANARY))
    // A partner id is not an account's.
    const e = throwsValidation(() => AccountCredentials.fromEnv(), 'VOBIZ_AUTH_ID')
    assert.ok(!e.message.includes(CANARY))

    process.env.VOBIZ_AUTH_ID = 'SA_ENV12345'
    const account = AccountCredentials.fromEnv()
    assert.ok(account instanceof AccountCredentials)
    assert.equal(account.isMainAccount, false)

    delete process.env.VOBIZ_AUTH_TOKEN
    throwsValidation(() => AccountCredentials.fromEnv(), 'VOBIZ_AUTH_TOKEN')
    delete process.env.VOBIZ_AUTH_ID
    throwsValidation(() => PartnerCredentials.fromEnv(), 'VOBIZ_AUTH_ID')
  })
})
