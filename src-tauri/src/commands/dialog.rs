//! The native file dialogs (rfd, on the main thread as GTK, AppKit and Win32 want it): the
//! window's Save as… and folder choices.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};

use crate::domain::AppError;

/// What the user is asked for.
pub enum Pick {
    /// A file to save, offered as `name`, with one kind of file in the filter
    /// (its label and extensions).
    Save {
        name: String,
        kind: (&'static str, &'static [&'static str]),
    },
    /// A folder, the chooser opening in `start` (else the user's home folder rather than
    /// GTK's "Recent", where no folder can be chosen).
    Folder { start: Option<PathBuf> },
    /// An existing file of one kind (its label and extensions), the chooser opening in
    /// the user's home folder.
    Open {
        kind: (&'static str, &'static [&'static str]),
    },
}

/// The user's home folder.
fn home() -> Option<PathBuf> {
    std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" }).map(PathBuf::from)
}

/// Asks for a path with the native dialog over the main window; `None` when the user
/// cancels.
pub async fn ask_path(
    app: &AppHandle,
    title: String,
    pick: Pick,
) -> Result<Option<PathBuf>, AppError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let window = app.get_webview_window("main");
    app.run_on_main_thread(move || {
        let mut d = rfd::AsyncFileDialog::new().set_title(title);
        if let Some(w) = &window {
            d = d.set_parent(w);
        }
        let chosen: std::pin::Pin<
            Box<dyn std::future::Future<Output = Option<rfd::FileHandle>> + Send>,
        > = match pick {
            Pick::Save {
                name,
                kind: (label, extensions),
            } => Box::pin(
                d.set_file_name(name)
                    .add_filter(label, extensions)
                    .save_file(),
            ),
            Pick::Open {
                kind: (label, extensions),
            } => {
                let d = d.add_filter(label, extensions);
                match home() {
                    Some(dir) => Box::pin(d.set_directory(dir).pick_file()),
                    None => Box::pin(d.pick_file()),
                }
            }
            Pick::Folder { start } => match start.filter(|p| p.is_dir()).or_else(home) {
                Some(dir) => Box::pin(d.set_directory(dir).pick_folder()),
                None => Box::pin(d.pick_folder()),
            },
        };
        std::thread::spawn(move || {
            let picked = tauri::async_runtime::block_on(chosen);
            let _ = tx.send(picked.map(|h| h.path().to_path_buf()));
        });
    })
    .map_err(|e| AppError::internal(format!("the file dialog could not open: {e}")))?;
    tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten())
        .await
        .map_err(|e| AppError::internal(format!("the file dialog failed: {e}")))
}
