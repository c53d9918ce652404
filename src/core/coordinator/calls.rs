//! The coordinator's decisions about the app's calls: whether one carries the token, goes,
//! waits for the refresh or is replayed, and what a caller that waited gets.

use super::{Coordinator, Effect, Header, Step, SEND_MARGIN_MS};
use crate::core::error::AuthError;
use crate::core::schedule::{is_due, is_expired, Phase, RefreshPolicy};

impl Coordinator {
    /// The header of the held token.
    pub fn header(&self) -> Option<Header> {
        let t = self.session.token()?;
        let access = t.access_token.secret();
        let (name, value) = self.config().auth_header_value(&t.token_type, access);
        Some(Header {
            name,
            value,
            access: access.to_owned(),
        })
    }

    /// Whether a request to `url` may carry the token: its origin is allowed, and it is not a
    /// call to an auth endpoint.
    pub(super) fn may_carry(&self, url: &str) -> bool {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let origin = url
            .find("://")
            .map(|i| i + 3)
            .map(|start| &url[..url[start..].find('/').map_or(url.len(), |end| start + end)]);
        !self.places.auth_urls.iter().any(|a| a == path)
            && origin.is_some_and(|o| self.places.allowed.iter().any(|a| a == o))
    }

    pub(super) fn call(&mut self, url: &str, step: &mut Step) {
        if !self.may_carry(url) {
            return step.push(Effect::Send(None));
        }
        let Some(t) = self.session.token() else {
            // A page load's restore (from the other tabs, or the cookie) may bring one.
            let next = match self.restoring {
                true => Effect::Hold,
                false => Effect::Send(None),
            };
            return step.push(next);
        };
        let now = step.now;
        let expired = is_expired(t, now + SEND_MARGIN_MS);
        let due = is_due(t, &RefreshPolicy::of(self.config()), now);
        let phase = self.schedule.phase();
        let backing_off = matches!(phase, Phase::Retrying { .. }) && !self.schedule.may_start(now);
        // A refresh on the wire revokes the held token when it lands (a Netuno server kills
        // the old pair at once): a call sent now would be refused, so it waits for the new one.
        if expired || phase == Phase::InFlight || (due && !backing_off) {
            step.push(Effect::Hold);
        } else {
            // Fresh, or due while the refresh backs off: the token still works, so it goes.
            step.push(Effect::Send(self.header()));
        }
    }

    pub(super) fn answered(&mut self, status: u16, sent: &Header, replayed: bool, step: &mut Step) {
        if !self.is_retry_status(status) {
            return step.push(Effect::Deliver);
        }
        if replayed {
            return step.push(Effect::Refuse(AuthError::Unauthorized {
                status,
                body: None,
            }));
        }
        match self.header() {
            // The token was refused: refresh once (joining any attempt under way), then replay.
            Some(held) if held.access == sent.access => step.push(Effect::Hold),
            // A refresh replaced the token while the call was on the wire (and revoked the one
            // it carried): replayed with the new one, no second refresh.
            held => step.push(Effect::Send(held)),
        }
    }

    /// A caller starts waiting: for the running attempt, or the next one (started now if the
    /// schedule allows, else at its retry slot).
    pub(super) fn wait(&mut self, step: &mut Step) {
        if self.session.token().is_none() && !self.restoring {
            return step.push(Effect::Refuse(AuthError::NotLoggedIn));
        }
        self.waiting += 1;
        // Waiting pulls a far retry slot in (see `RefreshSchedule::waited_for`), maybe to now.
        self.schedule.waited_for();
        if !self.try_start(step) {
            self.renew_or_end(step);
        }
    }

    pub(super) fn gave_up(&mut self, ms: u32, call: bool, step: &mut Step) {
        self.waiting = self.waiting.saturating_sub(1);
        if !call {
            return;
        }
        match self.session.token() {
            Some(t) if is_expired(t, step.now + SEND_MARGIN_MS) => {
                let cause = self.last_error().cloned().unwrap_or(AuthError::Timeout(ms));
                step.push(Effect::Refuse(AuthError::RefreshUnavailable {
                    cause: Box::new(cause),
                }));
            }
            _ => step.push(Effect::Send(self.header())),
        }
    }
}
