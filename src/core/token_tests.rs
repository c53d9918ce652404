use super::*;
use crate::core::config::TimeUnit;
use crate::core::testing::fields;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

fn validated(json: &str, config: &Config) -> Result<Validated, AuthError> {
    let f = fields(json, config);
    let response = TokenResponse {
        fields: &f,
        received_at: 1_000.0,
        previous: None,
    };
    validate_response(response, config)
}

fn validate(json: &str, config: &Config) -> Result<TokenState, AuthError> {
    validated(json, config).map(|v| v.token)
}

fn seconds() -> Config {
    Config {
        expires_in_unit: TimeUnit::Seconds,
        ..Config::default()
    }
}

#[test]
fn a_good_response_gives_a_token() {
    let t = validate(
        r#"{"result":true,"token_type":"Bearer","access_token":"a","refresh_token":"r","expires_in":60}"#,
        &seconds(),
    )
    .unwrap();
    assert_eq!(t.access_token.secret(), "a");
    assert_eq!(t.expires_at(), Some(61_000.0));
    assert_eq!(t.view().expires_at, Some(61_000.0));
}

#[test]
fn the_jwt_lifetime_wins_over_expires_in() {
    let payload = URL_SAFE_NO_PAD.encode(r#"{"iat":1000,"exp":1010}"#);
    let json = format!(
        r#"{{"result":true,"access_token":"h.{payload}.s","refresh_token":"r","expires_in":3600}}"#
    );
    let t = validate(&json, &Config::default()).unwrap();
    assert_eq!(t.lifetime_ms, Some(10_000.0));
    assert_eq!(t.token_type, "Bearer");
}

#[test]
fn bad_responses_are_invalid_response_naming_the_problem() {
    let c = Config::default();
    let mistyped_exp = format!(
        r#"{{"result":true,"access_token":"h.{}.s","refresh_token":"r"}}"#,
        URL_SAFE_NO_PAD.encode(r#"{"exp":"soon"}"#)
    );
    for (bad, problem) in [
        (
            r#"{"result":false,"access_token":"a","refresh_token":"r"}"#,
            "`result` is not true",
        ),
        (
            r#"{"result":true,"access_token":"","refresh_token":"r"}"#,
            "`access_token` is empty",
        ),
        (
            r#"{"result":true,"access_token":"a"}"#,
            "`refresh_token` is missing",
        ),
        (
            r#"{"result":true,"access_token":5,"refresh_token":"r"}"#,
            "`access_token` is a number, expected a string",
        ),
        (
            r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":-1}"#,
            "the expiry is not a positive number",
        ),
        (
            r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":"60"}"#,
            "the expiry is not a positive number",
        ),
        (
            r#"{"result":true,"access_token":"a","refresh_token":"r","token_type":7}"#,
            "the token type is a number",
        ),
        (&mistyped_exp, "the access token's claims are invalid"),
    ] {
        let e = validate(bad, &c).unwrap_err();
        assert_eq!(e.code().as_str(), "invalid_response", "{bad}");
        assert!(e.to_string().contains(problem), "{bad}: {e}");
    }
}

#[test]
fn units_and_defaults_apply() {
    let mut c = Config {
        expires_in_unit: TimeUnit::Minutes,
        ..Config::default()
    };
    let t = validate(
        r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":2}"#,
        &c,
    );
    assert_eq!(t.unwrap().lifetime_ms, Some(120_000.0));
    c.token.expires_in_default = Some(5.0);
    let t = validate(
        r#"{"result":true,"access_token":"a","refresh_token":"r"}"#,
        &c,
    );
    assert_eq!(t.unwrap().lifetime_ms, Some(300_000.0));
    c.token.expires_in_default = None;
    let t = validate(
        r#"{"result":true,"access_token":"a","refresh_token":"r"}"#,
        &c,
    );
    assert_eq!(t.unwrap().lifetime_ms, None);
}

#[test]
fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
    let c = Config::default();
    let f = fields(r#"{"result":true,"access_token":"a2"}"#, &c);
    let old = validate(
        r#"{"result":true,"access_token":"a1","refresh_token":"r1"}"#,
        &c,
    )
    .unwrap();
    let response = TokenResponse {
        fields: &f,
        received_at: 0.0,
        previous: Some(&old),
    };
    assert_eq!(
        validate_response(response, &c).unwrap().token.refresh_token,
        Some(RefreshToken::new("r1".into()))
    );
}

#[test]
fn an_opaque_access_token_has_no_claims() {
    let t = validate(
        r#"{"result":true,"access_token":"opaque.not-base64!.x","refresh_token":"r","expires_in":5}"#,
        &seconds(),
    );
    assert_eq!(t.unwrap().lifetime_ms, Some(5_000.0));
}

#[test]
fn expires_in_is_in_milliseconds_by_default_as_netuno_sends_it() {
    // A real Netuno server: an hour is 3,600,000, and the JWT has no `exp`.
    let t = validated(
        r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":3600000}"#,
        &Config::default(),
    )
    .unwrap();
    assert_eq!(t.token.lifetime_ms, Some(3_600_000.0));
    assert_eq!(t.ignored_lifetime_ms, None);
}

#[test]
fn an_implausible_lifetime_is_ignored_and_reported_not_refused() {
    // Netuno's milliseconds read as seconds: 41.7 days; a seconds server read as milliseconds:
    // 0.06 s. Neither is scheduled (no refresh years away, no refresh storm), neither fails.
    for (json, config, given) in [
        (r#""expires_in":3600000"#, seconds(), 3_600_000_000.0),
        (r#""expires_in":60"#, Config::default(), 60.0),
    ] {
        let body = format!(r#"{{"result":true,"access_token":"a","refresh_token":"r",{json}}}"#);
        let v = validated(&body, &config).unwrap();
        assert_eq!(v.token.lifetime_ms, None, "{json}");
        assert_eq!(v.ignored_lifetime_ms, Some(given), "{json}");
        let warning = implausible_lifetime_warning(given, &config);
        assert!(warning.contains("expiresInUnit"), "{warning}");
    }
    // The edges are plausible: 1 s and 30 days.
    for ms in [1_000.0, 2_592_000_000.0] {
        let body = format!(
            r#"{{"result":true,"access_token":"a","refresh_token":"r","expires_in":{ms}}}"#
        );
        assert_eq!(
            validate(&body, &Config::default()).unwrap().lifetime_ms,
            Some(ms)
        );
    }
}

#[test]
fn extra_is_kept_and_a_refresh_without_it_keeps_the_logins() {
    let c = Config::default();
    let login = validate(
        r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":60000,"extra":{"plan":"pro","n":[1,2]}}"#,
        &c,
    )
    .unwrap();
    assert_eq!(login.extra.as_deref(), Some(r#"{"n":[1,2],"plan":"pro"}"#));
    let f = fields(
        r#"{"result":true,"access_token":"a2","refresh_token":"r2"}"#,
        &c,
    );
    let response = TokenResponse {
        fields: &f,
        received_at: 0.0,
        previous: Some(&login),
    };
    let refreshed = validate_response(response, &c).unwrap().token;
    assert_eq!(refreshed.extra, login.extra);
}

#[test]
fn tokens_over_the_size_limit_are_refused() {
    let c = Config::default();
    let big = "a".repeat(16_385);
    for json in [
        format!(r#"{{"result":true,"access_token":"{big}","refresh_token":"r"}}"#),
        format!(r#"{{"result":true,"access_token":"a","refresh_token":"{big}"}}"#),
    ] {
        let e = validate(&json, &c).unwrap_err();
        assert!(e.to_string().contains("over the limit of 16384"), "{e}");
    }
    let at_limit = "a".repeat(16_384);
    let json = format!(r#"{{"result":true,"access_token":"{at_limit}","refresh_token":"r"}}"#);
    assert!(validate(&json, &c).is_ok());
    assert_eq!(c.max_response_bytes(), 65_536);
}
