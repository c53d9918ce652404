//! The `auth-test-server` binary: parse flags, build the config, run.

#![deny(missing_docs)]

use std::process::ExitCode;

use auth_test_server::cli::{self, Command, USAGE};
use auth_test_server::{Error, ServerConfig};

fn main() -> ExitCode {
    match start() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("auth-test-server: {err}");
            // 2 for a bad command line or config, as most Unix tools do.
            let usage_like = matches!(
                err,
                Error::Usage(_)
                    | Error::ConfigRead { .. }
                    | Error::ConfigInvalid { .. }
                    | Error::InvalidSetting(_)
            );
            ExitCode::from(if usage_like { 2 } else { 1 })
        }
    }
}

fn start() -> Result<(), Error> {
    let options = match cli::parse(std::env::args_os().skip(1))? {
        Command::Help => {
            print!("{USAGE}");
            return Ok(());
        }
        Command::Run(options) => options,
    };
    let config = ServerConfig::from_options(options)?;
    // One thread is plenty for a test server and keeps start-up light.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(auth_test_server::run(&config))
}
