//! Configuration and credentials from the environment. One test in its own binary: the
//! environment is process-wide, so no other test may run beside it.

use vobiz_partner::{AccountCredentials, ClientConfig, PartnerCredentials};

const CANARY: &str = "CANARY_env_tok_41d2";

#[test]
fn environment_variables_configure_the_client() {
    // SAFETY: this binary runs only this test, so nothing reads the environment concurrently.
    unsafe {
        std::env::remove_var("VOBIZ_AUTH_ID");
        std::env::remove_var("VOBIZ_AUTH_TOKEN");
        std::env::remove_var("VOBIZ_BASE_URL");
    }
    let err = PartnerCredentials::from_env().unwrap_err();
    assert_eq!(err.validation_field(), Some("VOBIZ_AUTH_ID"));
    assert!(err.to_string().contains("is not set"), "{err}");
    assert_eq!(
        ClientConfig::from_env().unwrap().base_url().as_str(),
        "https://api.vobiz.ai/"
    );

    unsafe {
        std::env::set_var("VOBIZ_AUTH_ID", "PA_ENV12345");
        std::env::set_var("VOBIZ_AUTH_TOKEN", format!("{CANARY}\n"));
        std::env::set_var("VOBIZ_BASE_URL", "http://127.0.0.1:9999/api/v1/");
    }
    let partner = PartnerCredentials::from_env().unwrap();
    assert_eq!(partner.auth_id().as_str(), "PA_ENV12345");
    assert!(!format!("{partner:?}").contains(CANARY));
    let err = AccountCredentials::from_env().unwrap_err();
    assert_eq!(err.validation_field(), Some("VOBIZ_AUTH_ID"));
    assert!(
        err.to_string().contains("MA_") && !err.to_string().contains(CANARY),
        "{err}"
    );
    assert_eq!(
        ClientConfig::from_env().unwrap().base_url().as_str(),
        "http://127.0.0.1:9999/"
    );

    unsafe {
        std::env::set_var("VOBIZ_AUTH_TOKEN", "");
        std::env::set_var("VOBIZ_BASE_URL", "http://api.vobiz.ai");
    }
    assert_eq!(
        PartnerCredentials::from_env()
            .unwrap_err()
            .validation_field(),
        Some("VOBIZ_AUTH_TOKEN")
    );
    assert_eq!(
        ClientConfig::from_env().unwrap_err().validation_field(),
        Some("base_url")
    );
}
