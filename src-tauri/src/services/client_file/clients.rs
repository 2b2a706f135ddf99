//! Use cases of the client file: add a client, open a matter, add an opposing party — each
//! runs the conflict check first and records it — get, search, check on demand.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use crate::domain::client::ClientInput;
use crate::domain::error::Validator;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::lang::Lang;
use crate::domain::matter::{Matter, MatterInput, OpposingPartyInput};
use crate::domain::names;
use crate::domain::{AppError, AppResult};
use crate::services::core::Core;
use crate::store::clients::{self, ClientView};
use crate::store::conflicts;
pub use crate::store::conflicts::{CheckRecord, ConflictHit};
use crate::store::matters;
pub use crate::store::matters::MatterView;
use crate::store::search;
pub use crate::store::search::ClientHit;
use crate::store::{audit, firm, Conn, Tx};

#[derive(Debug, Serialize)]
pub struct Saved<Id> {
    pub id: Id,
    /// What the conflict check found before saving (also recorded).
    pub conflicts: Vec<ConflictHit>,
}

fn default_language(conn: &Conn) -> AppResult<Lang> {
    Ok(firm::get_profile(conn)?
        .map(|p| p.profile.default_language)
        .unwrap_or(Lang::En))
}

fn check(conn: &Conn, name: &str, id_number: &str) -> AppResult<Vec<ConflictHit>> {
    conflicts::find(
        conn,
        &names::conflict_key(name),
        &names::fold(id_number).replace(' ', ""),
    )
}

/// Adds a client after checking its name and its related persons for conflicts.
pub fn add_client(
    core: &Core,
    input: &ClientInput,
    now: DateTime<Utc>,
) -> AppResult<Saved<ClientId>> {
    core.db.write(|tx| add_client_in(tx, input, now))
}

/// [`add_client`] in the caller's transaction (the demo adds many clients in one).
pub(crate) fn add_client_in(
    tx: &Tx<'_>,
    input: &ClientInput,
    now: DateTime<Utc>,
) -> AppResult<Saved<ClientId>> {
    let client = input.validate(default_language(tx)?)?;
    consent_not_ahead(client.consent.as_ref(), now)?;
    let mut hits = check(tx, &client.name, &client.id_number)?;
    for r in &client.related_persons {
        hits.extend(check(tx, &r.name, "")?);
    }
    let id = clients::insert(tx, &client, now)?;
    conflicts::record(tx, Some(id), None, &client.name, &hits, now)?;
    let after = as_input(&clients::get(tx, id)?);
    audit::record_diff(
        tx,
        now,
        ("create", "client", &id.to_string()),
        json!({ "conflicts": hits.len() }),
        Some(id.0),
        (Some(&ClientInput::default()), &after),
        CLIENT_PRIVATE,
    )?;
    Ok(Saved {
        id,
        conflicts: hits,
    })
}

/// A client's fields the audit trail records only as changed.
const CLIENT_PRIVATE: &[&str] = &["id_number"];

/// The stored client as the input that would write it again (related persons and consents
/// are not part of an update).
fn as_input(view: &ClientView) -> ClientInput {
    let profile = match &view.profile {
        serde_json::Value::Object(m) => m
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
            .collect(),
        _ => Default::default(),
    };
    ClientInput {
        kind: view.kind.clone(),
        name: view.name.clone(),
        phones: view.phones.clone(),
        emails: view.emails.clone(),
        addresses: view.addresses.clone(),
        id_number: view.id_number.clone(),
        language: view.language.clone(),
        tags: view.tags.clone(),
        grade: view.grade.clone(),
        grade_reason: view.grade_reason.clone(),
        practice_area: view.practice_area.clone(),
        source: view.source.clone(),
        industry: view.industry.clone(),
        notes: view.notes.clone(),
        profile,
        ..Default::default()
    }
}

/// Changes the client's fields that `patch` names (absent = unchanged, `null` = cleared; see
/// [`ClientInput::patched`]); a changed name or id number is checked for conflicts again.
pub fn update_client(
    core: &Core,
    id: ClientId,
    patch: &serde_json::Map<String, serde_json::Value>,
    now: DateTime<Utc>,
) -> AppResult<Saved<ClientId>> {
    core.db.write(|tx| {
        let before = clients::get(tx, id)?;
        let input = ClientInput::patched(&as_input(&before), patch)?;
        let client = input.validate(default_language(tx)?)?;
        clients::update(tx, id, &client, now)?;
        let mut hits = Vec::new();
        if names::conflict_key(&before.name) != names::conflict_key(&client.name)
            || before.id_number != client.id_number
        {
            hits = check(tx, &client.name, &client.id_number)?
                .into_iter()
                .filter(|h| h.id != id)
                .collect();
            conflicts::record(tx, Some(id), None, &client.name, &hits, now)?;
        }
        let changed: Vec<&String> = patch.keys().collect();
        let after = as_input(&clients::get(tx, id)?);
        audit::record_diff(
            tx,
            now,
            ("update", "client", &id.to_string()),
            json!({ "fields": changed }),
            Some(id.0),
            (Some(&as_input(&before)), &after),
            CLIENT_PRIVATE,
        )?;
        Ok(Saved {
            id,
            conflicts: hits,
        })
    })
}

