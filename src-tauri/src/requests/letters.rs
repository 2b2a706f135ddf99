//! Letters: preview, write, batches, output (save, open, print), dispatch records and
//! e-mail.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::json;

use crate::domain::dispatch::DispatchInput;
use crate::domain::ids::{ClientId, LetterId, QrImageId};
use crate::domain::mail::SmtpInput;
use crate::domain::{AppError, AppResult};
use crate::letters::templates::Kind;
use crate::services::letters::{self, dispatch, email, output};
use crate::services::request_keys::RequestKey;
use crate::services::Core;

pub use crate::services::letters::dispatch::{DispatchDates, DispatchRow};
pub use crate::services::letters::email::{EmailSent, MailSettingsView};
pub use crate::services::letters::output::{Opened, Printed, Saved};
pub use crate::services::letters::{
    Generated, Letter, LetterRequest, Preview, QrImage, Skipped, Stopped, TemplateView,
};

/// How a long request (a letter batch, the collections run) says how far it has come,
/// `(done, total)`, and hears a cancel: the callback returns false to stop (what was done
/// stays done). `Progress::none()` when nobody watches.
#[derive(Default)]
pub struct Progress(Option<Box<dyn FnMut(usize, usize) -> bool + Send>>);

impl Progress {
    /// Nobody watches: the request runs to the end.
    pub fn none() -> Progress {
        Progress(None)
    }

    /// Reports to `f` after each step; `f` returning false stops the request.
    pub fn new(f: impl FnMut(usize, usize) -> bool + Send + 'static) -> Progress {
        Progress(Some(Box::new(f)))
    }

    /// Whether someone watches (worth counting the total before the first step).
    pub fn watched(&self) -> bool {
        self.0.is_some()
    }

    /// `done` of `total`; false when the watcher asked to stop.
    pub fn report(&mut self, done: usize, total: usize) -> bool {
        self.0.as_mut().is_none_or(|f| f(done, total))
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.watched() {
            "Progress(watched)"
        } else {
            "Progress(none)"
        })
    }
}

request! {
    /// The letter as it would be written today (pages as SVG, what is missing), nothing kept.
    PreviewLetter { letter: LetterRequest } -> Preview,
    |r, core| letters::preview(core, &r.letter, core.today())
}

request! {
    /// Writes and keeps a letter (number, PDF, log entry), with a copy at `copy_to` when
    /// given; a retry with the same `request_key` returns the first letter.
    WriteLetter {
        letter: LetterRequest,
        copy_to: Option<PathBuf>,
        request_key: Option<String>,
    } -> Generated,
    |r, core| write_letter(core, r)
}

/// What a request key stands for: the letter asked for, and where its copy goes (the
/// window writes no copy; `letter --out` does).
fn write_letter(core: &Core, r: WriteLetter) -> AppResult<Generated> {
    let key = match &r.copy_to {
        None => RequestKey::optional(r.request_key.as_deref(), "letter", &r.letter)?,
        Some(out) => {
            let asked = json!({ "request": r.letter, "out": out.display().to_string() });
            RequestKey::optional(r.request_key.as_deref(), "letter", &asked)?
        }
    };
    letters::generate_to(
        core,
        &r.letter,
        core.today(),
        core.now(),
        r.copy_to.as_deref().map(letters::CopyTo::File),
        key.as_ref(),
        &mut Default::default(),
    )
}

request! {
    /// The letters written (of one client, or all), newest first.
    ListLetters { client: Option<ClientId> } -> Vec<Letter>,
    |r, core| letters::list(core, r.client)
}

request! {
    /// One letter written, its kept PDF checked against its SHA-256.
    GetLetter { id: LetterId } -> Letter,
    |r, core| letters::pdf_of(core, r.id).map(|(row, _)| row)
}

request! {
    /// The readable file name a letter's copy is saved under (`number - client - kind.pdf`).
    GetLetterFileName { id: LetterId } -> String,
    |r, core| Ok(output::readable_name(&letters::get(core, r.id)?))
}

request! {
    /// Sends a kept letter to the printer (CUPS `lp`; else the PDF viewer).
    PrintLetter { id: LetterId } -> Printed,
    |r, core| output::print(core, r.id)
}

request! {
    /// Opens a kept letter in the system PDF viewer.
    OpenLetter { id: LetterId } -> Opened,
    |r, core| output::open(core, r.id)
}

request! {
    /// Saves a copy of a kept letter: to a file, or into a folder under its readable name.
    SaveLetterCopy { id: LetterId, to: PathBuf } -> Saved,
    |r, core| output::save_copy(core, r.id, &r.to)
}

request! {
    /// Saves letters under their readable names, and a batch's combined PDF when given,
    /// into a folder; how many files were written.
    SaveLetters { ids: Vec<LetterId>, combined: Option<PathBuf>, folder: PathBuf } -> usize,
    |r, core| output::save_many(core, &r.ids, r.combined.as_deref(), &r.folder)
}

request! {
    /// Prints a batch's combined PDF (kept in the data folder's `out/`) as one job.
    PrintLetterBatch { combined: PathBuf } -> Printed,
    |r, core| output::print_file(&r.combined, &file_name(&r.combined))
}

/// A path's last part as text (empty when it has none).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

request! {
    /// The dispatch record that holds for each letter (of one client, or all).
    ListLetterDispatches { client: Option<ClientId> } -> HashMap<LetterId, DispatchRow>,
    |r, core| dispatch::current(core, r.client)
}

request! {
    /// Sent and delivered dates per letter (of one client, or all).
    ListDispatchDates { client: Option<ClientId> } -> Vec<DispatchDates>,
    |r, core| dispatch::dates_of(core, r.client)
}

