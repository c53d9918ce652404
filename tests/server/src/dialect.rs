//! The two wire shapes the server speaks, chosen by `--dialect`.
//!
//! `netuno` is PROTOCOL.md §1 (the default). `tutorial` is the shape of the
//! widely copied "Node.js JWT refresh token" tutorial (bezkoder): camelCase
//! keys, separate sign-in and refresh paths, a bare `x-access-token` header.
//! Tokens, refresh families, stats and faults are the same in both.

use crate::error::Error;

/// Which wire shape the routes speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// `POST /services/_auth`, `Authorization: Bearer`, `/services/*`.
    #[default]
    Netuno,
    /// `POST /api/auth/signin` and `/api/auth/refreshtoken`,
    /// `x-access-token`, `/api/test/*`.
    Tutorial,
}

impl Dialect {
    /// Parses the `--dialect` value.
    ///
    /// # Errors
    /// [`Error::Usage`] naming the accepted values.
    pub fn parse(value: &str) -> Result<Self, Error> {
        match value {
            "netuno" => Ok(Self::Netuno),
            "tutorial" => Ok(Self::Tutorial),
            other => Err(Error::Usage(format!(
                "--dialect must be netuno or tutorial (got {other:?})"
            ))),
        }
    }

    /// The path every auth route lives under: the refresh cookie's `Path`.
    pub fn auth_path(self) -> &'static str {
        match self {
            Self::Netuno => "/services/_auth",
            Self::Tutorial => "/api/auth",
        }
    }

    /// The logout route.
    pub fn logout_path(self) -> &'static str {
        match self {
            Self::Netuno => "/services/_auth/logout",
            Self::Tutorial => "/api/auth/signout",
        }
    }

    /// The prefix of the protected services, with its trailing slash.
    pub fn service_prefix(self) -> &'static str {
        match self {
            Self::Netuno => "/services/",
            Self::Tutorial => "/api/test/",
        }
    }

    /// The protected path answering the token's user.
    pub fn profile_name(self) -> &'static str {
        match self {
            Self::Netuno => "profile",
            Self::Tutorial => "user",
        }
    }

    /// The JSON keys of the access and refresh tokens in token answers.
    pub fn token_keys(self) -> (&'static str, &'static str) {
        match self {
            Self::Netuno => ("access_token", "refresh_token"),
            Self::Tutorial => ("accessToken", "refreshToken"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dialect;

    #[test]
    fn parses_both_and_names_the_choices() {
        assert_eq!(Dialect::parse("netuno").ok(), Some(Dialect::Netuno));
        assert_eq!(Dialect::parse("tutorial").ok(), Some(Dialect::Tutorial));
        let message = Dialect::parse("express").err().map(|e| e.to_string());
        assert!(message.unwrap_or_default().contains("netuno or tutorial"));
    }

    #[test]
    fn the_logout_route_is_under_the_cookie_path() {
        for dialect in [Dialect::Netuno, Dialect::Tutorial] {
            assert!(dialect.logout_path().starts_with(dialect.auth_path()));
        }
    }
}