/// Adds a related person (family, legal representative, contact person) after the check.
pub fn add_related_person(
    core: &Core,
    id: ClientId,
    input: &crate::domain::client::RelatedPersonInput,
    now: DateTime<Utc>,
) -> AppResult<Saved<i64>> {
    let probe = ClientInput {
        kind: "person".into(),
        name: "-".into(),
        related_persons: vec![input.clone()],
        ..Default::default()
    };
    let person = probe.validate(Lang::En)?.related_persons.remove(0);
    core.db.write(|tx| {
        clients::get(tx, id)?;
        let hits = check(tx, &person.name, "")?;
        let rid = clients::add_related(tx, id, &person, now)?;
        conflicts::record(tx, Some(id), None, &person.name, &hits, now)?;
        audit::record_diff(
            tx,
            now,
            ("add_related", "client", &id.to_string()),
            json!({ "conflicts": hits.len() }),
            Some(id.0),
            (None::<&()>, &json!({ "related_person": person })),
            &[],
        )?;
        Ok(Saved {
            id: rid,
            conflicts: hits,
        })
    })
}

/// A consent is recorded once given: its day is not after today (a day's grace for the
/// time zones between UTC and the user's clock).
fn consent_not_ahead(
    consent: Option<&crate::domain::client::Consent>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let latest = now.date_naive() + chrono::Duration::days(1);
    match consent.map(|c| crate::domain::dates::parse_iso(&c.given_on)) {
        Some(Ok(day)) if day > latest => Err(AppError::field("consent.given_on", "future_date")),
        _ => Ok(()),
    }
}

/// Records a consent (purpose, date, channel).
pub fn add_consent(
    core: &Core,
    id: ClientId,
    input: &crate::domain::client::ConsentInput,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let probe = ClientInput {
        kind: "person".into(),
        name: "-".into(),
        consent: Some(input.clone()),
        ..Default::default()
    };
    let consent = probe
        .validate(Lang::En)?
        .consent
        .ok_or_else(|| AppError::field("consent", "required"))?;
    consent_not_ahead(Some(&consent), now)?;
    core.db.write(|tx| {
        clients::get(tx, id)?;
        let cid = clients::add_consent(tx, id, &consent)?;
        audit::record_diff(
            tx,
            now,
            ("consent", "client", &id.to_string()),
            json!({ "consent": cid }),
            Some(id.0),
            (None::<&()>, &json!({ "consent": consent })),
            &[],
        )?;
        Ok(cid)
    })
}

/// Withdraws a consent on `on`; the record stays, with its withdrawal date.
pub fn withdraw_consent(
    core: &Core,
    id: ClientId,
    consent: crate::domain::ids::ConsentId,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let consent = consent.0;
    core.db.write(|tx| {
        let day = crate::domain::dates::to_iso(on);
        clients::withdraw_consent(tx, id, consent, &day)?;
        audit::record_diff(
            tx,
            now,
            ("withdraw_consent", "client", &id.to_string()),
            json!({ "consent": consent }),
            Some(id.0),
            (
                Some(&json!({ "withdrawn_on": null })),
                &json!({ "withdrawn_on": day }),
            ),
            &[],
        )
    })
}

/// A client with its matters and recorded conflict checks.
#[derive(Debug, Serialize)]
pub struct ClientDetail {
    #[serde(flatten)]
    pub client: ClientView,
    pub matters: Vec<MatterView>,
    pub conflict_checks: Vec<CheckRecord>,
    /// What the client owes or holds as credit, per currency (never summed across).
    pub balance: Vec<crate::store::receivables::Balance>,
}

pub fn get_client(core: &Core, id: ClientId, today: NaiveDate) -> AppResult<ClientDetail> {
    core.db.read(|c| {
        Ok(ClientDetail {
            client: clients::get(c, id)?,
            matters: matters::list(c, Some(id), 500)?,
            conflict_checks: conflicts::list(c, Some(id), None)?,
            balance: crate::store::receivables::client_balances(c, id, today)?,
        })
    })
}

/// Longer than any name, e-mail address or phone number a client has.
pub const MAX_QUERY: usize = 300;

