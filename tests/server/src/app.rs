//! The router: which path goes to which module, per dialect.

use axum::extract::Request;
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use tower_http::services::ServeDir;

use crate::config::ServerConfig;
use crate::dialect::Dialect;
use crate::state::{AppState, SharedState};
use crate::{
    auth_routes, cors, echo, logout_routes, netuno, responses, service_routes, static_files,
    test_routes, tutorial_routes,
};

/// Builds the whole application for `config`, with fresh state.
pub fn router(config: &ServerConfig) -> Router {
    router_with_state(config, AppState::new(config))
}

/// Builds the application around existing `state`.
pub fn router_with_state(config: &ServerConfig, state: SharedState) -> Router {
    let dialect = config.dialect;
    let mut app = Router::new().route("/public/echo", any(echo::public));
    if dialect.has_logout(config.refresh_cookie.is_some()) {
        app = app.route(dialect.logout_path(), any(logout_routes::handle));
    }
    app = match dialect {
        Dialect::Netuno => app
            .route("/services/_auth", any(netuno::routes::handle))
            .route("/services/_auth.netuno", any(netuno::routes::handle))
            .route("/services/", any(service_routes::handle))
            .route("/services/{*path}", any(service_routes::handle)),
        Dialect::Oauth => app
            .route("/services/_auth", any(auth_routes::handle))
            .route("/services/", any(service_routes::handle))
            .route("/services/{*path}", any(service_routes::handle)),
        Dialect::Tutorial => app
            .route("/api/auth/signin", any(tutorial_routes::signin))
            .route(
                "/api/auth/refreshtoken",
                any(tutorial_routes::refresh_token),
            )
            .route("/api/test/", any(service_routes::handle))
            .route("/api/test/{*path}", any(service_routes::handle)),
    };
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
