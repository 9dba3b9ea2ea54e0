//! The two flows of the user's docs through the typed Rust API, on the embedded sandbox:
//! a partner onboards and funds a customer and starts its KYC; a parent account provisions
//! a customer_use sub-account, verifies it, buys and assigns a number, places the first
//! call, and meets the 15-day unassign cool-off.
//!
//! Run with `cargo run -p vobiz-partner --example typed_flows` (no Vobiz account needed).

use vobiz_partner::models::{
    BusinessType, CallRequest, CreateSubAccount, InventoryFilters, KycMode, NewCustomer,
    NewKycSession, TransactionFilters,
};
use vobiz_partner::{
    Account, AccountCredentials, ClientConfig, Error, Money, PageOptions, Partner,
    PartnerCredentials, Transport,
};
use vobiz_sandbox::{Sandbox, SandboxOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(SandboxOptions {
        port: 0,
        seed: 42,
        state_file: None,
    })
    .await?;
    let seeded = sandbox.seeded().clone();
    println!("sandbox at {}", sandbox.url());
    let transport = Transport::new(ClientConfig::builder().base_url(sandbox.url()).build()?)?;
    let partner = Partner::with_transport(
        PartnerCredentials::new(&seeded.partner.auth_id, &seeded.partner.auth_token)?,
        transport.clone(),
    );
    let parent = Account::with_transport(
        AccountCredentials::new(&seeded.parent.auth_id, &seeded.parent.auth_token)?,
        transport.clone(),
    );

    println!("\n# Partner: onboard a customer");
    let customer = partner
        .create_customer(&NewCustomer {
            name: "Asha Rao".into(),
            email: "asha@acme.in".into(),
            password: "Str0ng!pass".into(),
            phone: Some("+919876543210".into()),
            country: "IN".into(),
            company: Some("Acme Pvt Ltd".into()),
            ..Default::default()
        })
        .await?;
    let customer_id = customer.auth_id.clone().unwrap_or_default();
    println!(
        "created {customer_id}; its token prints as {:?}",
        customer.auth_token
    );
    let transfer = partner
        .transfer_balance(
            &customer_id,
            "500.00".parse::<Money>()?,
            "INR",
            Some("April recharge"),
        )
        .await?;
    println!(
        "transferred {:?} INR; partner now {:?}, customer {:?}",
        transfer.amount, transfer.partner_balance_after, transfer.customer_balance_after
    );
    let session = partner
        .create_kyc_session(&NewKycSession::email(&customer_id, "asha@acme.in"))
        .await?;
    println!("KYC session {:?}: {:?}", session.session_id, session.status);
    let ledger = partner
        .customer_transactions(
            &customer_id,
            TransactionFilters::default(),
            PageOptions::default(),
        )?
        .collect()
        .await?;
    println!("ledger rows: {}", ledger.len());

    println!("\n# Parent: provision a customer_use sub-account");
    let created = parent
        .create_sub_account(CreateSubAccount {
            name: "Acme Support Desk".into(),
            email: Some("desk@acme.in".into()),
            kyc_mode: Some(KycMode::CustomerUse),
            business_type: Some(BusinessType::PrivateLimited),
            ..Default::default()
        })
        .await?;
    let sub_credentials = created
        .account_credentials()
        .ok_or("no credentials returned")?;
    let sub_id = sub_credentials.auth_id().to_string();
    let sub = parent.sub_account(&sub_id)?;
    sub.verify_pan("AAGCB7383J").await?;
    sub.verify_gst("29AAGCB7383J1Z4").await?;
    let kyc = sub.kyc_status().await?;
    println!(
        "{sub_id}: KYC {:?}, calls blocked: {:?}",
        kyc.overall_status, kyc.kyc_calls_blocked
    );

    let inventory = parent
        .list_inventory(
            InventoryFilters {
                country: Some("IN".into()),
                ..Default::default()
            },
            PageOptions {
                max_items: Some(1),
                ..Default::default()
            },
        )?
        .collect()
        .await?;
    let e164 = inventory
        .first()
        .and_then(|n| n.e164.clone())
        .ok_or("empty inventory")?;
    parent.purchase_from_inventory(&e164, None).await?;
    parent.assign_to_sub_account(&e164, &sub_id).await?;
    println!("bought {e164} and assigned it to {sub_id}");

    let sub_client = partner.customer_client(sub_credentials);
    let fired = sub_client
        .make_call(&CallRequest::new(
            &e164,
            "+919999912345",
            "https://example.com/answer.xml",
        ))
        .await?;
    println!("first call fired: {:?}", fired.request_uuid());

    // Five minutes later (sandbox clock) the call has ended and the cool-off has begun.
    reqwest::Client::new()
        .post(format!("{}/__sandbox/clock", sandbox.url()))
        .json(&serde_json::json!({"advance_seconds": 300}))
        .send()
        .await?
        .error_for_status()?;
    match parent.unassign_from_sub_account(&e164).await {
        Err(Error::CoolOff {
            cool_off_until,
            remaining,
            ..
        }) => println!(
            "unassign refused until {} ({} days left)",
            cool_off_until.map(|t| t.to_string()).unwrap_or_default(),
            remaining.map(|d| d.as_secs() / 86_400).unwrap_or_default()
        ),
        other => println!("unexpected: {other:?}"),
    }
    sandbox.stop().await;
    Ok(())
}
