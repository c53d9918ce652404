//! `--static DIR`: files at `/` with the MIME types browsers require.

use auth_test_server::ServerConfig;
use reqwest::StatusCode;

use crate::common::{spawn, temp_dir, test_config};

const WASM: &[u8] = b"\0asm\x01\0\0\0";

#[tokio::test]
async fn static_files_are_served_with_browser_mime_types() {
    let dir = temp_dir("static");
    std::fs::create_dir_all(dir.join("pkg")).expect("pkg dir");
    std::fs::write(dir.join("index.html"), "<h1>demo</h1>").expect("index");
    std::fs::write(dir.join("app.js"), "export {};").expect("js");
    std::fs::write(dir.join("pkg/sdk_bg.wasm"), WASM).expect("wasm");
    let server = spawn(ServerConfig {
        static_dir: Some(dir),
        test_mode: false,
        ..test_config()
    })
    .await;
    let get = |path: &'static str| server.client.get(server.url(path)).send();

    let index = get("/").await.expect("answered");
    assert_eq!(index.status(), StatusCode::OK);
    assert!(index.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/html"));
    assert_eq!(index.text().await.ok().as_deref(), Some("<h1>demo</h1>"));

    let script = get("/app.js").await.expect("answered");
    assert_eq!(script.headers()["content-type"], "text/javascript");

    let wasm = get("/pkg/sdk_bg.wasm").await.expect("answered");
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(wasm.bytes().await.ok().as_deref(), Some(WASM));

    let missing = get("/nope.js").await.expect("answered");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // The API still answers beside the files; /_test stays absent.
    assert_eq!(
        server.try_login("admin", "secret").await.status(),
        StatusCode::OK
    );
    let test_route = get("/_test/stats").await.expect("answered");
    assert_eq!(test_route.status(), StatusCode::NOT_FOUND);
}
