//! The client file: clients, matters, the communication log, follow-ups, complaints,
//! imports and retention.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::client::{ClientInput, ConsentInput, RelatedPersonInput};
use crate::domain::commlog::CommInput;
use crate::domain::ids::{ClientId, ComplaintId, ConsentId, FollowUpId, MatterId};
use crate::domain::matter::{MatterInput, OpposingPartyInput};
use crate::services::client_file::{clients, commlog, complaints, followups, import, retention};

pub use crate::services::client_file::clients::{
    CheckRecord, ClientDetail, ClientHit, ConflictHit, MatterView, Saved,
};
pub use crate::services::client_file::commlog::{verification_error, CommView, Verification};
pub use crate::services::client_file::complaints::{Complaint, NewComplaint, Score, StepInput};
pub use crate::services::client_file::followups::{Agenda, CompleteInput, FollowUp, FollowUpInput};
pub use crate::services::client_file::import::ImportReport;
pub use crate::services::client_file::retention::{DestructionRecord, DueForDestruction};

request! {
    /// The search box: clients by name, number, contact or tag.
    SearchClients { query: String, limit: i64 } -> Vec<ClientHit>,
    |r, core| clients::search_clients(core, &r.query, r.limit)
}

request! {
    /// One client with contacts, matters and recorded conflict checks.
    GetClient { id: ClientId } -> ClientDetail,
    |r, core| clients::get_client(core, r.id, core.today())
}

request! {
    /// Adds a client.
    AddClient { input: ClientInput } -> Saved<ClientId>,
    |r, core| clients::add_client(core, &r.input, core.now())
}

request! {
    /// Changes the fields a partial update names; the others stay as they are.
    UpdateClient { id: ClientId, input: serde_json::Map<String, serde_json::Value> }
        -> Saved<ClientId>,
    |r, core| clients::update_client(core, r.id, &r.input, core.now())
}

request! {
    /// Adds a related person to a client.
    AddRelatedPerson { id: ClientId, input: RelatedPersonInput } -> Saved<i64>,
    |r, core| clients::add_related_person(core, r.id, &r.input, core.now())
}

request! {
    /// Records a client's consent.
    AddConsent { id: ClientId, input: ConsentInput } -> i64,
    |r, core| clients::add_consent(core, r.id, &r.input, core.now())
}

request! {
    /// Withdraws a consent today.
    WithdrawConsent { id: ClientId, consent: ConsentId } -> (),
    |r, core| clients::withdraw_consent(core, r.id, r.consent, core.today(), core.now())
}

request! {
    /// Opens a matter (with its conflict check).
    AddMatter { input: MatterInput } -> Saved<MatterId>,
    |r, core| clients::add_matter(core, &r.input, core.today(), core.now())
}

request! {
    /// Adds an opposing party to a matter.
    AddOpposingParty { matter: MatterId, input: OpposingPartyInput } -> Saved<i64>,
    |r, core| clients::add_opposing_party(core, r.matter, &r.input, core.now())
}

request! {
    /// Checks a name (and identity number) against every party on file, and records it.
    CheckConflicts { name: String, id_number: Option<String>, matter: Option<MatterId> }
        -> Vec<ConflictHit>,
    |r, core| {
        let id_number = r.id_number.as_deref().unwrap_or("");
        clients::check_conflicts(core, &r.name, id_number, r.matter, core.now())
    }
}

request! {
    /// Matters, newest first, of one client or all.
    ListMatters { client: Option<ClientId> } -> Vec<MatterView>,
    |r, core| clients::list_matters(core, r.client)
}

request! {
    /// One matter with its conflict checks.
    GetMatter { id: MatterId } -> (MatterView, Vec<CheckRecord>),
    |r, core| clients::get_matter(core, r.id)
}

request! {
    /// Closes a matter on a day (today when absent) and plans its follow-up visit.
    CloseMatter { matter: MatterId, on: Option<NaiveDate> } -> i64,
    |r, core| {
        let on = super::day_or_today(core, r.on, "closed_on")?;
        followups::close_matter(core, r.matter, on, core.now())
    }
}

request! {
    /// Records a communication with its attachments (name, bytes).
    LogCommunication { input: CommInput, files: Vec<(String, Vec<u8>)> } -> i64,
    |r, core| commlog::log(core, &r.input, &r.files, core.now())
}

request! {
    /// A client's communication log.
    ListCommunications { client: ClientId } -> Vec<CommView>,
    |r, core| commlog::list(core, r.client)
}

request! {
    /// Verifies the log's hash chains (one client's or all) and the attachments.
    VerifyLog { client: Option<ClientId> } -> Verification,
    |r, core| commlog::verify(core, r.client)
}

request! {
    /// A kept image (log attachment or payment voucher) as a `data:` URL; `None` for other
    /// files (those open in the system's viewer).
    AttachmentPreview { sha256: String } -> Option<String>,
    |r, core| Ok(image_data_url(&commlog::attachment_bytes(core, &r.sha256)?))
}

request! {
    /// Opens a kept attachment in the system's viewer (a readable copy in `out/`).
    OpenAttachment { sha256: String } -> (),
    |r, core| commlog::open_attachment(core, &r.sha256)
}

