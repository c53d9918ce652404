//! The fetch wrapper (`authFetch`) and the service call (`service`) against real test servers.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::Response;

wasm_bindgen_test_configure!(run_in_browser);

async fn fetch_json(c: &JsAuthClient, url: &str) -> JsValue {
    let response: Response = wait(c.auth_fetch(url.into(), JsValue::UNDEFINED))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(response.ok(), "{url}: {}", response.status());
    wait(response.json().unwrap()).await.unwrap()
}

#[wasm_bindgen_test]
async fn the_token_goes_to_the_api_origin_only() {
    let c = client("t_fetch_origin", "");
    login_admin(&c).await;
    let own = fetch_json(&c, &format!("{}/public/echo", server())).await;
    assert_eq!(get(&own, "authorization").as_bool(), Some(true));
    let foreign = fetch_json(&c, &format!("{}/public/echo", other_server())).await;
    assert_eq!(
        get(&foreign, "authorization").as_bool(),
        Some(false),
        "never to another origin"
    );
    // Unless the app allows it by name.
    c.config(js(&format!(
        r#"{{"allowedOrigins":["{}"]}}"#,
        other_server()
    )))
    .unwrap();
    let allowed = fetch_json(&c, &format!("{}/public/echo", other_server())).await;
    assert_eq!(get(&allowed, "authorization").as_bool(), Some(true));
    let own = fetch_json(&c, &format!("{}/public/echo", server())).await;
    assert_eq!(
        get(&own, "authorization").as_bool(),
        Some(false),
        "the list replaces the default"
    );
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn fifty_calls_at_expiry_share_one_refresh() {
    let base = short_ttl_server();
    reset(base).await;
    let c = client_at(
        base,
        "t_fetch_fifty",
        r#""autoRefreshToken":false,"refreshLead":0.2,"refreshJitter":0"#,
    );
    login_admin(&c).await;
    let expires_at = get(&c.current_token(), "expires_at").as_f64().unwrap();
    sleep_ms((expires_at - 100.0 - now()).max(0.0) as u32).await;
    let url = format!("{base}/services/profile");
    let calls: Vec<Promise> = (0..50)
        .map(|_| c.auth_fetch(url.as_str().into(), JsValue::UNDEFINED))
        .collect();
    for call in calls {
        let response: Response = wait(call).await.unwrap().dyn_into().unwrap();
        assert_eq!(response.status(), 200);
    }
    assert_eq!(stat(base, "refreshes").await, 1.0, "exactly one refresh");
    assert_eq!(stat(base, "expired_token_calls").await, 0.0);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn a_revoked_token_gets_one_refresh_attempt_then_a_typed_error() {
    let c = client("t_fetch_revoked", "");
    login_admin(&c).await;
    reset(server()).await;
    let e = wait(c.service(js(r#"{"url":"profile"}"#)))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "unauthorized");
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    assert_eq!(
        stat(server(), "refresh_rejections").await,
        1.0,
        "one refresh attempt"
    );
    assert_eq!(stat(server(), "refreshes").await, 0.0);
    assert!(!c.is_logged(), "the refresh token died with the reset");
}

/// A client under `key`, logged in after the server's reset (its counters start at 0), whose
/// next call the server refuses once with a 401.
async fn refused_once(key: &str) -> JsAuthClient {
    let c = client(key, "");
    login_admin(&c).await;
    reset(server()).await;
    // The access token is revoked, but a new login gives the client a refresh token again.
    login_admin(&c).await;
    fault(
        server(),
        r#"{"target":"service","kind":"status","status":401,"count":1}"#,
    )
    .await;
    c
}

#[wasm_bindgen_test]
async fn a_401_is_retried_once_with_a_fresh_token() {
    let c = refused_once("t_fetch_retry").await;
    let result = wait(c.service(js(r#"{"url":"profile"}"#))).await.unwrap();
    assert_eq!(get(&result, "status").as_f64(), Some(200.0));
    assert_eq!(stat(server(), "refreshes").await, 1.0);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn a_refused_post_is_replayed_with_its_body() {
    let c = refused_once("t_fetch_post_replay").await;
    let init =
        js(r#"{"method":"POST","headers":{"Content-Type":"application/json"},"body":"{\"n\":7}"}"#);
    let url = format!("{}/services/echo", server());
    let response: Response = wait(c.auth_fetch(url.into(), init))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(response.status(), 200, "replayed after one refresh");
    let echo = wait(response.json().unwrap()).await.unwrap();
    let body = get(&echo, "body");
    assert_eq!(
        get(&body, "n").as_f64(),
        Some(7.0),
        "with its body, not a used one"
    );
    assert_eq!(stat(server(), "refreshes").await, 1.0);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn service_bodies_json_text_blob_204_and_form_data() {
    let c = client("t_fetch_bodies", "");
    login_admin(&c).await;
    let r = wait(c.service(js(r#"{"url":"echo","method":"POST","data":{"a":1}}"#)))
        .await
        .unwrap();
    let echo = get(&r, "json");
    assert_eq!(get(&get(&echo, "body"), "a").as_f64(), Some(1.0));
    assert!(get(&r, "contentType").as_string().unwrap().contains("json"));
    assert!(get(&r, "headers").is_instance_of::<web_sys::Headers>());

    let r = wait(c.service(js(r#"{"url":"echo","data":{"q":"a b&c"}}"#)))
        .await
        .unwrap();
    assert_eq!(
        get(&get(&get(&r, "json"), "query"), "q")
            .as_string()
            .as_deref(),
        Some("a b&c")
    );
    // A string is sent as it is, as @netuno/service-client does: a GET's query, a JSON body.
    let r = wait(c.service(js(r#"{"url":"echo","data":"q=x%20y&n=2"}"#)))
        .await
        .unwrap();
    let query = get(&get(&r, "json"), "query");
    assert_eq!(get(&query, "q").as_string().as_deref(), Some("x y"));
    assert_eq!(get(&query, "n").as_string().as_deref(), Some("2"));
    let r = wait(c.service(js(r#"{"url":"echo","method":"POST","data":"{\"a\":2}"}"#)))
        .await
        .unwrap();
    assert_eq!(get(&get(&get(&r, "json"), "body"), "a").as_f64(), Some(2.0));

    let r = wait(c.service(js(r#"{"url":"echo?_type=text"}"#)))
        .await
        .unwrap();
    assert!(get(&r, "text").as_string().unwrap().starts_with("echo GET"));

    let r = wait(c.service(js(r#"{"url":"echo?_type=blob","blob":true}"#)))
        .await
        .unwrap();
    assert_eq!(
        get(&r, "blob").unchecked_into::<web_sys::Blob>().size(),
        8.0
    );

    let r = wait(c.service(js(r#"{"url":"echo?_status=204"}"#)))
        .await
        .unwrap();
    assert_eq!(get(&r, "status").as_f64(), Some(204.0));
    assert!(get(&r, "json").is_undefined() && get(&r, "text").is_undefined());

    let form = web_sys::FormData::new().unwrap();
    form.append_with_str("field", "value").unwrap();
    let args = js(r#"{"url":"echo","method":"POST"}"#);
    Reflect::set(&args, &"data".into(), &form).unwrap();
    let r = wait(c.service(args)).await.unwrap();
    let echo = get(&r, "json");
    assert!(get(&echo, "content_type")
        .as_string()
        .unwrap()
        .starts_with("multipart/form-data"));
    assert!(get(&echo, "body_bytes").as_f64().unwrap() > 0.0);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn auth_fetch_returns_a_real_response_and_times_out() {
    let c = client("t_fetch_timeout", r#""timeout":300"#);
    login_admin(&c).await;
    let response = wait(c.auth_fetch(
        format!("{}/services/profile", server()).into(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    assert!(response.is_instance_of::<Response>());
    let e = wait(c.service(js(r#"{"url":"echo?_delay_ms=2000"}"#)))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "timeout");
    let e = wait(c.auth_fetch(
        format!("{}/services/echo?_delay_ms=2000", server()).into(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!(code(&e), "timeout");
    // The caller's own AbortSignal is honoured.
    c.config(js(r#"{"timeout":30000}"#)).unwrap();
    let controller = web_sys::AbortController::new().unwrap();
    let init = js_sys::Object::new();
    Reflect::set(&init, &"signal".into(), &controller.signal()).unwrap();
    let pending = c.auth_fetch(
        format!("{}/services/echo?_delay_ms=2000", server()).into(),
        init.into(),
    );
    controller.abort();
    // As `fetch` does: the rejection is the signal's reason, an `AbortError` (not an AuthError).
    let e = JsFuture::from(pending).await.unwrap_err();
    assert_eq!(Reflect::get(&e, &"name".into()).unwrap(), "AbortError");
    // So is the signal of a `Request` given as the input (fetch keeps it when init has none).
    let controller = web_sys::AbortController::new().unwrap();
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let request = web_sys::Request::new_with_str_and_init(
        &format!("{}/services/echo?_delay_ms=2000", server()),
        &init,
    )
    .unwrap();
    let pending = c.auth_fetch(request.into(), JsValue::UNDEFINED);
    controller.abort_with_reason(&"left the page".into());
    assert_eq!(JsFuture::from(pending).await.unwrap_err(), "left the page");
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn a_caller_signal_without_abort_signal_any_still_sends_within_the_deadline() {
    // As in a browser from before `AbortSignal.any` (Safari 17.3, Firefox 123).
    let class = Reflect::get(&js_sys::global(), &"AbortSignal".into()).unwrap();
    let any = Reflect::get(&class, &"any".into()).unwrap();
    Reflect::delete_property(class.unchecked_ref::<js_sys::Object>(), &"any".into()).unwrap();
    let c = client("t_fetch_no_any", r#""timeout":300"#);
    login_admin(&c).await;
    let with_signal = |url: String| {
        let init = js_sys::Object::new();
        let controller = web_sys::AbortController::new().unwrap();
        Reflect::set(&init, &"signal".into(), &controller.signal()).unwrap();
        wait(c.auth_fetch(url.into(), init.into()))
    };
    let sent = with_signal(format!("{}/services/echo", server())).await;
    let late = with_signal(format!("{}/services/echo?_delay_ms=2000", server())).await;
    Reflect::set(&class, &"any".into(), &any).unwrap();
    assert!(sent.unwrap().is_instance_of::<Response>());
    assert_eq!(code(&late.unwrap_err()), "timeout");
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn auth_fetch_bounds_the_wait_for_headers_and_service_the_whole_answer() {
    let c = client("t_fetch_stream", r#""timeout":300"#);
    login_admin(&c).await;
    // The headers come at once and the body 1 s later (a download, server-sent events): the
    // timeout does not cut the body off.
    let response: Response = wait(c.auth_fetch(
        format!("{}/services/echo?_body_delay_ms=1000", server()).into(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap()
    .dyn_into()
    .unwrap();
    let echo = wait(response.json().unwrap())
        .await
        .expect("the whole body");
    assert_eq!(get(&echo, "authorization").as_bool(), Some(true));
    // service() reads the body itself, within its timeout.
    let e = wait(c.service(js(r#"{"url":"echo?_body_delay_ms=1000"}"#)))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "timeout");
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn arguments_fetch_cannot_send_are_a_typed_error_that_says_why() {
    let c = client("t_fetch_bad_args", "");
    let url = format!("{}/services/echo", server());
    let init = js(r#"{"method":"GET","body":"x"}"#);
    let e = wait(c.auth_fetch(url.into(), init)).await.unwrap_err();
    assert_eq!(code(&e), "invalid_argument");
    let message = get(&e, "message").as_string().unwrap();
    assert!(message.contains("GET or HEAD"), "{message}");
    // The browser's own message would quote the URL, password included: it is not passed on.
    let with_password = server().replace("http://", "http://ada:s3cret@");
    let e = wait(c.auth_fetch(with_password.into(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "invalid_argument");
    let message = get(&e, "message").as_string().unwrap();
    assert!(!message.contains("s3cret"), "{message}");
}
