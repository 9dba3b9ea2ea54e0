//! The sub-account flow: create → KYC → wait for KYC → choose, buy and assign a
//! number → check routing → the first call, every step reconciled first.

use serde::{Deserialize, Serialize};

use super::state::{OnboardingState, OnceShownCredentials, StepContext, StepOutcome, StepReport};
use super::{credentials_lost, poll_until, same_email};
use crate::clients::{Account, SubAccount};
use crate::credentials::AccountCredentials;
use crate::error::{Error, ErrorKind, Result};
use crate::models::{
    BusinessType, CallRequest, CreateSubAccount, InventoryFilters, KycMode, OwnedNumberFilters,
    PhoneNumber, SubAccountFilters, SubAccountKycSessionRequest, VerificationStatus,
};
use crate::money::Money;
use crate::pagination::PageOptions;

/// How the sub-account's KYC is done (`kind`: `company`, `individual` or `hosted`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum KycPlan {
    /// PAN, then GST and/or CIN (by company name: the first match is confirmed).
    Company {
        /// The company's PAN (4th letter `C`).
        pan: String,
        /// Its GSTIN.
        #[serde(default)]
        gstin: Option<String>,
        /// The registered name to find the CIN by.
        #[serde(default)]
        cin_company_name: Option<String>,
    },
    /// PAN, then Aadhaar through DigiLocker. In test mode the DigiLocker check completes at
    /// once; otherwise the step starts it and your redirect handler finishes it
    /// ([`SubAccount::digilocker_verify`]) while `wait_kyc` waits.
    Individual {
        /// The person's PAN (4th letter `P`).
        pan: String,
        /// Where DigiLocker sends the browser back.
        digilocker_redirect_url: String,
    },
    /// A Vobiz-hosted KYC session emailed to the customer.
    Hosted {
        /// Where the link goes.
        customer_email: String,
    },
}

/// Which number to buy: the first inventory number of `country` (and `region`) whose fees
/// are within the limits.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberPlan {
    /// ISO country (`IN`).
    pub country: String,
    /// Region, compared case-insensitively (`Karnataka`).
    #[serde(default)]
    pub region: Option<String>,
    /// The highest setup fee accepted.
    #[serde(default)]
    pub max_setup_fee: Option<Money>,
    /// The highest monthly fee accepted.
    #[serde(default)]
    pub max_monthly_fee: Option<Money>,
}

/// The first call, placed with the sub-account's own credentials from the bought number.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirstCall {
    /// The destination, E.164.
    pub to: String,
    /// The answer URL driving the call.
    pub answer_url: String,
}

/// What a sub-account onboarding makes: the input of
/// [`next_step`](super::next_step) with the parent's [`Account`].
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubAccountPlan {
    /// Display name.
    pub name: String,
    /// Email: also how a sub-account created by a lost request is found again.
    pub email: String,
    /// The holder's legal form.
    pub business_type: BusinessType,
    /// How KYC is done.
    pub kyc: KycPlan,
    /// Use the test-mode KYC routes (magic values such as `TESTSUCCESS0001` work there).
    #[serde(default)]
    pub test_mode: bool,
    /// The number to buy.
    pub number: NumberPlan,
    /// The first call, if any.
    #[serde(default)]
    pub first_call: Option<FirstCall>,
}

fn sub_id(state: &OnboardingState) -> Result<&str> {
    state
        .sub_account_id
        .as_deref()
        .ok_or_else(|| Error::validation("state", "has no sub_account_id: the state is corrupt"))
}

fn e164(state: &OnboardingState) -> Result<&str> {
    state
        .e164
        .as_deref()
        .ok_or_else(|| Error::validation("state", "has no e164: the state is corrupt"))
}

/// The parent's (or a sub-account's) owned entry for `e164`.
async fn owned_number(parent: &Account, e164: &str) -> Result<Option<PhoneNumber>> {
    let numbers = parent
        .list_numbers(
            OwnedNumberFilters {
                search: Some(e164.to_owned()),
                include_subaccounts: Some(true),
            },
            PageOptions::default(),
        )?
        .collect()
        .await?;
    Ok(numbers
        .into_iter()
        .find(|n| n.e164.as_deref() == Some(e164)))
}

fn verified(status: Option<&VerificationStatus>) -> bool {
    matches!(status, Some(VerificationStatus::Verified))
}

