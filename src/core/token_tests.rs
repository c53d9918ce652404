use super::*;
use crate::core::config::TimeUnit;
use crate::core::testing::fields;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

fn validate(json: &str, config: &Config) -> Result<TokenState, AuthError> {
    let f = fields(json, config);
    let response = TokenResponse {
        fields: &f,
        received_at: 1_000.0,
        previous_refresh: None,
    };
    validate_response(response, config)
}

#[test]
fn a_good_response_gives_a_token() {
    let t = validate(
        r#"{"result":true,"token_type":"Bearer","access_token":"a","refresh_token":"r","expires_in":60}"#,
        &Config::default(),
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
        (
            r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":1e12}"#,
            "implausible token lifetime",
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
    let old = RefreshToken::new("r1".into());
    let response = TokenResponse {
        fields: &f,
        received_at: 0.0,
        previous_refresh: Some(&old),
    };
    assert_eq!(
        validate_response(response, &c).unwrap().refresh_token,
        Some(old)
    );
}

#[test]
fn an_opaque_access_token_has_no_claims() {
    let t = validate(
        r#"{"result":true,"access_token":"opaque.not-base64!.x","refresh_token":"r","expires_in":5}"#,
        &Config::default(),
    );
    assert_eq!(t.unwrap().lifetime_ms, Some(5_000.0));
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
