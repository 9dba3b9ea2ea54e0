// The package loads both ways: `import` (ES module, bindings-node/index.mjs) and `require`
// (CommonJS, bindings-node/index.js) give the very same objects, so classes and
// `instanceof` agree whichever way a user's code (or a dependency) loads it.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'

import * as byName from 'vobiz-partner'
import defaultExport from 'vobiz-partner'
import * as byPath from '../../bindings-node/index.mjs'

const require = createRequire(import.meta.url)
const cjs = require('vobiz-partner')
const cjsByPath = require('../../bindings-node/index.js')

const named = (namespace) => Object.keys(namespace).filter((name) => name !== 'default').sort()

describe('module formats', () => {
  it('require by name and by path load one module', () => {
    assert.equal(cjs, cjsByPath)
    assert.equal(require.resolve('vobiz-partner'), require.resolve('../../bindings-node/index.js'))
  })

  it('import by name resolves to the ES module entry', () => {
    assert.deepEqual(named(byName), named(byPath))
    for (const name of named(byPath)) assert.equal(byName[name], byPath[name], name)
  })

  it('import and require give the same classes and values', () => {
    assert.deepEqual(named(byName), Object.keys(cjs).sort())
    for (const name of Object.keys(cjs)) assert.equal(byName[name], cjs[name], name)
    assert.equal(defaultExport, cjs)
    for (const name of ['Sandbox', 'Transport', 'PartnerCredentials', 'AccountCredentials', 'ClientConfig', 'VobizError']) {
      assert.equal(typeof byName[name], 'function', name)
    }
    assert.equal(typeof byName.VERSION, 'string')
  })

  it('instanceof holds across the two formats', () => {
    const credentials = new byName.PartnerCredentials('PA_ABC12345', 'token')
    assert.ok(credentials instanceof cjs.PartnerCredentials)
    const error = new cjs.NotFoundError('gone')
    assert.ok(error instanceof byName.VobizError)
  })

  it('package.json maps import, require and types', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    const entry = pkg.exports['.']
    assert.equal(entry.import, './bindings-node/index.mjs')
    assert.equal(entry.require, './bindings-node/index.js')
    assert.equal(entry.types, './bindings-node/index.d.ts')
    assert.equal(`./${pkg.main}`, entry.require)
    assert.equal(`./${pkg.types}`, entry.types)
    for (const file of ['bindings-node/index.js', 'bindings-node/index.mjs', 'bindings-node/index.d.ts']) {
      assert.ok(pkg.files.includes(file), file)
    }
  })
})
