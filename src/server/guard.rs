//! The panic guard around every handler.
//!
//! tower-lsp polls handlers inside the server's own future, so a panic in one (a bug, an input
//! nobody thought of) would unwind through the whole server and end the process. Each handler
//! therefore runs under [`request`] or [`notification`]: a panic is caught where it happens,
//! logged (stderr and `window/logMessage`), and a request is answered with an internal error;
//! the session goes on. Shared state stays usable: the server's locks ignore poisoning (see
//! `backend::lock`), and no handler leaves state half-updated across an `.await` that could
//! panic.

use super::backend::Backend;
use futures::FutureExt;
use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types::MessageType;

/// The text of a panic's payload.
fn payload_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

/// Runs the handler of request `method`; a panic becomes an internal error answer.
pub async fn request<T>(
    backend: &Backend,
    method: &str,
    handler: impl Future<Output = Result<T>>,
) -> Result<T> {
    match AssertUnwindSafe(handler).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => {
            let text = payload_text(&*payload);
            backend.log(
                MessageType::ERROR,
                format!(
                    "internal error in {method}: {text} (the request failed; the server goes on)"
                ),
            );
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("glossary-lsp: internal error in {method}: {text}").into(),
                data: None,
            })
        }
    }
}

/// Runs the handler of notification `method`; a panic is logged.
pub async fn notification(backend: &Backend, method: &str, handler: impl Future<Output = ()>) {
    if let Err(payload) = AssertUnwindSafe(handler).catch_unwind().await {
        backend.log(
            MessageType::ERROR,
            format!(
                "internal error in {method}: {} (the notification was dropped; the server goes on)",
                payload_text(&*payload)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_handler_becomes_an_error_and_the_next_one_runs() {
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let (service, _socket) =
            tower_lsp::LspService::new(move |client| Backend::new(client, tx.clone()));
        let backend = service.inner();
        let r: Result<()> = request(backend, "test/request", async { panic!("boom") }).await;
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::InternalError);
        assert!(e.message.contains("boom") && e.message.contains("test/request"));
        notification(backend, "test/notification", async { panic!("again") }).await;
        let ok: Result<u8> = request(backend, "test/request", async { Ok(7) }).await;
        assert_eq!(ok.unwrap(), 7);
    }
}
