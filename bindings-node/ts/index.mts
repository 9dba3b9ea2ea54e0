// The ES module entry of vobiz-partner. It re-exports the CommonJS entry (index.js), so
// `import` and `require` give the very same classes: `instanceof` holds across both, and
// there is one addon and one tokio runtime per process.
export * from './index.js'
export { default } from './index.js'
