//! The partner customer flow: create → fund (a safe transfer) → hosted KYC
//! session → wait for KYC → a trunk with the customer's credentials → a CDR read, every
//! step reconciled first.

use serde::{Deserialize, Serialize};

use super::state::{OnboardingState, OnceShownCredentials, StepContext, StepOutcome, StepReport};
use super::{credentials_lost, poll_until, same_email};
use crate::clients::Partner;
use crate::error::{Error, Result};
use crate::models::{
    CdrFilters, CustomerFilters, KycFlow, KycReminder, KycSession, KycSessionFilters, NewCustomer,
    NewKycSession, TrunkRequest,
};
use crate::money::Money;
use crate::pagination::PageOptions;

/// How the hosted KYC link reaches the customer.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum KycFlowPlan {
    /// Vobiz emails the link (the default).
    #[default]
    Email,
    /// You send the customer to the session's widget URL.
    Redirect,
}

/// The customer's hosted KYC session.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerKycPlan {
    /// Email (default) or redirect.
    #[serde(default)]
    pub flow: KycFlowPlan,
    /// Where the link goes (email flow; the account's email when absent).
    #[serde(default)]
    pub customer_email: Option<String>,
    /// Where the widget returns the browser (redirect flow: required).
    #[serde(default)]
    pub redirect_url: Option<String>,
    /// Receives `kyc.completed` / `kyc.failed` / `kyc.session_revoked`.
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// Days until the session expires (1–365).
    #[serde(default)]
    pub expires_in_days: Option<u32>,
    /// Reminder emails, in days before expiry.
    #[serde(default)]
    pub reminder_days: Vec<u32>,
}

/// What a partner customer onboarding makes: the input of
/// [`next_step`](super::next_step) with the [`Partner`] client. Not `Serialize`: it holds
/// the customer's password.
#[derive(Clone, Debug, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerPlan {
    /// The customer to create (its email also finds a customer created by a lost request).
    pub customer: NewCustomer,
    /// The opening balance to transfer, if any.
    #[serde(default)]
    pub funding: Option<Money>,
    /// Its currency (`INR` when absent).
    #[serde(default)]
    pub currency: Option<String>,
    /// The hosted KYC session.
    #[serde(default)]
    pub kyc: CustomerKycPlan,
    /// The trunk to create with the customer's credentials, if any (found again by name).
    #[serde(default)]
    pub trunk: Option<TrunkRequest>,
}

const ACTIVE: &[&str] = &["email_sent", "link_ready", "opened", "in_progress"];
const COMPLETED: &str = "kyc_completed";

fn customer_id(state: &OnboardingState) -> Result<String> {
    state
        .customer_auth_id
        .clone()
        .ok_or_else(|| Error::validation("state", "has no customer_auth_id: the state is corrupt"))
}

/// Runs step `name` (the state's next one).
pub(super) async fn step(
    partner: &Partner,
    plan: &CustomerPlan,
    name: &str,
    state: &mut OnboardingState,
    ctx: &StepContext,
) -> Result<StepReport> {
    let report = match name {
        "create_customer" => create(partner, plan, state, ctx).await?,
        "fund" => fund(partner, plan, state).await?,
        "kyc_session" => kyc_session(partner, plan, state).await?,
        "wait_kyc" => wait_kyc(partner, state, ctx).await?,
        "trunk" => trunk(partner, plan, state, ctx).await?,
        "monitor_cdrs" => monitor_cdrs(partner, state).await?,
        other => unreachable!("unknown step {other}"),
    };
    Ok(report)
}

async fn create(
    partner: &Partner,
    plan: &CustomerPlan,
    state: &mut OnboardingState,
    ctx: &StepContext,
) -> Result<StepReport> {
    const STEP: &str = "create_customer";
    let email = plan.customer.email.trim();
    if state.customer_auth_id.is_none() {
        let found = partner
            .list_customers(CustomerFilters::search(email), PageOptions::default())?
            .collect()
            .await?
            .into_iter()
            .find(|c| c.email.as_deref().is_some_and(|e| same_email(e, email)));
        state.customer_auth_id = found.and_then(|c| c.auth_id);
    }
    if let Some(id) = state.customer_auth_id.clone() {
        if ctx
            .customer_credentials
            .as_ref()
            .is_some_and(|c| c.auth_id().as_str() == id)
        {
            return Ok(StepReport::new(
                STEP,
                StepOutcome::Done,
                format!("{id} exists; its credentials were given"),
            ));
        }
        return Err(credentials_lost("customer", &id, "customer_credentials"));
    }
    let created = partner.create_customer(&plan.customer).await?;
    let id = created
        .auth_id
        .clone()
        .ok_or_else(|| Error::validation("auth_id", "the create answer carried no auth_id"))?;
    state.customer_auth_id = Some(id.clone());
    let Some(auth_token) = created
        .auth_token
        .filter(|t| !t.is_redacted_by_api() && !t.expose().is_empty())
    else {
        return Err(credentials_lost("customer", &id, "customer_credentials"));
    };
    let mut report = StepReport::new(STEP, StepOutcome::Done, format!("created {id}"));
    report.credentials = Some(OnceShownCredentials {
        auth_id: id,
        auth_token,
    });
    Ok(report)
}

