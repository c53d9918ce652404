//! The router: which path goes to which module.

use axum::extract::Request;
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use tower_http::services::ServeDir;

use crate::config::ServerConfig;
use crate::state::{AppState, SharedState};
use crate::{auth_routes, cors, echo, responses, service_routes, static_files, test_routes};

/// Builds the whole application for `config`, with fresh state.
pub fn router(config: &ServerConfig) -> Router {
    router_with_state(config, AppState::new(config))
}

/// Builds the application around existing `state`.
pub fn router_with_state(config: &ServerConfig, state: SharedState) -> Router {
    let mut app = Router::new()
        .route("/services/_auth", any(auth_routes::handle))
        .route("/services/", any(service_routes::handle))
        .route("/services/{*path}", any(service_routes::handle))
        .route("/public/echo", any(echo::respond));
    if config.test_mode {
        app = app.merge(test_routes::routes());
    }
    app = match &config.static_dir {
        Some(dir) => {
            let dir = ServeDir::new(dir);
            app.fallback(move |request: Request| static_files::serve(dir.clone(), request))
        }
        None => app.fallback(not_found),
    };
    app.layer(cors::layer()).with_state(state)
}

async fn not_found(request: Request) -> Response {
    responses::not_found(request.uri().path())
}
