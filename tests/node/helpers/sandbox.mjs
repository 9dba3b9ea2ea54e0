// Settings shared by the suites that drive the embedded sandbox.

/**
 * The sandbox commits at once unless a `lateCommitMs` fault says otherwise, so the test
 * clients need not wait the production settle window after an ambiguous transfer.
 */
export const SETTLE_WINDOW_MS = 300
