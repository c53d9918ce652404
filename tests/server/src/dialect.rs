//! The three wire shapes the server speaks, chosen by `--dialect`.
//!
//! `netuno` is PROTOCOL.md §1, what a real Netuno server sends (the
//! default). `oauth` is the RFC 6749-shaped variant this server spoke first:
//! the same paths, with `expires_in` in seconds, JWTs with `iat`/`exp`, a
//! `WWW-Authenticate` challenge, a logout endpoint and refresh-token reuse
//! detection. `tutorial` is the shape of the widely copied "Node.js JWT
//! refresh token" tutorial (bezkoder): camelCase keys, separate sign-in and
//! refresh paths, a bare `x-access-token` header.

use crate::config::ExpiresInUnit;
use crate::error::Error;

/// Which wire shape the routes speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// A real Netuno server: any method on `/services/_auth`, stateful
    /// token pairs, `Authorization: Bearer`, `/services/*`.
    #[default]
    Netuno,
    /// `POST /services/_auth` shaped like RFC 6749: stateless JWTs,
    /// refresh families, a logout endpoint.
    Oauth,
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
            "oauth" => Ok(Self::Oauth),
            "tutorial" => Ok(Self::Tutorial),
            other => Err(Error::Usage(format!(
                "--dialect must be netuno, oauth or tutorial (got {other:?})"
            ))),
        }
    }

    /// The path every auth route lives under: the refresh cookie's `Path`.
    pub fn auth_path(self) -> &'static str {
        match self {
            Self::Netuno | Self::Oauth => "/services/_auth",
            Self::Tutorial => "/api/auth",
        }
    }

    /// The logout route (see [`Dialect::has_logout`]).
    pub fn logout_path(self) -> &'static str {
        match self {
            Self::Netuno | Self::Oauth => "/services/_auth/logout",
            Self::Tutorial => "/api/auth/signout",
        }
    }

    /// Whether the logout route exists: a real Netuno server has none, so
    /// the netuno dialect adds it only in cookie mode, where a client has no
    /// other way to drop the HttpOnly cookie.
    pub fn has_logout(self, cookie_mode: bool) -> bool {
        match self {
            Self::Netuno => cookie_mode,
            Self::Oauth | Self::Tutorial => true,
        }
    }

    /// The prefix of the protected services, with its trailing slash.
    pub fn service_prefix(self) -> &'static str {
        match self {
            Self::Netuno | Self::Oauth => "/services/",
            Self::Tutorial => "/api/test/",
        }
    }

    /// The protected path answering the token's user.
    pub fn profile_name(self) -> &'static str {
        match self {
            Self::Netuno | Self::Oauth => "profile",
            Self::Tutorial => "user",
        }
    }

    /// The JSON keys of the access and refresh tokens in token answers.
    pub fn token_keys(self) -> (&'static str, &'static str) {
        match self {
            Self::Netuno | Self::Oauth => ("access_token", "refresh_token"),
            Self::Tutorial => ("accessToken", "refreshToken"),
        }
    }

    /// The unit of `expires_in` unless `--expires-in-unit` says otherwise:
    /// Netuno sends milliseconds, RFC 6749 seconds (the tutorial sends no
    /// `expires_in` at all).
    pub fn default_expires_in_unit(self) -> ExpiresInUnit {
        match self {
            Self::Netuno => ExpiresInUnit::Milliseconds,
            Self::Oauth | Self::Tutorial => ExpiresInUnit::Seconds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Dialect; 3] = [Dialect::Netuno, Dialect::Oauth, Dialect::Tutorial];

    #[test]
    fn parses_each_and_names_the_choices() {
        assert_eq!(Dialect::parse("netuno").ok(), Some(Dialect::Netuno));
        assert_eq!(Dialect::parse("oauth").ok(), Some(Dialect::Oauth));
        assert_eq!(Dialect::parse("tutorial").ok(), Some(Dialect::Tutorial));
        let message = Dialect::parse("express").err().map(|e| e.to_string());
        assert!(message
            .unwrap_or_default()
            .contains("netuno, oauth or tutorial"));
    }

    #[test]
    fn the_logout_route_is_under_the_cookie_path() {
        for dialect in ALL {
            assert!(dialect.logout_path().starts_with(dialect.auth_path()));
        }
    }

    #[test]
    fn netuno_has_a_logout_route_in_cookie_mode_only() {
        assert!(!Dialect::Netuno.has_logout(false));
        assert!(Dialect::Netuno.has_logout(true));
        assert!(Dialect::Oauth.has_logout(false) && Dialect::Tutorial.has_logout(false));
        assert_eq!(
            Dialect::Netuno.default_expires_in_unit(),
            ExpiresInUnit::Milliseconds
        );
        assert_eq!(
            Dialect::Oauth.default_expires_in_unit(),
            ExpiresInUnit::Seconds
        );
    }
}