/// Runs step `name` (the state's next one).
pub(super) async fn step(
    parent: &Account,
    plan: &SubAccountPlan,
    name: &str,
    state: &mut OnboardingState,
    ctx: &StepContext,
) -> Result<StepReport> {
    let report = match name {
        "create_sub_account" => create(parent, plan, state, ctx).await?,
        "kyc" => kyc(parent, plan, state).await?,
        "wait_kyc" => wait_kyc(parent, state, ctx).await?,
        "choose_number" => choose_number(parent, plan, state).await?,
        "buy_number" => buy_number(parent, plan, state).await?,
        "assign_number" => assign_number(parent, state).await?,
        "check_routing" => check_routing(parent, state).await?,
        "first_call" => first_call(parent, plan, state, ctx).await?,
        other => unreachable!("unknown step {other}"),
    };
    Ok(report)
}

fn matching(given: Option<&AccountCredentials>, id: &str) -> bool {
    given.is_some_and(|c| c.auth_id().as_str() == id)
}

async fn create(
    parent: &Account,
    plan: &SubAccountPlan,
    state: &mut OnboardingState,
    ctx: &StepContext,
) -> Result<StepReport> {
    const STEP: &str = "create_sub_account";
    let given = ctx.sub_account_credentials.as_ref();
    if state.sub_account_id.is_none() {
        let existing = parent
            .list_sub_accounts(SubAccountFilters::default(), PageOptions::default())?
            .collect()
            .await?
            .into_iter()
            .find(|s| {
                s.email
                    .as_deref()
                    .is_some_and(|e| same_email(e, &plan.email))
            });
        if let Some(found) = existing {
            state.sub_account_id = Some(found.auth_id);
        }
    }
    if let Some(id) = state.sub_account_id.clone() {
        if matching(given, &id) {
            return Ok(StepReport::new(
                STEP,
                StepOutcome::Done,
                format!("{id} exists; its credentials were given"),
            ));
        }
        return Err(credentials_lost(
            "sub-account",
            &id,
            "sub_account_credentials",
        ));
    }
    let request = CreateSubAccount {
        email: Some(plan.email.clone()),
        kyc_mode: Some(KycMode::CustomerUse),
        business_type: Some(plan.business_type.clone()),
        ..CreateSubAccount::new(plan.name.clone())
    };
    let created = parent.create_sub_account(request).await?;
    let id = created.sub_account.auth_id.clone();
    state.sub_account_id = Some(id.clone());
    let token = created
        .auth_credentials
        .as_ref()
        .map(|c| c.auth_token.clone())
        .or_else(|| created.sub_account.auth_token.clone())
        .filter(|t| !t.is_redacted_by_api() && !t.expose().is_empty());
    let Some(auth_token) = token else {
        return Err(credentials_lost(
            "sub-account",
            &id,
            "sub_account_credentials",
        ));
    };
    let mut report = StepReport::new(STEP, StepOutcome::Done, format!("created {id}"));
    report.credentials = Some(OnceShownCredentials {
        auth_id: id,
        auth_token,
    });
    Ok(report)
}

