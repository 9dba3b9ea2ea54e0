//! The docs' two walkthroughs (the partner program flow, and provisioning a `customer_use`
//! sub-account) replayed with curl, as a person would: `examples/sandbox_walkthroughs.sh`
//! stops at the first answer that differs from the docs.

use std::process::Command;

use vobiz_sandbox::{Sandbox, SandboxOptions};

#[tokio::test(flavor = "multi_thread")]
async fn the_walkthroughs_replay_with_curl() {
    let sandbox = Sandbox::start(SandboxOptions {
        port: 0,
        seed: 5,
        state_file: None,
    })
    .await
    .unwrap();
    let seeded = sandbox.seeded();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/sandbox_walkthroughs.sh"
    );
    let mut command = Command::new("bash");
    command
        .arg(script)
        .env("SANDBOX_URL", sandbox.url())
        .env("PA_ID", &seeded.partner.auth_id)
        .env("PA_TOKEN", &seeded.partner.auth_token)
        .env("MA_ID", &seeded.parent.auth_id)
        .env("MA_TOKEN", &seeded.parent.auth_token);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the replay stopped:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("Both walkthroughs replayed as documented."));
    sandbox.stop().await;
}
