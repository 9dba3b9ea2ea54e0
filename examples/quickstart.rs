//! What the core gives a caller before any request is made: scoped credentials that refuse
//! the wrong kind of id, secrets that never print, phone numbers normalised for paths, and
//! input errors that name the field. Run with `cargo run -p vobiz-partner --example quickstart`.

use vobiz_partner::{
    AccountCredentials, ApiPath, ClientConfig, E164, Error, PartnerCredentials, SubAccountScope,
};

fn main() -> Result<(), Error> {
    let config = ClientConfig::builder()
        .base_url("https://api.vobiz.ai")
        .max_retries(3)
        .build()?;
    println!("config: {config:?}");

    let partner = PartnerCredentials::new("PA_DEMO1234", "sk_live_not_a_real_token")?;
    println!("partner credentials print as: {partner:?}");

    match PartnerCredentials::new("MA_DEMO1234", "token") {
        Err(Error::Validation { field, reason }) => println!("refused {field}: {reason}"),
        other => println!("unexpected: {other:?}"),
    }

    let parent = AccountCredentials::new("MA_PARENT01", "parent_token")?;
    let scope = SubAccountScope::new(parent, "SA_CHILD001")?;
    println!(
        "acting on {} as {}",
        scope.sub_account_id(),
        scope.parent_id()
    );

    for input in ["+918012345678", "%2B918012345678", "91 80123-45678"] {
        let number = E164::parse(input)?;
        let path = ApiPath::v1()
            .lit("account")
            .id(scope.parent_id())
            .lit("numbers")
            .e164(&number)
            .lit("assign-subaccount");
        println!("{input:>18} -> {path}");
    }

    if let Err(err) = E164::parse("91/../../evil?x=1#") {
        println!("refused: {err}");
    }
    Ok(())
}