async fn kyc(
    parent: &Account,
    plan: &SubAccountPlan,
    state: &mut OnboardingState,
) -> Result<StepReport> {
    const STEP: &str = "kyc";
    let sub = parent.sub_account(sub_id(state)?)?;
    let status = sub.kyc_status().await?;
    if status.kyc_calls_blocked == Some(false) {
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Done,
            "KYC already passed",
        ));
    }
    let docs = &status.verifications;
    let test = sub.kyc_test_mode();
    let mut done = Vec::new();
    match &plan.kyc {
        KycPlan::Company {
            pan,
            gstin,
            cin_company_name,
        } => {
            if !verified(docs.get("pan")) {
                pan_check(&sub, plan.test_mode, pan).await?;
                done.push("PAN");
            }
            if let Some(gstin) = gstin
                && !verified(docs.get("gst"))
            {
                if plan.test_mode {
                    test.verify_gst(gstin).await?;
                } else {
                    sub.verify_gst(gstin).await?;
                }
                done.push("GST");
            }
            if let Some(company) = cin_company_name
                && !verified(docs.get("cin"))
            {
                let matches = if plan.test_mode {
                    test.cin_search(company).await?
                } else {
                    sub.cin_search(company).await?
                };
                let cin = matches.iter().find_map(|m| m.cin.clone()).ok_or_else(|| {
                    Error::validation(
                        "cin_company_name",
                        format!("no company matches {company:?}"),
                    )
                })?;
                if plan.test_mode {
                    test.cin_confirm(company, &cin).await?;
                } else {
                    sub.cin_confirm(company, &cin).await?;
                }
                done.push("CIN");
            }
        }
        KycPlan::Individual {
            pan,
            digilocker_redirect_url,
        } => {
            if !verified(docs.get("pan")) {
                pan_check(&sub, plan.test_mode, pan).await?;
                done.push("PAN");
            }
            if !verified(docs.get("aadhaar")) {
                if plan.test_mode {
                    let started = test
                        .digilocker_initiate(digilocker_redirect_url, None)
                        .await?;
                    let id = started
                        .access_request_id
                        .unwrap_or_else(|| "MOCK_AR_SUCCESS".into());
                    test.digilocker_verify(&id, None).await?;
                    done.push("Aadhaar (DigiLocker, test mode)");
                } else {
                    let started = sub
                        .digilocker_initiate(digilocker_redirect_url, None)
                        .await?;
                    return Ok(StepReport::new(
                        STEP,
                        StepOutcome::Done,
                        format!(
                            "PAN sent; DigiLocker started: send the customer to {}, then call digilocker_verify with access request {}",
                            started.auth_url.unwrap_or_default(),
                            started.access_request_id.unwrap_or_default()
                        ),
                    ));
                }
            }
        }
        KycPlan::Hosted { customer_email } => {
            let created = sub
                .create_kyc_session(SubAccountKycSessionRequest::email(customer_email.clone()))
                .await?;
            state.kyc_session_id = created.session_id;
            done.push("hosted KYC session emailed");
        }
    }
    Ok(StepReport::new(
        STEP,
        StepOutcome::Done,
        if done.is_empty() {
            "documents already submitted".to_owned()
        } else {
            format!("submitted: {}", done.join(", "))
        },
    ))
}

async fn pan_check(sub: &SubAccount, test_mode: bool, pan: &str) -> Result<()> {
    if test_mode {
        sub.kyc_test_mode().verify_pan(pan).await?;
    } else {
        sub.verify_pan(pan).await?;
    }
    Ok(())
}

async fn wait_kyc(
    parent: &Account,
    state: &mut OnboardingState,
    ctx: &StepContext,
) -> Result<StepReport> {
    const STEP: &str = "wait_kyc";
    let sub = parent.sub_account(sub_id(state)?)?;
    let status = poll_until(ctx.max_wait, || async {
        let status = sub.kyc_status().await?;
        Ok((status.kyc_calls_blocked == Some(false), status))
    })
    .await?;
    let (passed, status) = status;
    if passed {
        Ok(StepReport::new(
            STEP,
            StepOutcome::Done,
            "KYC passed: calls unblocked",
        ))
    } else {
        Ok(StepReport::new(
            STEP,
            StepOutcome::Waiting,
            format!(
                "KYC {}: calls still blocked; run again later",
                status
                    .overall_status
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "pending".into())
            ),
        ))
    }
}

fn fits(number: &PhoneNumber, plan: &NumberPlan) -> bool {
    let region_ok = plan.region.as_deref().is_none_or(|want| {
        number
            .region
            .as_deref()
            .is_some_and(|r| r.trim().eq_ignore_ascii_case(want.trim()))
    });
    let setup_ok = plan
        .max_setup_fee
        .is_none_or(|max| number.setup_fee.is_some_and(|fee| fee <= max));
    let monthly_ok = plan
        .max_monthly_fee
        .is_none_or(|max| number.monthly_fee.is_some_and(|fee| fee <= max));
    number.e164.is_some() && region_ok && setup_ok && monthly_ok
}

/// The first inventory number that fits the plan, skipping `exclude`.
async fn candidate(parent: &Account, plan: &NumberPlan, exclude: &[String]) -> Result<String> {
    let inventory = parent
        .list_inventory(
            InventoryFilters {
                country: Some(plan.country.clone()),
                ..InventoryFilters::default()
            },
            PageOptions::default(),
        )?
        .collect()
        .await?;
    inventory
        .into_iter()
        .filter(|n| fits(n, plan))
        .filter_map(|n| n.e164)
        .find(|e| !exclude.contains(e))
        .ok_or_else(|| {
            Error::validation(
                "number",
                format!(
                    "no {} inventory number matches the region and fee limits",
                    plan.country
                ),
            )
        })
}

