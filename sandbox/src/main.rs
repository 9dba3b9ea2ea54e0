//! `vobiz-sandbox --port 8080 [--seed N] [--state FILE] [--header-read-timeout SECS]`: runs
//! the emulator until Ctrl-C, printing the seeded credentials as JSON on start.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use vobiz_sandbox::{Sandbox, SandboxOptions, ServerOptions};

/// A stateful local emulator of the Vobiz partner and sub-account API.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Loopback port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Seed of the generated world: the same seed gives the same ids and tokens.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Load the world from FILE if it exists; save it there on every change and on exit.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Seconds a client may take to send a request head (or leave a connection idle).
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    header_read_timeout: u64,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let sandbox = Sandbox::start_with(
        SandboxOptions {
            port: args.port,
            seed: args.seed,
            state_file: args.state,
        },
        ServerOptions {
            header_read_timeout: Duration::from_secs(args.header_read_timeout),
        },
    )
    .await?;
    let banner = serde_json::json!({"url": sandbox.url(), "seeded": sandbox.seeded()});
    println!(
        "{}",
        serde_json::to_string_pretty(&banner).map_err(std::io::Error::other)?
    );
    tokio::signal::ctrl_c().await?;
    sandbox.stop().await;
    Ok(())
}
