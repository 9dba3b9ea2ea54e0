//! Signed webhook delivery: `X-Vobiz-Signature: sha256=<hex>` over the raw body (HMAC-SHA256
//! keyed by the receiving side's auth token), retried with backoff on failure, every attempt
//! recorded in the delivery log.

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use tokio::sync::mpsc;

use crate::store::Shared;
use crate::world::{Delivery, World};

/// Attempts per delivery before giving up.
pub const MAX_ATTEMPTS: u32 = 5;

/// `sha256=<lowercase hex>` of HMAC-SHA256(key, body).
pub fn sign(body: &[u8], key: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Records a delivery of `payload` to `url`, signed with `key`; returns its id, which the
/// caller sends to the delivery queue once the world lock is released.
pub fn enqueue(world: &mut World, event: &str, url: &str, payload: &Value, key: &str) -> String {
    let body = payload.to_string();
    let id = world.ids.uuid();
    let now = world.now();
    world.deliveries.push(Delivery {
        id: id.clone(),
        event: event.to_owned(),
        url: url.to_owned(),
        signature: sign(body.as_bytes(), key),
        body,
        attempts: 0,
        last_result: None,
        delivered: false,
        created_at: now,
    });
    id
}

/// Delivers queued webhooks until the queue closes.
pub async fn deliver_forever(store: Shared, mut queue: mpsc::UnboundedReceiver<String>) {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook client unavailable");
            return;
        }
    };
    while let Some(id) = queue.recv().await {
        let store = store.clone();
        let client = client.clone();
        tokio::spawn(async move { deliver(store, client, id).await });
    }
}

async fn deliver(store: Shared, client: reqwest::Client, id: String) {
    let Some(delivery) = store.read(|w| w.deliveries.iter().find(|d| d.id == id).cloned()) else {
        return;
    };
    for attempt in 1..=MAX_ATTEMPTS {
        let result = client
            .post(&delivery.url)
            .header("content-type", "application/json")
            .header("x-vobiz-signature", &delivery.signature)
            .header("x-vobiz-event", &delivery.event)
            .body(delivery.body.clone())
            .send()
            .await;
        let (text, ok) = match result {
            Ok(r) => (r.status().as_u16().to_string(), r.status().is_success()),
            Err(e) => (format!("error: {e}"), false),
        };
        store.write(|w| {
            if let Some(d) = w.deliveries.iter_mut().find(|d| d.id == id) {
                d.attempts = attempt;
                d.last_result = Some(text);
                d.delivered = ok;
            }
        });
        if ok {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200 * 2u64.pow(attempt - 1))).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_hex() {
        // RFC 4231 test case 2.
        let sig = sign(b"what do ya want for nothing?", "Jefe");
        assert_eq!(
            sig,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
