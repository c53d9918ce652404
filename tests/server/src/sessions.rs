//! Login, refresh and logout of the oauth and tutorial dialects: the
//! outcomes the routes turn into their own answers, and the stats each
//! outcome counts. Logout and the presented refresh token serve the netuno
//! dialect too (its login and refresh are in `netuno::routes`).

use axum::http::HeaderMap;

use crate::dialect::Dialect;
use crate::error::Error;
use crate::refresh::RefreshRejection;
use crate::state::AppState;
use crate::stats::Event;
use crate::users::{self, User};

/// Tokens just issued to `user` by a login or a refresh.
pub struct Issued {
    /// Whose tokens they are.
    pub user: &'static User,
    /// The new access token (a JWT).
    pub access_token: String,
    /// The new refresh token (opaque).
    pub refresh_token: String,
}

/// Why a login was refused (counted in `login_failures`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    /// No user has this name.
    UnknownUser,
    /// The user exists, the password is wrong.
    WrongPassword,
    /// The user's group is not in `auth.jwt.groups`.
    GroupNotAllowed,
}

/// Why a refresh was refused (counted in `refresh_rejections`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshRefusal {
    /// No refresh token in the body, nor in the cookie.
    Missing,
    /// The presented token is unknown, expired, reused or revoked.
    Rejected(RefreshRejection),
}

/// Checks the credentials and starts a refresh family.
///
/// # Errors
/// [`Error::Random`] or [`Error::TokenSigning`]: internal failures.
pub fn login(
    state: &AppState,
    username: &str,
    password: &str,
) -> Result<Result<Issued, LoginRefusal>, Error> {
    let refuse = |refusal| {
        state.stats.record(Event::LoginFailure);
        Ok(Err(refusal))
    };
    let Some(user) = users::by_username(username) else {
        return refuse(LoginRefusal::UnknownUser);
    };
    if user.password != password {
        return refuse(LoginRefusal::WrongPassword);
    }
    if !state.groups.iter().any(|group| group == user.group) {
        return refuse(LoginRefusal::GroupNotAllowed);
    }
    let refresh_token = state.refresh.start_family(user.username)?;
    let access_token = state.access.issue(user)?;
    state.stats.record(Event::Login);
    Ok(Ok(Issued {
        user,
        access_token,
        refresh_token,
    }))
}

/// Spends `presented` (if any) and issues its successor.
///
/// # Errors
/// [`Error::Random`] or [`Error::TokenSigning`]: internal failures.
pub fn refresh(
    state: &AppState,
    presented: Option<&str>,
) -> Result<Result<Issued, RefreshRefusal>, Error> {
    let Some(presented) = presented else {
        state.stats.record(Event::RefreshRejection);
        return Ok(Err(RefreshRefusal::Missing));
    };
    // Stored usernames come from the seeded list, so the lookup cannot miss;
    // if it ever did, refusing the token is the safe answer.
    let rotated = state.refresh.rotate(presented)?.and_then(|rotation| {
        users::by_username(&rotation.username)
            .map(|user| (user, rotation.token))
            .ok_or(RefreshRejection::Unknown)
    });
    let (user, refresh_token) = match rotated {
        Ok(rotated) => rotated,
        Err(rejection) => {
            state.stats.record(Event::RefreshRejection);
            return Ok(Err(RefreshRefusal::Rejected(rejection)));
        }
    };
    let access_token = state.access.issue(user)?;
    state.stats.record(Event::Refresh);
    Ok(Ok(Issued {
        user,
        access_token,
        refresh_token,
    }))
}

/// Revokes the family of `presented`, if it is known (logout).
///
/// Access tokens already issued stay valid until they expire, as with any
/// stateless JWT; in the netuno dialect the pair ends, its access token
/// with it.
pub fn logout(state: &AppState, presented: Option<&str>) {
    let Some(presented) = presented else {
        return;
    };
    if state.dialect == Dialect::Netuno {
        state.pairs.log_out(presented);
    } else {
        state.refresh.revoke_family(presented);
    }
}

/// The refresh token a request presents: the body's, else (in cookie mode)
/// the cookie's.
pub fn presented_token(
    state: &AppState,
    from_body: Option<String>,
    headers: &HeaderMap,
) -> Option<String> {
    from_body.or_else(|| {
        state
            .refresh_cookie
            .as_ref()
            .and_then(|cookie| cookie.read(headers))
    })
}