request! {
    /// Every dispatch record of one letter, oldest first.
    ListDispatchHistory { letter: LetterId } -> Vec<DispatchRow>,
    |r, core| dispatch::history(core, r.letter)
}

request! {
    /// Records how a letter went out and when it arrived; `receipt`: the scan's file name
    /// and bytes (kept under its SHA-256 with the log entry).
    RecordDispatch {
        letter: LetterId,
        dispatch: DispatchInput,
        receipt: Option<(String, Vec<u8>)>,
    } -> DispatchRow,
    |r, core| dispatch::record(core, r.letter, &r.dispatch, r.receipt, core.today(), core.now())
}

request! {
    /// E-mails a kept letter with its PDF (to `to`, else the client's address) and records
    /// it as sent.
    EmailLetter { letter: LetterId, to: Option<String> } -> EmailSent,
    |r, core| email::email_letter(core, r.letter, r.to.as_deref(), core.today(), core.now())
}

request! {
    /// The SMTP settings (never the password).
    GetMailSettings {} -> MailSettingsView,
    |r, core| email::settings(core)
}

request! {
    /// Saves the SMTP settings; the password goes to the keychain only.
    SaveMailSettings { input: SmtpInput } -> MailSettingsView,
    |r, core| email::save_settings(core, &r.input, core.now())
}

request! {
    /// A kind's template in a language (the lawyer's own, else the built-in one).
    GetLetterTemplate { kind: String, lang: String } -> TemplateView,
    |r, core| letters::template(core, &r.kind, &r.lang)
}

request! {
    /// Replaces a kind's template (checked); `None` restores the built-in one.
    SaveLetterTemplate { kind: String, lang: String, body: Option<String> } -> TemplateView,
    |r, core| letters::save_template(core, &r.kind, &r.lang, r.body.as_deref(), core.now())
}

request! {
    /// How many clients are due a letter of this kind (`as_of`: absent is today).
    CountDueLetters { kind: Kind, as_of: Option<NaiveDate> } -> usize,
    |r, core| letters::due_count(core, r.kind, r.as_of.unwrap_or(core.today()))
}

request! {
    /// The clients due a letter at this dunning stage (`as_of`: absent is today).
    ListStageClients { kind: Kind, as_of: Option<NaiveDate> } -> Vec<ClientId>,
    |r, core| letters::due_for_stage(core, r.kind, r.as_of.unwrap_or(core.today()))
}

/// What a letter batch wrote.
#[derive(Debug)]
pub struct LetterBatch {
    pub letters: Vec<Generated>,
    /// The batch's combined PDF: in `out_dir` when one was given, else in the data
    /// folder's `out/` (for the printer).
    pub combined: Option<PathBuf>,
    /// Clients not written to: their letter lacks required legal details (still due).
    pub skipped: Vec<Skipped>,
    /// Where the batch stopped after some letters were written (that client's letter is
    /// not written and stays due; the ones after it were not tried).
    pub stopped: Option<Stopped>,
}

request! {
    /// Writes every letter due at a dunning stage, one per client (`as_of`: absent is
    /// today), with a copy of each in `out_dir` when given, and their combined PDF.
    WriteLetterBatch {
        kind: Kind,
        as_of: Option<NaiveDate>,
        out_dir: Option<PathBuf>,
        progress: Progress,
    } -> LetterBatch,
    |r, core| write_batch(core, r)
}

fn write_batch(core: &Core, mut r: WriteLetterBatch) -> AppResult<LetterBatch> {
    if !r.kind.is_dunning() {
        return Err(AppError::field("stage", "letter_stage"));
    }
    let (today, now) = (core.today(), core.now());
    let as_of = r.as_of.unwrap_or(today);
    if as_of > today {
        return Err(AppError::field("as_of", "future_date"));
    }
    if let Some(dir) = &r.out_dir {
        crate::services::files::check_new_folder_target(core.data_dir(), dir, "out_dir")?;
        std::fs::create_dir_all(dir)?;
    }
    if r.progress.watched() {
        let total = letters::due_for_stage(core, r.kind, as_of)?.len();
        r.progress.report(0, total);
    }
    // Each copy is put in place as its letter commits (a clash refuses that letter).
    let out_dir = r.out_dir.as_deref();
    let progress = &mut r.progress;
    let done = letters::batch_into(core, r.kind, as_of, today, now, out_dir, &mut |d, t| {
        progress.report(d, t)
    })?;
    let combined = output::combine_batch(core, &done.letters, r.kind, as_of, today)?;
    let combined = match (combined, out_dir) {
        (Some(p), Some(dir)) => {
            let dest = dir.join(p.file_name().unwrap_or_default());
            std::fs::copy(&p, &dest)?;
            Some(dest)
        }
        (p, _) => p,
    };
    Ok(LetterBatch {
        letters: done.letters,
        combined,
        skipped: done.skipped,
        stopped: done.stopped,
    })
}

request! {
    /// The firm's payment QR images (a scheme the app cannot encode itself).
    ListQrImages {} -> Vec<QrImage>,
    |r, core| letters::qr_images(core)
}

request! {
    /// Adds a payment QR image (PNG or JPEG bytes) for a currency; its id.
    AddQrImage { label: String, currency: String, image: Vec<u8> } -> i64,
    |r, core| letters::add_qr_image(core, &r.label, &r.currency, &r.image, core.now())
}

request! {
    /// Deletes a payment QR image.
    DeleteQrImage { id: QrImageId } -> (),
    |r, core| letters::delete_qr_image(core, r.id, core.now())
}
