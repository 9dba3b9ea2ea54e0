// Quickstart for the Node package: configuration, scoped credentials and typed errors.
// Needs no Vobiz account. Build the addon first (`make node-build`), then:
//
//     node examples/quickstart.mjs
//
// With real partner credentials in VOBIZ_AUTH_ID / VOBIZ_AUTH_TOKEN it also fetches your
// partner profile through the low-level Transport.

import { ClientConfig, PartnerCredentials, Transport, ValidationError, VobizError } from 'vobiz-partner'

// 1. Where requests go, how long they may take, how often safe ones are retried.
const config = new ClientConfig({ timeoutMs: 10_000, maxRetries: 2 })
console.log(`client: ${config.userAgent} -> ${config.baseUrl}`)

// 2. Credentials are scoped: partner ids start with PA_, account ids with MA_ or SA_.
//    The token stays inside the native addon; printing the object shows <redacted>.
const partner = new PartnerCredentials('PA_DEMO1234', 'demo-token-not-a-real-one')
console.log('credentials:', partner)

// 3. Wrong pairings and unsafe settings are refused before anything is sent, with a
//    ValidationError that names the field.
const mistakes = {
  'an account id used as partner credentials': () => new PartnerCredentials('MA_DEMO1234', 'demo-token'),
  'plain http to a remote host': () => new ClientConfig({ baseUrl: 'http://api.vobiz.ai' }),
}
for (const [what, attempt] of Object.entries(mistakes)) {
  try {
    attempt()
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e
    console.log(`refused ${what}: field ${e.field}: ${e.reason}`)
  }
}

// 4. Only with real credentials: one call through the low-level transport.
if (process.env.VOBIZ_AUTH_ID && process.env.VOBIZ_AUTH_TOKEN) {
  try {
    const transport = new Transport(ClientConfig.fromEnv())
    const me = await transport.request(PartnerCredentials.fromEnv(), 'GET', '/api/v1/partner/me')
    const profile = me.json()
    console.log(`partner ${profile.auth_id}: balance ${profile.balance}`)
  } catch (e) {
    if (!(e instanceof VobizError)) throw e
    console.error(`${e.name} (${e.code}): ${e.message}`)
    process.exitCode = 1
  }
} else {
  console.log('set VOBIZ_AUTH_ID / VOBIZ_AUTH_TOKEN (a PA_ id) to also fetch /api/v1/partner/me')
}
