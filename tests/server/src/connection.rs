//! The accept loop: one hyper HTTP/1 connection task per TCP connection.
//!
//! `axum::serve` cannot close a connection without answering, but the `drop`
//! fault must do exactly that so a browser sees a network error. So each
//! connection is served here, and every request carries a
//! [`ConnectionDropper`] that makes its connection task stop serving: the
//! connection future is dropped and the socket closes with no response.
//!
//! A client gets [`Settings::header_read_timeout`] to send each request
//! head; a slower one (or an idle keep-alive connection) is dropped, so a
//! slow-loris client cannot hold connections open.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tower_service::Service;

/// Lets a handler close its own connection without sending a response.
#[derive(Clone, Default)]
pub struct ConnectionDropper {
    signal: Arc<Notify>,
}

impl ConnectionDropper {
    /// Closes the connection; the calling handler never resumes.
    pub async fn drop_connection(&self) -> Infallible {
        // `notify_one` keeps a permit if the connection task is not waiting
        // yet, so the signal cannot be lost.
        self.signal.notify_one();
        std::future::pending().await
    }
}

/// The client's address, in every request's extensions (the netuno
/// dialect locks logins out per user and client IP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub SocketAddr);

/// How each connection is served.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// With `false` every connection serves one request and closes.
    /// Test mode needs that: browsers silently resend a request once when a
    /// *reused* keep-alive connection closes without an answer, which would
    /// turn a `drop` fault into an invisible retry. On a fresh connection
    /// they don't.
    pub keep_alive: bool,
    /// The time a client has to send a whole request head.
    pub header_read_timeout: Duration,
}

/// Accepts connections forever, serving each with `app` on its own task.
pub async fn accept_loop(listener: TcpListener, app: Router, settings: Settings) {
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                tokio::spawn(serve(stream, peer, app.clone(), settings));
            }
            // Out of file descriptors and the like: wait, do not spin or die.
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// Serves one connection until it ends or a handler drops it.
async fn serve(stream: TcpStream, peer: SocketAddr, app: Router, settings: Settings) {
    let _ = stream.set_nodelay(true);
    let dropper = ConnectionDropper::default();
    let signal = dropper.signal.clone();
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(dropper.clone());
        request.extensions_mut().insert(ClientAddr(peer));
        let mut app = app.clone();
        app.call(request.map(axum::body::Body::new))
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout)
        .keep_alive(settings.keep_alive)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        // Errors here are the client's (reset, bad request line): hyper has
        // already answered what it could, so there is nothing left to do.
        _ = connection => {}
        _ = signal.notified() => {}
    }
}