/// The search box: `query` up to `MAX_QUERY` characters, at most 500 hits.
pub fn search_clients(core: &Core, query: &str, limit: i64) -> AppResult<Vec<ClientHit>> {
    if query.chars().count() > MAX_QUERY {
        return Err(AppError::field("query", "too_long"));
    }
    core.db.read(|c| search::search(c, query, limit))
}

/// Opens a matter; each opposing party is checked against everyone on file first.
pub fn add_matter(
    core: &Core,
    input: &MatterInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Saved<MatterId>> {
    let matter = input.validate(today)?;
    core.db.write(|tx| add_matter_in(tx, &matter, now))
}

/// [`add_matter`] in the caller's transaction, for a matter validated by
/// [`MatterInput::validate`] (the demo opens many matters in one).
pub(crate) fn add_matter_in(
    tx: &Tx<'_>,
    matter: &Matter,
    now: DateTime<Utc>,
) -> AppResult<Saved<MatterId>> {
    clients::get(tx, matter.client_id)?;
    let mut hits = Vec::new();
    for p in &matter.opposing_parties {
        hits.extend(check(tx, &p.name, &p.id_number)?);
    }
    let id = matters::insert(tx, matter, now)?;
    let subject: Vec<&str> = matter
        .opposing_parties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    conflicts::record(
        tx,
        Some(matter.client_id),
        Some(id),
        &subject.join("; "),
        &hits,
        now,
    )?;
    audit::record_diff(
        tx,
        now,
        ("create", "matter", &id.to_string()),
        json!({ "conflicts": hits.len() }),
        Some(matter.client_id.0),
        (None::<&()>, matter),
        &["id_number"],
    )?;
    Ok(Saved {
        id,
        conflicts: hits,
    })
}

/// Adds an opposing party to a matter after checking it.
pub fn add_opposing_party(
    core: &Core,
    matter: MatterId,
    input: &OpposingPartyInput,
    now: DateTime<Utc>,
) -> AppResult<Saved<i64>> {
    let mut v = Validator::default();
    let party = input.validate_into(&mut v, "");
    v.finish()?;
    let party = party.ok_or_else(|| AppError::internal("validated party missing"))?;
    core.db.write(|tx| {
        let m = matters::get(tx, matter)?;
        // Every hit is shown, the client's own family members included: a spouse who becomes
        // the opposing party is exactly what the lawyer must see.
        let hits = check(tx, &party.name, &party.id_number)?;
        let id = matters::add_opposing_party(tx, m.client_id, matter, &party)?;
        conflicts::record(tx, Some(m.client_id), Some(matter), &party.name, &hits, now)?;
        audit::record_diff(
            tx,
            now,
            ("add_party", "matter", &matter.to_string()),
            json!({ "conflicts": hits.len() }),
            Some(m.client_id.0),
            (None::<&()>, &json!({ "opposing_party": party })),
            &["id_number"],
        )?;
        Ok(Saved {
            id,
            conflicts: hits,
        })
    })
}

/// The conflict check on demand (the CLI's `conflicts NAME`, the app's check button).
/// It is recorded too, on the matter when one is given.
pub fn check_conflicts(
    core: &Core,
    name: &str,
    id_number: &str,
    matter: Option<MatterId>,
    now: DateTime<Utc>,
) -> AppResult<Vec<ConflictHit>> {
    if name.trim().is_empty() && id_number.trim().is_empty() {
        return Err(AppError::field("name", "required"));
    }
    // The same bounds as a client's own name and identity number.
    let mut v = Validator::default();
    v.check("name", crate::domain::text::text(name, 200, false));
    v.check("id_number", crate::domain::text::text(id_number, 64, false));
    v.finish()?;
    core.db.write(|tx| {
        let client = match matter {
            Some(m) => Some(matters::get(tx, m)?.client_id),
            None => None,
        };
        let hits = check(tx, name, id_number)?;
        conflicts::record(tx, client, matter, name.trim(), &hits, now)?;
        Ok(hits)
    })
}

pub fn list_matters(core: &Core, client: Option<ClientId>) -> AppResult<Vec<MatterView>> {
    core.db.read(|c| matters::list(c, client, 1000))
}

pub fn get_matter(core: &Core, id: MatterId) -> AppResult<(MatterView, Vec<CheckRecord>)> {
    core.db
        .read(|c| Ok((matters::get(c, id)?, conflicts::list(c, None, Some(id))?)))
}

/// The client's name as kept (for file names and headings).
pub fn name(core: &Core, id: ClientId) -> AppResult<String> {
    Ok(core.db.read(|c| clients::get(c, id))?.name)
}