async fn fund(
    partner: &Partner,
    plan: &CustomerPlan,
    state: &mut OnboardingState,
) -> Result<StepReport> {
    const STEP: &str = "fund";
    let Some(amount) = plan.funding else {
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Skipped,
            "no funding planned",
        ));
    };
    let id = customer_id(state)?;
    // Derived from the customer, so even a state lost with the crash finds the transfer.
    let reference = state
        .transfer_reference
        .get_or_insert_with(|| format!("onboard-{id}"))
        .clone();
    let currency = plan.currency.as_deref().unwrap_or("INR");
    let done = partner
        .transfer_balance_safely(
            &id,
            amount,
            currency,
            Some("Onboarding funding"),
            Some(&reference),
        )
        .await?;
    Ok(StepReport::new(
        STEP,
        StepOutcome::Done,
        format!(
            "{} {} transferred (ref {reference}, {:?})",
            done.amount, done.currency, done.outcome
        ),
    ))
}

fn status(session: &KycSession) -> &str {
    session.status.as_deref().unwrap_or("")
}

async fn kyc_session(
    partner: &Partner,
    plan: &CustomerPlan,
    state: &mut OnboardingState,
) -> Result<StepReport> {
    const STEP: &str = "kyc_session";
    let id = customer_id(state)?;
    let sessions = partner
        .list_kyc_sessions(
            KycSessionFilters {
                account_auth_id: Some(id.clone()),
                ..KycSessionFilters::default()
            },
            PageOptions::default(),
        )?
        .collect()
        .await?;
    let live = sessions
        .iter()
        .filter(|s| s.account_auth_id.as_deref().is_none_or(|a| a == id))
        .find(|s| status(s) == COMPLETED || ACTIVE.contains(&status(s)));
    if let Some(session) = live {
        state.kyc_session_id = session.id.clone();
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Done,
            format!(
                "session {} already {}",
                session.id.as_deref().unwrap_or("?"),
                status(session)
            ),
        ));
    }
    let kyc = &plan.kyc;
    let request = NewKycSession {
        account_auth_id: id.clone(),
        flow: match kyc.flow {
            KycFlowPlan::Email => KycFlow::Email,
            KycFlowPlan::Redirect => KycFlow::Redirect,
        },
        customer_email: kyc.customer_email.clone(),
        redirect_url: kyc.redirect_url.clone(),
        webhook_url: kyc.webhook_url.clone(),
        expires_in_days: kyc.expires_in_days,
        reminder_schedule: kyc
            .reminder_days
            .iter()
            .map(|d| KycReminder::days_before_expiry(*d))
            .collect(),
        metadata: None,
    };
    let created = partner.create_kyc_session(&request).await?;
    state.kyc_session_id = created.session_id.clone();
    Ok(StepReport::new(
        STEP,
        StepOutcome::Done,
        format!(
            "session {} {}",
            created.session_id.as_deref().unwrap_or("?"),
            created.status.as_deref().unwrap_or("created")
        ),
    ))
}

async fn wait_kyc(
    partner: &Partner,
    state: &mut OnboardingState,
    ctx: &StepContext,
) -> Result<StepReport> {
    const STEP: &str = "wait_kyc";
    let session_id = state
        .kyc_session_id
        .clone()
        .ok_or_else(|| Error::validation("state", "has no kyc_session_id: the state is corrupt"))?;
    let (_, session) = poll_until(ctx.max_wait, || async {
        let session = partner.get_kyc_session(&session_id).await?;
        let settled = !ACTIVE.contains(&status(&session));
        Ok((settled, session))
    })
    .await?;
    match status(&session) {
        COMPLETED => Ok(StepReport::new(STEP, StepOutcome::Done, "KYC completed")),
        s if ACTIVE.contains(&s) => Ok(StepReport::new(
            STEP,
            StepOutcome::Waiting,
            format!("KYC session {session_id} is {s}; run again later"),
        )),
        other => {
            // Failed, revoked or expired: the next run opens a new session.
            state.kyc_session_id = None;
            state.completed.retain(|c| c != "kyc_session");
            Ok(StepReport::new(
                STEP,
                StepOutcome::Waiting,
                format!("KYC session {session_id} is {other}; the next run opens a new one"),
            ))
        }
    }
}

async fn trunk(
    partner: &Partner,
    plan: &CustomerPlan,
    state: &mut OnboardingState,
    ctx: &StepContext,
) -> Result<StepReport> {
    const STEP: &str = "trunk";
    let Some(request) = &plan.trunk else {
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Skipped,
            "no trunk planned",
        ));
    };
    let id = customer_id(state)?;
    let Some(credentials) = ctx
        .customer_credentials
        .clone()
        .filter(|c| c.auth_id().as_str() == id)
    else {
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Skipped,
            format!("the trunk needs {id}'s own credentials (customer_credentials)"),
        ));
    };
    let name = request
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::validation("trunk.name", "is required"))?
        .to_owned();
    let customer = partner.customer_client(credentials);
    let existing = customer
        .list_trunks(PageOptions::default())?
        .collect()
        .await?
        .into_iter()
        .find(|t| t.name.as_deref().map(str::trim) == Some(name.as_str()));
    if let Some(found) = existing {
        state.trunk_id = found.trunk_id.clone();
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Done,
            format!("trunk {name:?} already exists"),
        ));
    }
    let created = customer.create_trunk(request).await?;
    state.trunk_id = created.trunk_id.clone();
    Ok(StepReport::new(
        STEP,
        StepOutcome::Done,
        format!("created trunk {name:?}"),
    ))
}

async fn monitor_cdrs(partner: &Partner, state: &mut OnboardingState) -> Result<StepReport> {
    const STEP: &str = "monitor_cdrs";
    let id = customer_id(state)?;
    let page = partner
        .customer_cdrs_page(&id, CdrFilters::default(), 1, 20)
        .await?;
    let count = page.count.unwrap_or(page.data.len() as u64);
    state.cdr_count = Some(count);
    Ok(StepReport::new(
        STEP,
        StepOutcome::Done,
        format!("CDRs readable: {count} so far"),
    ))
}
