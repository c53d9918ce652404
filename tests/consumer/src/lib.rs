//! A Rust app that uses wasm-auth-client: its own global allocator, one export of its own, and
//! the client in shared code that compiles on every target (the inert handle off wasm32).

use gloo_net::http::Request;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_auth_client::{AuthClient, AuthError, Config};
use wasm_bindgen::prelude::*;

/// The app's allocator: the standard one, counting what it hands out. It links only when the
/// dependency installs none of its own.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to `System` unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The app's client, as a component shared by the server render and the browser makes it.
pub fn client() -> Result<AuthClient, AuthError> {
    AuthClient::new(Config {
        prefix: "https://api.example.com/services/".into(),
        ..Config::default()
    })
}

/// The app's own request, authorized by the client (`unsupported` off wasm32).
pub async fn profile_status(client: &AuthClient) -> Result<u16, AuthError> {
    let response = client.send(Request::get("/services/profile")).await?;
    Ok(response.status())
}

/// The app's one export: whether the user is logged in (a wasm-bindgen export of its own, so
/// the check sees the exports list is read).
#[wasm_bindgen(js_name = appIsLogged)]
pub fn app_is_logged() -> bool {
    client().is_ok_and(|c| c.snapshot().logged_in && c.is_logged())
}

/// How many allocations the app's allocator made.
pub fn allocations() -> usize {
    ALLOCATIONS.load(Ordering::Relaxed)
}
