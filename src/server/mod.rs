//! The language server: LSP over stdio, on tower-lsp and tokio.
//!
//! A thin translation layer between LSP and the engine (rust-analyzer style): documents live
//! in ropes ([`documents`]); analysis runs off the request path on a blocking thread, one at a
//! time per document, and its result is published only if the document has not changed since
//! ([`analysis`]); each document is served by the engine of its own `.glossary-lsp.toml`, found
//! by walking up from its folder, with the editor's settings on top ([`engines`],
//! [`settings`]); hover and completion read the cached analysis or match a paragraph-sized
//! window, never the whole document ([`cursor`]); IDE features without protocol types live in
//! the library (`glossary_lsp::ide`). [`backend`] only dispatches each LSP method to the module
//! about it; [`transport`] keeps a malformed message from ending the session; [`config_watch`]
//! notices config and glossary changes for clients that watch no files for the server.

mod actions;
mod analysis;
mod backend;
mod background;
mod boundary;
mod capabilities;
mod code_lens;
mod commands;
mod config_watch;
mod cursor;
mod documents;
mod engines;
mod framing;
mod guard;
mod hover_completion;
mod memory;
mod message;
mod navigation;
mod rename;
mod settings;
mod sync;
mod transport;
mod workspace;
mod workspace_diagnostics;
mod workspace_files;
mod workspace_index;

/// The `source` of every diagnostic the server sends (and the pull-diagnostics identifier).
const SOURCE: &str = "glossary-lsp";

use tower_lsp::{LspService, Server};

/// Runs the server on stdin/stdout until `exit` (or the end of input); returns the exit code:
/// 0 after `shutdown` then `exit`, 1 otherwise (as LSP asks).
pub fn run() -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("glossary-lsp: cannot start the runtime: {e}");
            return 2;
        }
    };
    let code = runtime.block_on(async {
        let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel();
        let direct = out_tx.clone();
        let (service, socket) =
            LspService::new(move |client| backend::Backend::new(client, direct.clone()));
        let (to_server, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, from_server) = tokio::io::duplex(1 << 16);
        let input = tokio::spawn(transport::pump_input(
            tokio::io::stdin(),
            framing::Limits::from_env(),
            to_server,
            out_tx.clone(),
        ));
        let output = tokio::spawn(transport::pump_output_then_stop(from_server, out_tx));
        let writer = tokio::spawn(transport::write_output(tokio::io::stdout(), out_rx));
        let shutdown = backend::shutdown_flag();
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        let _ = output.await;
        let _ = writer.await;
        input.abort();
        if shutdown.load(std::sync::atomic::Ordering::SeqCst) {
            0
        } else {
            1
        }
    });
    // Blocking reads of stdin may still be pending; don't wait for them.
    runtime.shutdown_background();
    code
}
