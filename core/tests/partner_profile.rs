//! `Partner::me`, `dashboard` and `analytics` against the sandbox.

mod sandbox;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use vobiz_partner::{AccountCredentials, ErrorKind, Partner, PartnerCredentials};

#[tokio::test(flavor = "multi_thread")]
async fn me_reads_the_profile_with_an_exact_balance() {
    let w = sandbox::start(1).await;
    let me = w.partner.me().await.unwrap();
    assert_eq!(me.auth_id.as_deref(), Some(w.partner.auth_id().as_str()));
    assert_eq!(me.balance.unwrap().as_decimal(), Decimal::new(50_000, 0));
    assert_eq!(me.max_accounts, Some(25));
    assert_eq!(me.can_transfer_balance, Some(true));
    assert!(me.created_at.unwrap().to_utc().is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn dashboard_and_analytics_decode_and_validate_the_period() {
    let w = sandbox::start(2).await;
    let dash = w.partner.dashboard().await.unwrap();
    assert_eq!(
        dash.partner.unwrap().balance,
        None,
        "the dashboard nulls the balance"
    );
    assert_eq!(dash.total_balance.unwrap().as_decimal(), Decimal::ZERO);
    assert_eq!(dash.time_series.len(), 31);
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let period = w.partner.analytics(Some(from), Some(to)).await.unwrap();
    assert_eq!(period.time_series.len(), 5);
    assert_eq!(period.period.unwrap().from.unwrap().date(), Some(from));
    let err = w.partner.analytics(Some(to), Some(from)).await.unwrap_err();
    assert_eq!(err.validation_field(), Some("from_date"));
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_or_unknown_credentials_are_typed_errors() {
    let w = sandbox::start(3).await;
    let forged = Partner::with_transport(
        PartnerCredentials::new(w.partner.auth_id().as_str(), "wrong-token").unwrap(),
        w.transport.clone(),
    );
    assert_eq!(
        forged.me().await.unwrap_err().kind(),
        ErrorKind::Authentication
    );
    let seeded = w.sandbox.seeded();
    // A main account's credentials presented on a partner route (possible only through the
    // raw transport: the typed clients cannot be built that way).
    let request = vobiz_partner::ApiRequest::get(vobiz_partner::ApiPath::v1().lit("partner/me"));
    let account =
        AccountCredentials::new(&seeded.parent.auth_id, &seeded.parent.auth_token).unwrap();
    assert_eq!(
        w.transport
            .send(&account, &request)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::PermissionDenied
    );
}
