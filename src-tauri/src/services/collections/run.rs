//! The daily run, confirmed: settles arrangements that ended (a missed one resumes the
//! ladder and says so in the log), then does each due action the lawyer confirmed, each in
//! one transaction with its evidence: the letter (PDF kept, log entry) or the call task /
//! hand-over log entry, the action row and the invoices it covered, and an audit row. A
//! stage is never done twice for an invoice: the schema refuses it (`collection_covered`'s
//! key, and one action per client + stage + episode). A failed action stays due and the
//! run goes on with the next.

use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use super::due::{self, DueAction, Ended};
use super::mail::{self, Sent};
use crate::domain::collections::arrangement::{self, Standing, Status};
use crate::domain::collections::ladder::{Action, Channel, Stage};
use crate::domain::collections::texts;
pub use crate::domain::collections::Pick;
use crate::domain::commlog::Comm;
use crate::domain::ids::ClientId;
use crate::domain::lang::Lang;
use crate::domain::{dates, AppError, AppResult};
use crate::services::core::Core;
use crate::services::letters::{self, AccountNumbers, CopyTo, LetterRequest};
use crate::store::collections::{self as store, NewAction};
use crate::store::{audit, commlog, followups};

#[derive(Debug, Clone, Serialize)]
pub struct Done {
    pub action_id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub stage: String,
    pub action: String,
    pub channel: String,
    pub invoices: Vec<i64>,
    pub skipped: Vec<String>,
    pub communication_id: i64,
    pub letter_id: Option<i64>,
    pub number: Option<String>,
    /// The kept PDF (content-addressed in the data folder).
    pub path: Option<String>,
    /// The copy in `--out-dir`.
    pub copy: Option<String>,
    pub follow_up_id: Option<i64>,
    /// For the e-mail channel: what the mailer did (`mail`).
    pub email: Option<Sent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Failed {
    pub client_id: i64,
    pub stage: String,
    pub error: AppError,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunOutcome {
    pub as_of: String,
    pub total: usize,
    pub done: Vec<Done>,
    pub failed: Vec<Failed>,
    pub arrangements_ended: Vec<Ended>,
    pub cancelled: bool,
}

/// What to run: the day, which due actions (all when `picks` is `None`), where letters are
/// copied, and whether a demand may be written with blanks for missing legal details.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions<'a> {
    pub as_of: NaiveDate,
    pub picks: Option<&'a [Pick]>,
    pub out_dir: Option<&'a Path>,
    pub allow_missing: bool,
}

/// Does the due actions. `progress(done, total)` after each; returning false stops the run
/// (what was done stays done).
pub fn run(
    core: &Core,
    opts: RunOptions<'_>,
    today: NaiveDate,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> AppResult<RunOutcome> {
    let RunOptions {
        as_of,
        picks,
        out_dir,
        allow_missing,
    } = opts;
    if as_of > today {
        return Err(AppError::field("as_of", "future_date"));
    }
    if let Some(d) = out_dir {
        crate::services::files::check_folder_target(core.data_dir(), d, "out_dir")?;
    }
    let arrangements_ended = end_arrangements(core, as_of, now)?;
    let view = due::overview(core, as_of)?;
    let todo: Vec<&DueAction> = view
        .due
        .iter()
        .filter(|d| {
            picks.is_none_or(|p| {
                p.iter()
                    .any(|x| x.client_id == d.client_id && x.stage == d.stage)
            })
        })
        .collect();
    let total = todo.len();
    let mut out = RunOutcome {
        as_of: dates::to_iso(as_of),
        total,
        done: Vec::new(),
        failed: Vec::new(),
        arrangements_ended,
        cancelled: false,
    };
    let mut known = AccountNumbers::default();
    for (i, d) in todo.into_iter().enumerate() {
        let stage = view
            .ladder
            .iter()
            .find(|s| s.code == d.stage)
            .ok_or_else(|| AppError::internal("a due stage is not in the ladder"))?;
        let job = Job {
            core,
            d,
            stage,
            as_of,
            today,
            now,
            allow_missing,
        };
        match job.perform(out_dir, &mut known) {
            Ok(done) => out.done.push(done),
            Err(error) => out.failed.push(Failed {
                client_id: d.client_id,
                stage: d.stage.clone(),
                error,
            }),
        }
        if !progress(i + 1, total) {
            out.cancelled = i + 1 < total;
            break;
        }
    }
    Ok(out)
}

/// Arrangements that ended by `as_of`: status moved, hold released, a log line in the
/// client's language ("… missed on D, the reminders resume"), an audit row; one
/// transaction each.
fn end_arrangements(core: &Core, as_of: NaiveDate, now: DateTime<Utc>) -> AppResult<Vec<Ended>> {
    let ended = core.db.read(|c| due::arrangements(c, as_of))?;
    let mut out = Vec::new();
    for (a, standing) in ended {
        let view = core.db.write(|tx| {
            let to = match standing {
                Standing::Missed { .. } => Status::Missed,
                _ => Status::Kept,
            };
            let to = arrangement::transition(Status::Active, to)?;
            store::set_arrangement_status(tx, a.id, to, as_of, now)?;
            let v = due::ended_view(&a, &standing)?;
            let lang = client_lang(tx, a.client_id)?;
            let short = v
                .short
                .as_ref()
                .map(|s| format!("{} {}", s.amount, s.currency));
            let line =
                texts::arrangement_line(lang, a.id, v.missed_on.as_deref().zip(short.as_deref()));
            log_line(tx, a.client_id, &line, now)?;
            audit::record_diff(
                tx,
                now,
                (to.code(), "arrangement", &a.id.to_string()),
                json!({}),
                Some(a.client_id),
                (
                    Some(&json!({ "status": Status::Active })),
                    &json!({ "status": to }),
                ),
                &[],
            )?;
            Ok(v)
        })?;
        out.push(view);
    }
    Ok(out)
}

fn client_lang(conn: &crate::store::Conn, client: i64) -> AppResult<Lang> {
    let names = store::client_names(conn, &[client])?;
    Ok(names
        .first()
        .and_then(|(_, _, l)| Lang::parse(l))
        .unwrap_or(Lang::En))
}

/// An internal note in the client's communication log.
fn log_line(
    tx: &crate::store::Conn,
    client: i64,
    line: &str,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let comm = Comm {
        client_id: ClientId(client),
        matter_id: None,
        kind: "note".into(),
        direction: "internal".into(),
        occurred_at: now
            .with_timezone(&Local)
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        summary: line.to_string(),
        corrects: None,
    };
    commlog::append(tx, &comm, &[], &now.to_rfc3339())
}

struct Job<'a> {
    core: &'a Core,
    d: &'a DueAction,
    stage: &'a Stage,
    as_of: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
    allow_missing: bool,
}

impl Job<'_> {
    fn perform(&self, out_dir: Option<&Path>, known: &mut AccountNumbers) -> AppResult<Done> {
        match self.stage.action.letter_kind() {
            Some(kind) => self.letter(kind, out_dir, known),
            None => self.note(),
        }
    }