async fn choose_number(
    parent: &Account,
    plan: &SubAccountPlan,
    state: &mut OnboardingState,
) -> Result<StepReport> {
    const STEP: &str = "choose_number";
    if let Some(e164) = &state.e164 {
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Done,
            format!("{e164} chosen before"),
        ));
    }
    let e164 = candidate(parent, &plan.number, &[]).await?;
    state.e164 = Some(e164.clone());
    Ok(StepReport::new(
        STEP,
        StepOutcome::Done,
        format!("chose {e164}"),
    ))
}

async fn buy_number(
    parent: &Account,
    plan: &SubAccountPlan,
    state: &mut OnboardingState,
) -> Result<StepReport> {
    const STEP: &str = "buy_number";
    let mut tried = Vec::new();
    loop {
        let e164 = e164(state)?.to_owned();
        if let Some(owned) = owned_number(parent, &e164).await? {
            let owner = owned.owner().unwrap_or("?").to_owned();
            let mine = owner == parent.auth_id().as_str()
                || state.sub_account_id.as_deref() == Some(owner.as_str());
            if mine {
                return Ok(StepReport::new(
                    STEP,
                    StepOutcome::Done,
                    format!("{e164} already bought"),
                ));
            }
        }
        match parent.purchase_from_inventory(&e164, None).await {
            Ok(_) => {
                return Ok(StepReport::new(
                    STEP,
                    StepOutcome::Done,
                    format!("bought {e164}"),
                ));
            }
            // Gone from the inventory (someone else bought it): nothing was bought, so
            // choose another. A crash right after this purchase may leave the earlier
            // choice in a saved state; the number is then found on the next run only if it
            // is the one recorded.
            Err(e) if e.kind() == ErrorKind::NotFound && tried.len() < 3 => {
                tried.push(e164);
                let next = candidate(parent, &plan.number, &tried).await?;
                state.e164 = Some(next);
            }
            Err(e) => return Err(e),
        }
    }
}

async fn assign_number(parent: &Account, state: &mut OnboardingState) -> Result<StepReport> {
    const STEP: &str = "assign_number";
    let sub = sub_id(state)?.to_owned();
    let e164 = e164(state)?.to_owned();
    if let Some(owned) = owned_number(parent, &e164).await?
        && owned.owner() == Some(sub.as_str())
    {
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Done,
            format!("{e164} already assigned to {sub}"),
        ));
    }
    parent.assign_to_sub_account(&e164, &sub).await?;
    Ok(StepReport::new(
        STEP,
        StepOutcome::Done,
        format!("assigned {e164} to {sub}"),
    ))
}

async fn check_routing(parent: &Account, state: &mut OnboardingState) -> Result<StepReport> {
    const STEP: &str = "check_routing";
    let e164 = e164(state)?.to_owned();
    let number = owned_number(parent, &e164).await?;
    let routed = number
        .and_then(|n| n.application_id)
        .is_some_and(|a| !a.trim().is_empty());
    state.routed = Some(routed);
    Ok(StepReport::new(
        STEP,
        StepOutcome::Done,
        if routed {
            format!("{e164} routes to an application")
        } else {
            format!(
                "{e164} has no application: link one in the Console (the API cannot set routing)"
            )
        },
    ))
}

async fn first_call(
    parent: &Account,
    plan: &SubAccountPlan,
    state: &mut OnboardingState,
    ctx: &StepContext,
) -> Result<StepReport> {
    const STEP: &str = "first_call";
    let Some(call) = &plan.first_call else {
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Skipped,
            "no first call planned",
        ));
    };
    if let Some(uuid) = &state.call_uuid {
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Done,
            format!("call {uuid} placed before"),
        ));
    }
    let sub = sub_id(state)?.to_owned();
    let Some(credentials) = ctx
        .sub_account_credentials
        .clone()
        .filter(|c| c.auth_id().as_str() == sub)
    else {
        return Ok(StepReport::new(
            STEP,
            StepOutcome::Skipped,
            format!("the first call needs {sub}'s own credentials (sub_account_credentials)"),
        ));
    };
    let client = Account::with_transport(credentials, parent.transport().clone());
    let fired = client
        .make_call(&CallRequest::new(
            e164(state)?,
            call.to.clone(),
            call.answer_url.clone(),
        ))
        .await?;
    state.call_uuid = fired.request_uuid().map(str::to_owned);
    Ok(StepReport::new(
        STEP,
        StepOutcome::Done,
        format!("call placed to {}", call.to),
    ))
}