request! {
    /// Plans a follow-up.
    AddFollowUp { input: FollowUpInput } -> i64,
    |r, core| followups::add(core, &r.input, core.now())
}

request! {
    /// Completes a follow-up (its log entry's id).
    CompleteFollowUp { id: FollowUpId, input: CompleteInput } -> i64,
    |r, core| followups::complete(core, r.id, &r.input, core.now())
}

request! {
    /// A client's follow-ups.
    ClientFollowUps { client: ClientId } -> Vec<FollowUp>,
    |r, core| followups::for_client(core, r.client)
}

request! {
    /// What is due on a day (today when absent); `first` keeps that many of each list and
    /// the totals.
    GetAgenda { as_of: Option<NaiveDate>, first: Option<usize> } -> Agenda,
    |r, core| {
        let agenda = followups::agenda(core, super::day_or_today(core, r.as_of, "as_of")?)?;
        Ok(match r.first {
            Some(n) => agenda.first(n),
            None => agenda,
        })
    }
}

request! {
    /// Records a complaint (received today).
    RecordComplaint { input: NewComplaint } -> i64,
    |r, core| complaints::record(core, &r.input, core.today(), core.now())
}

request! {
    /// Takes a complaint to its next step.
    AdvanceComplaint { id: ComplaintId, input: StepInput } -> Complaint,
    |r, core| complaints::advance(core, r.id, &r.input, core.today(), core.now())
}

request! {
    /// A client's complaints and satisfaction scores.
    ClientComplaints { client: ClientId } -> (Vec<Complaint>, Vec<Score>),
    |r, core| complaints::for_client(core, r.client)
}

request! {
    /// Records a satisfaction score.
    AddSatisfaction { client: ClientId, matter: Option<MatterId>, score: i64, comment: String }
        -> i64,
    |r, core| {
        let (today, now) = (core.today(), core.now());
        complaints::add_score(core, r.client, r.matter, r.score, &r.comment, today, now)
    }
}

request! {
    /// Client files whose retention ended by a day (today when absent).
    RetentionDue { as_of: Option<NaiveDate> } -> Vec<DueForDestruction>,
    |r, core| retention::due(core, super::day_or_today(core, r.as_of, "as_of")?)
}

request! {
    /// The destruction records (content-free).
    DestructionRecords {} -> Vec<DestructionRecord>,
    |r, core| retention::records(core)
}

request! {
    /// The retention screen: the default years, the files due today and the records.
    RetentionOverview {} -> (i64, Vec<DueForDestruction>, Vec<DestructionRecord>),
    |r, core| {
        let years = retention::years(core)?;
        Ok((years, retention::due(core, core.today())?, retention::records(core)?))
    }
}

request! {
    /// Sets how many years a closed client file is kept.
    SetRetentionYears { years: i64 } -> (),
    |r, core| retention::set_default_years(core, r.years, core.now())
}

request! {
    /// Destroys a client file whose retention ended, keeping a content-free record.
    DestroyClient { client: ClientId } -> DestructionRecord,
    |r, core| retention::destroy(core, r.client, core.today(), core.now())
}

/// How an import's columns map to fields.
#[derive(Debug)]
pub enum ColumnMapping {
    /// Recognized from the headers (in four languages).
    Detected,
    /// One field per column, in order (`""` ignores a column): the window's mapping table.
    Fields(Vec<String>),
    /// `HEADER=FIELD` pairs over the detected mapping: the CLI's `--map`.
    Pairs(Vec<String>),
}

request! {
    /// Imports a CSV or XLSX client list; every row imported or rejected with its reason.
    ImportClients { bytes: Vec<u8>, mapping: ColumnMapping, dry_run: bool } -> ImportReport,
    |r, core| {
        let mapping = match r.mapping {
            ColumnMapping::Detected => None,
            ColumnMapping::Fields(fields) => Some(fields),
            ColumnMapping::Pairs(pairs) => import::mapping_with(&r.bytes, &pairs)?,
        };
        import::import_clients(core, &r.bytes, mapping, r.dry_run, core.now())
    }
}

/// The client list as CSV, with the file name it is offered under.
/// What an export wrote.
#[derive(Debug, Serialize)]
pub struct ClientsExported {
    pub exported: usize,
    pub path: String,
}

request! {
    /// The file name an export of the client list is offered under:
    /// `lawdesk-clients-<the user's local date>.csv`.
    ClientsExportName {} -> String,
    |_r, core| Ok(format!("lawdesk-clients-{}.csv", core.today()))
}

request! {
    /// Every client as CSV (UTF-8 with BOM; imports back without mapping) into the file
    /// `to`, whole or not at all, the export in the audit trail.
    ExportClients { to: PathBuf } -> ClientsExported,
    |r, core| {
        let exported = import::export_clients_to(core, &r.to, core.now())?;
        Ok(ClientsExported { exported, path: r.to.display().to_string() })
    }
}

/// A PNG or JPEG as a `data:` URL; `None` for anything else.
fn image_data_url(bytes: &[u8]) -> Option<String> {
    use base64::Engine;
    let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else {
        return None;
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    Some(format!("data:{mime};base64,{b64}"))
}