    fn done(&self, action_id: i64, communication_id: i64) -> Done {
        Done {
            action_id,
            client_id: self.d.client_id,
            client_name: self.d.client_name.clone(),
            stage: self.d.stage.clone(),
            action: self.d.action.clone(),
            channel: self.d.channel.clone(),
            invoices: self.d.invoices.clone(),
            skipped: self.d.skipped.clone(),
            communication_id,
            letter_id: None,
            number: None,
            path: None,
            copy: None,
            follow_up_id: None,
            email: None,
        }
    }

    /// The action row and its covered invoices, and the audit row.
    fn record(&self, tx: &crate::store::Conn, letter: Option<i64>, comm: i64) -> AppResult<i64> {
        let passed: Vec<(i64, &str)> = self
            .d
            .passed_over
            .iter()
            .map(|(i, c)| (*i, c.as_str()))
            .collect();
        let id = store::insert_action(
            tx,
            &NewAction {
                client_id: self.d.client_id,
                stage: self.stage,
                episode: &self.d.episode,
                done_on: self.as_of,
                letter_id: letter,
                communication_id: comm,
            },
            &self.d.invoices,
            &passed,
            self.now,
        )?;
        audit::record(
            tx,
            self.now,
            "do",
            "collection_action",
            &id.to_string(),
            &json!({ "client_id": self.d.client_id, "stage": self.d.stage, "invoices": self.d.invoices,
                     "skipped": self.d.skipped }),
        )?;
        Ok(id)
    }

    /// A dunning letter in the client's language, written and recorded together; by
    /// e-mail, handed to the mailer after the commit.
    fn letter(
        &self,
        kind: &str,
        out_dir: Option<&Path>,
        known: &mut AccountNumbers,
    ) -> AppResult<Done> {
        let req = LetterRequest {
            kind: kind.into(),
            id: self.d.client_id,
            as_of: Some(dates::to_iso(self.as_of)),
            exclude_invoices: self.d.held_invoices.clone(),
            allow_missing: self.allow_missing,
            ..Default::default()
        };
        let mut ids = (0, 0);
        let g = letters::generate_with(
            self.core,
            &req,
            self.today,
            self.now,
            out_dir.map(CopyTo::Folder),
            known,
            &mut |tx, g| {
                let comm = store::letter_communication(tx, g.id)?;
                ids = (self.record(tx, Some(g.id), comm)?, comm);
                Ok(())
            },
        )?;
        let mut done = self.done(ids.0, ids.1);
        done.letter_id = Some(g.id);
        done.number = Some(g.number.clone());
        done.path = Some(g.path.clone());
        done.copy = g.copy.as_ref().map(|p| p.display().to_string());
        if self.stage.channel == Channel::Email {
            done.email = Some(mail::mailer(self.core).send(self.core, &g)?);
        }
        Ok(done)
    }

    /// A call task (a follow-up due today) or a hand-over: a log line naming the invoices
    /// and any stage passed over.
    fn note(&self) -> AppResult<Done> {
        self.core.db.write(|tx| {
            let lang = Lang::parse(&self.d.lang).unwrap_or(Lang::En);
            let numbers = store::invoice_numbers(tx, &self.d.invoices)?;
            let line = texts::action_line(self.stage.action, lang, &numbers, &self.d.skipped);
            let follow_up = if self.stage.action == Action::Call {
                Some(followups::add(
                    tx,
                    ClientId(self.d.client_id),
                    None,
                    "manual",
                    &line,
                    &dates::to_iso(self.today),
                    &self.now.to_rfc3339(),
                )?)
            } else {
                None
            };
            let comm = log_line(tx, self.d.client_id, &line, self.now)?;
            let id = self.record(tx, None, comm)?;
            let mut done = self.done(id, comm);
            done.follow_up_id = follow_up;
            Ok(done)
        })
    }
}
