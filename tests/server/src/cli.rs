//! Hand-written flag parsing (no clap: this crate is built cold in CI).
//!
//! Accepts `--flag value` and `--flag=value`. Every problem is an
//! [`Error::Usage`] that names the flag.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::config::{ExpiresInUnit, DEFAULT_ADDR};
use crate::dialect::Dialect;
use crate::error::Error;

/// The `--help` text.
pub const USAGE: &str = "\
auth-test-server: a Netuno `_auth` JWT server for testing wasm-auth-client

USAGE:
    auth-test-server [OPTIONS]

OPTIONS:
    --addr ADDR               address to listen on (default 127.0.0.1:9000;
                              port 0 picks a free port)
    --config FILE             Netuno-shaped JSON config ({\"auth\":{\"jwt\":{...}}})
    --access-ttl SECS         access-token lifetime in seconds (overrides the file)
    --refresh-ttl SECS        refresh-token lifetime in seconds (overrides the file)
    --expires-in-unit UNIT    unit of the `expires_in` numbers: milliseconds
                              (netuno's default), seconds (oauth's default)
                              or minutes; the lifetimes are unchanged
    --static DIR              serve DIR at / (index.html for directories)
    --dialect NAME            wire shape: netuno (default: a real Netuno
                              server, any method on /services/_auth,
                              milliseconds, no logout), oauth (RFC 6749-shaped
                              /services/_auth: seconds, JWT exp, logout,
                              refresh-token reuse detection) or tutorial
                              (/api/auth/signin, /api/auth/refreshtoken,
                              x-access-token, /api/test/*)
    --refresh-cookie          cookie mode: the refresh token travels in an
                              HttpOnly cookie, not in the JSON bodies (adds a
                              logout endpoint in every dialect)
    --refresh-cookie-name NAME  that cookie's name (default auth_refresh)
    --header-timeout-ms N     drop a client that takes longer than N ms to
                              send a request head (default 5000)
    --test-mode               enable /_test/stats, /_test/faults,
                              /_test/attempts, /_test/extra, /_test/altcha
                              and /_test/reset
    --port-file FILE          write the bound port number to FILE once listening
    -h, --help                print this help
";

/// What the command line asked for.
#[derive(Debug)]
pub enum Command {
    /// Print [`USAGE`] and exit successfully.
    Help,
    /// Start the server with these options.
    Run(CliOptions),
}

/// The flags as given, before the config file and defaults are merged in.
#[derive(Debug, Default, Clone)]
pub struct CliOptions {
    /// `--addr`.
    pub addr: Option<SocketAddr>,
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--access-ttl`, seconds.
    pub access_ttl_secs: Option<u64>,
    /// `--refresh-ttl`, seconds.
    pub refresh_ttl_secs: Option<u64>,
    /// `--expires-in-unit`.
    pub expires_in_unit: Option<ExpiresInUnit>,
    /// `--static`.
    pub static_dir: Option<PathBuf>,
    /// `--test-mode`.
    pub test_mode: bool,
    /// `--port-file`.
    pub port_file: Option<PathBuf>,
    /// `--dialect`.
    pub dialect: Option<Dialect>,
    /// `--refresh-cookie`.
    pub refresh_cookie: bool,
    /// `--refresh-cookie-name`.
    pub refresh_cookie_name: Option<String>,
    /// `--header-timeout-ms`.
    pub header_timeout_ms: Option<u64>,
}

/// The flags that take a value.
const VALUED_FLAGS: [&str; 10] = [
    "--addr",
    "--config",
    "--access-ttl",
    "--refresh-ttl",
    "--expires-in-unit",
    "--static",
    "--port-file",
    "--dialect",
    "--refresh-cookie-name",
    "--header-timeout-ms",
];

/// Parses the arguments after the program name.
///
/// # Errors
/// [`Error::Usage`] for an unknown flag, a missing value or a bad value.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, Error> {
    let mut options = CliOptions::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|arg| Error::Usage(format!("argument is not UTF-8: {arg:?}")))?;
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.into())),
            _ => (arg, None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--test-mode" => {
                no_value(&flag, inline)?;
                options.test_mode = true;
            }
            "--refresh-cookie" => {
                no_value(&flag, inline)?;
                options.refresh_cookie = true;
            }
            _ => {
                let value = take_value(&flag, inline, &mut args)?;
                apply_valued(&mut options, &flag, value)?;
            }
        }
    }
    Ok(Command::Run(options))
}

/// Stores the value of a flag that takes one.
fn apply_valued(options: &mut CliOptions, flag: &str, value: String) -> Result<(), Error> {
    match flag {
        "--addr" => options.addr = Some(parse_addr(&value)?),
        "--config" => options.config = Some(value.into()),
        "--access-ttl" => options.access_ttl_secs = Some(parse_secs(flag, &value)?),
        "--refresh-ttl" => options.refresh_ttl_secs = Some(parse_secs(flag, &value)?),
        "--expires-in-unit" => options.expires_in_unit = Some(ExpiresInUnit::parse(&value)?),
        "--static" => options.static_dir = Some(value.into()),
        "--port-file" => options.port_file = Some(value.into()),
        "--dialect" => options.dialect = Some(Dialect::parse(&value)?),
        "--refresh-cookie-name" => options.refresh_cookie_name = Some(value),
        "--header-timeout-ms" => options.header_timeout_ms = Some(parse_millis(flag, &value)?),
        _ => return Err(Error::Usage(format!("unknown flag {flag} (see --help)"))),
    }
    Ok(())
}

/// The flag's value: after `=` or the next argument.
fn take_value(
    flag: &str,
    inline: Option<String>,
    args: &mut impl Iterator<Item = OsString>,
) -> Result<String, Error> {
    if !flag.starts_with('-') {
        return Err(Error::Usage(format!(
            "unexpected argument {flag:?} (see --help)"
        )));
    }
    if let Some(value) = inline {
        return Ok(value);
    }
    if !VALUED_FLAGS.contains(&flag) {
        return Err(Error::Usage(format!("unknown flag {flag} (see --help)")));
    }
    args.next()
        .and_then(|value| value.into_string().ok())
        .ok_or_else(|| Error::Usage(format!("{flag} needs a value (see --help)")))
}

/// Refuses `--flag=value` on a flag that takes none.
fn no_value(flag: &str, inline: Option<String>) -> Result<(), Error> {
    match inline {
        Some(_) => Err(Error::Usage(format!("{flag} takes no value"))),
        None => Ok(()),
    }
}

/// Parses `--addr` as `IP:PORT`.
fn parse_addr(value: &str) -> Result<SocketAddr, Error> {
    value.parse().map_err(|_| {
        Error::Usage(format!(
            "--addr must be IP:PORT such as {DEFAULT_ADDR} or 127.0.0.1:0 (got {value:?})"
        ))
    })
}

/// Parses a TTL in whole seconds, at least one.
fn parse_secs(flag: &str, value: &str) -> Result<u64, Error> {
    match value.parse::<u64>() {
        Ok(secs) if secs > 0 => Ok(secs),
        _ => Err(Error::Usage(format!(
            "{flag} must be a whole number of seconds, at least 1 (got {value:?})"
        ))),
    }
}

/// Parses a duration in whole milliseconds, at least one.
fn parse_millis(flag: &str, value: &str) -> Result<u64, Error> {
    match value.parse::<u64>() {
        Ok(millis) if millis > 0 => Ok(millis),
        _ => Err(Error::Usage(format!(
            "{flag} must be a whole number of milliseconds, at least 1 (got {value:?})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<CliOptions, String> {
        match parse(args.iter().map(OsString::from)) {
            Ok(Command::Run(options)) => Ok(options),
            Ok(Command::Help) => Err("help".into()),
            Err(err) => Err(err.to_string()),
        }
    }

    #[test]
    fn both_value_forms_parse() {
        let options =
            run(&["--addr", "127.0.0.1:0", "--access-ttl=5", "--test-mode"]).unwrap_or_default();
        assert_eq!(options.addr, "127.0.0.1:0".parse().ok());
        assert_eq!(options.access_ttl_secs, Some(5));
        assert!(options.test_mode);
    }

    #[test]
    fn new_flags_parse() {
        let options = run(&[
            "--dialect=tutorial",
            "--refresh-cookie",
            "--refresh-cookie-name",
            "rt",
            "--header-timeout-ms",
            "250",
        ])
        .unwrap_or_default();
        assert_eq!(options.dialect, Some(Dialect::Tutorial));
        let oauth = run(&["--dialect", "oauth"]).unwrap_or_default();
        assert_eq!(oauth.dialect, Some(Dialect::Oauth));
        assert!(options.refresh_cookie);
        assert_eq!(options.refresh_cookie_name.as_deref(), Some("rt"));
        assert_eq!(options.header_timeout_ms, Some(250));
    }

    #[test]
    fn problems_name_the_flag() {
        let err = |args: &[&str]| run(args).err().unwrap_or_default();
        assert!(err(&["--bogus"]).contains("--bogus"));
        assert!(err(&["--addr"]).contains("--addr needs a value"));
        assert!(err(&["--access-ttl", "0"]).contains("--access-ttl"));
        assert!(err(&["--addr", "nowhere"]).contains("--addr"));
        assert!(err(&["--expires-in-unit", "hours"]).contains("--expires-in-unit"));
        assert!(err(&["--test-mode=yes"]).contains("takes no value"));
        assert!(err(&["--refresh-cookie=yes"]).contains("takes no value"));
        assert!(err(&["--dialect", "express"]).contains("--dialect"));
        assert!(err(&["--header-timeout-ms", "0"]).contains("--header-timeout-ms"));
        assert!(err(&["--header-timeout-ms"]).contains("needs a value"));
        assert_eq!(err(&["--help"]), "help");
    }
}
