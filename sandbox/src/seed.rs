//! The world a sandbox starts with: one partner, one parent main account, and an inventory of
//! Indian DIDs across several regions. Everything is derived from the seed, so the same
//! seed always gives the same ids and tokens.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::clock::Clock;
use crate::ids::Ids;
use crate::world::{Account, Number, Partner, Role, World};

/// Regions of the seeded inventory: (region, E.164 prefix, monthly fee in INR).
const REGIONS: [(&str, &str, i64); 6] = [
    ("Karnataka", "+9180", 300),
    ("Mumbai", "+9122", 200),
    ("Delhi", "+9111", 250),
    ("Chennai", "+9144", 200),
    ("Hyderabad", "+9140", 200),
    ("Kolkata", "+9133", 150),
];

/// DIDs per region.
const NUMBERS_PER_REGION: usize = 8;

/// A credential pair handed to whoever started the sandbox.
#[derive(Clone, Debug, Serialize)]
pub struct SeededCredentials {
    pub auth_id: String,
    pub auth_token: String,
}

/// What was seeded: printed by the binary, returned by the library.
#[derive(Clone, Debug, Serialize)]
pub struct Seeded {
    pub seed: u64,
    pub partner: SeededCredentials,
    /// The seeded partner's email and console password, for `POST /partner/login`.
    pub partner_email: String,
    pub partner_password: String,
    pub partner_balance: String,
    pub max_accounts: u32,
    pub parent: SeededCredentials,
    pub parent_balance: String,
    pub currency: String,
    pub inventory_numbers: usize,
    pub regions: Vec<String>,
}

/// The seeded partner's console password: derived from the seed by its own generator, so
/// adding it changed none of the other seeded ids. It meets the API's password rule.
pub fn partner_password(seed: u64) -> String {
    let mut ids = Ids::new(seed ^ 0x5EED_0F10_6100);
    format!("Sbx!{}7", &ids.token()[..16])
}

/// Builds the seeded world.
pub fn seed_world(seed: u64) -> World {
    let mut ids = Ids::new(seed);
    let clock = Clock::default();
    let now = clock.now();
    let partner_balance = Decimal::new(50_000, 0);
    let parent_balance = Decimal::new(10_000, 0);

    let partner = Partner {
        id: ids.uuid(),
        account_id: 500_000 + ids.below(1000),
        auth_id: ids.auth_id("PA_"),
        auth_token: ids.token(),
        name: "Sandbox Partner".into(),
        slug: "sandbox-partner".into(),
        company: "Sandbox Telecom Pvt Ltd".into(),
        email: "partner@sandbox.vobiz.test".into(),
        phone: "+919800000001".into(),
        is_active: true,
        is_verified: true,
        max_accounts: 25,
        can_create_accounts: true,
        can_create_pricing_tiers: true,
        can_view_cdrs: true,
        can_transfer_balance: true,
        default_pricing_tier_id: ids.uuid(),
        balance: partner_balance,
        currency: "INR".into(),
        created_at: now,
        updated_at: now,
        password: partner_password(seed),
        concurrent_calls_pool: crate::world::default_partner_concurrent_calls(),
        cps_pool: crate::world::default_partner_cps(),
    };
    let parent = Account {
        auth_id: ids.auth_id("MA_"),
        auth_token: ids.token(),
        numeric_id: 510_000 + ids.below(1000),
        api_id: ids.uuid(),
        role: Role::Main,
        name: "Sandbox Parent".into(),
        email: Some("parent@sandbox.vobiz.test".into()),
        phone: Some("+919800000002".into()),
        company: Some("Sandbox Parent Pvt Ltd".into()),
        description: None,
        profile: Default::default(),
        country: "IN".into(),
        currency: "INR".into(),
        balance: parent_balance,
        enabled: true,
        kyc_status: "completed".into(),
        rate_limit: 1000,
        permissions: None,
        sub_kyc: None,
        created_at: now,
        updated_at: now,
    };

    let mut numbers = std::collections::BTreeMap::new();
    for (region, prefix, monthly) in REGIONS {
        let mut added = 0;
        while added < NUMBERS_PER_REGION {
            let e164 = format!("{prefix}{}", 10_000_000 + ids.below(89_999_999));
            if numbers.contains_key(&e164) {
                continue;
            }
            added += 1;
            let number = Number {
                id: ids.uuid(),
                e164: e164.clone(),
                country: "IN".into(),
                region: region.into(),
                setup_fee: Decimal::new(100, 0),
                monthly_fee: Decimal::new(monthly, 0),
                currency: "INR".into(),
                owner: None,
                status: "active".into(),
                source: None,
                application_id: None,
                trunk_group_id: None,
                aadhaar_verification_required: false,
                aadhaar_verified: false,
                purchased_at: None,
                released_at: None,
                last_call_at: None,
                last_billing_date: None,
                next_billing_date: None,
                release_cooldown_ends_at: None,
                release_fee_charged: None,
                billed_to: None,
                created_at: now,
                updated_at: now,
            };
            numbers.insert(e164, number);
        }
    }

    let mut world = World {
        seed,
        ids,
        clock,
        partners: Default::default(),
        accounts: Default::default(),
        ledger: Vec::new(),
        kyc_sessions: Default::default(),
        numbers,
        trunks: Default::default(),
        trunk_parts: Default::default(),
        active_calls: Vec::new(),
        cdrs: Vec::new(),
        deliveries: Vec::new(),
        capacity_transfers: Vec::new(),
        fees_collected: Decimal::ZERO,
        money_issued: partner_balance + parent_balance,
    };
    world.partners.insert(partner.auth_id.clone(), partner);
    world.accounts.insert(parent.auth_id.clone(), parent);
    world
}

/// The seeded facts of a world (its first partner and first main account).
pub fn describe(world: &World) -> Seeded {
    let partner = world.partners.values().next().expect("a seeded partner");
    let parent = world
        .accounts
        .values()
        .find(|a| a.role == Role::Main)
        .expect("a seeded parent");
    let mut regions: Vec<String> = world.numbers.values().map(|n| n.region.clone()).collect();
    regions.sort();
    regions.dedup();
    Seeded {
        seed: world.seed,
        partner: SeededCredentials {
            auth_id: partner.auth_id.clone(),
            auth_token: partner.auth_token.clone(),
        },
        partner_email: partner.email.clone(),
        partner_password: partner.password.clone(),
        partner_balance: crate::money::dp5(partner.balance),
        max_accounts: partner.max_accounts,
        parent: SeededCredentials {
            auth_id: parent.auth_id.clone(),
            auth_token: parent.auth_token.clone(),
        },
        parent_balance: crate::money::dp5(parent.balance),
        currency: partner.currency.clone(),
        inventory_numbers: world.numbers.values().filter(|n| n.owner.is_none()).count(),
        regions,
    }
}
