//! `vobiz-sandbox`: a stateful local emulator of the Vobiz provisioning API.
//!
//! The emulator itself (server, seeded world, control plane, webhooks) is built in its own
//! issue; this crate exists now so the workspace has its final shape and so the emulator can
//! never share request-building code with the SDK core.
