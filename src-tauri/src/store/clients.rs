//! The `clients` aggregate: the client row, contacts, tags, related persons, consent, and
//! the names the conflict check compares. Search lives in `search.rs`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, ToSql};
use serde::Serialize;

use super::database::{rows, sql_error};
use crate::domain::client::Client;
use crate::domain::ids::ClientId;
use crate::domain::names;
use crate::domain::{AppError, AppResult};

/// Replaces a client's own fields, contacts, tags and name indexes (related persons and
/// consents have their own use cases and are kept).
pub fn update(conn: &Connection, id: ClientId, c: &Client, now: DateTime<Utc>) -> AppResult<()> {
    let mut search = c.clone();
    search.related_persons = related_of(conn, id)?;
    let derived = Derived::of(c, search.search_text(), now)?;
    let mut values = row_values(c, &derived).to_vec();
    values.push((":id", &id.0));
    let n = conn
        .execute(
            "UPDATE clients SET kind = :kind, name = :name, id_number = :id_number, language = :language,
                grade = :grade, grade_reason = :grade_reason, practice_area = :practice_area,
                source = :source, industry = :industry, notes = :notes, profile = :profile,
                search_text = :search_text, updated_at = :now WHERE id = :id",
            values.as_slice(),
        )
        .map_err(sql_error)?;
    if n == 0 {
        return Err(AppError::not_found("The client"));
    }
    conn.execute_batch(&format!(
        "DELETE FROM client_contacts WHERE client_id = {i}; DELETE FROM client_tags WHERE client_id = {i};
         DELETE FROM client_name_grams WHERE client_id = {i};
         DELETE FROM party_names WHERE client_id = {i} AND role = 'client';",
        i = id.0
    ))
    .map_err(sql_error)?;
    write_parts(conn, id, c)
}

fn related_of(
    conn: &Connection,
    id: ClientId,
) -> AppResult<Vec<crate::domain::client::RelatedPerson>> {
    use crate::domain::client::{RelatedPerson, Relation};
    let mut st = conn
        .prepare_cached(
            "SELECT relation, name, phone, email, notes, id FROM related_persons WHERE client_id = ?1",
        )
        .map_err(sql_error)?;
    let rows = st
        .query_map([id.0], |r| {
            let relation = super::decode::in_row(super::decode::enum_(
                "related_persons",
                "relation",
                r.get(5)?,
                &r.get::<_, String>(0)?,
                Relation::parse,
            ))?;
            Ok(RelatedPerson {
                relation,
                name: r.get(1)?,
                phone: r.get(2)?,
                email: r.get(3)?,
                notes: r.get(4)?,
            })
        })
        .map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}

/// Adds a related person to an existing client (search text and conflict index follow).
pub fn add_related(
    conn: &Connection,
    id: ClientId,
    r: &crate::domain::client::RelatedPerson,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO related_persons(client_id, relation, name, phone, email, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id.0, r.relation.code(), r.name, r.phone, r.email, r.notes],
    )
    .map_err(sql_error)?;
    let rid = conn.last_insert_rowid();
    add_party_name(conn, "related_person", id, None, rid, &r.name, "")?;
    let text: String = conn
        .query_row(
            "SELECT search_text FROM clients WHERE id = ?1",
            [id.0],
            |row| row.get(0),
        )
        .map_err(sql_error)?;
    let f = names::fold(&r.name);
    let t = names::transliterate(&f);
    let extra = if t != f { format!("{t} | {f}") } else { f };
    conn.execute(
        "UPDATE clients SET search_text = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.0, format!("{text} | {extra}"), now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    Ok(rid)
}

pub fn withdraw_consent(
    conn: &Connection,
    client: ClientId,
    consent: i64,
    on: &str,
) -> AppResult<()> {
    let n = conn
        .execute(
            "UPDATE consents SET withdrawn_on = ?3 WHERE id = ?2 AND client_id = ?1 AND withdrawn_on IS NULL",
            params![client.0, consent, on],
        )
        .map_err(sql_error)?;
    if n > 0 {
        return Ok(());
    }
    // Nothing changed: a consent of this client already withdrawn, or none such.
    let exists: bool = conn
        .query_row(
            "SELECT EXISTS(SELECT 1 FROM consents WHERE id = ?2 AND client_id = ?1)",
            params![client.0, consent],
            |r| r.get(0),
        )
        .map_err(sql_error)?;
    Err(match exists {
        true => AppError::field("consent", "already_done"),
        false => AppError::not_found("The client's consent"),
    })
}

pub fn add_consent(
    conn: &Connection,
    client: ClientId,
    c: &crate::domain::client::Consent,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO consents(client_id, purpose, given_on, channel) VALUES (?1, ?2, ?3, ?4)",
        params![client.0, c.purpose, c.given_on, c.channel],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

fn write_parts(conn: &Connection, id: ClientId, c: &Client) -> AppResult<()> {
    let mut contact = conn
        .prepare_cached(
            "INSERT INTO client_contacts(client_id, kind, value, position) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(sql_error)?;
    for (kind, values) in [
        ("phone", &c.phones),
        ("email", &c.emails),
        ("address", &c.addresses),
    ] {
        for (i, v) in values.iter().enumerate() {
            contact
                .execute(params![id.0, kind, v, i as i64])
                .map_err(sql_error)?;
        }
    }
    let mut tag = conn
        .prepare_cached("INSERT INTO client_tags(client_id, tag) VALUES (?1, ?2)")
        .map_err(sql_error)?;
    for t in &c.tags {
        tag.execute(params![id.0, t]).map_err(sql_error)?;
    }
    let mut gram = conn
        .prepare_cached("INSERT INTO client_name_grams(gram, rank, client_id) VALUES (?1, ?2, ?3)")
        .map_err(sql_error)?;
    for (piece, rank) in c.name_grams() {
        gram.execute(params![piece, rank, id.0])
            .map_err(sql_error)?;
    }
    add_party_name(conn, "client", id, None, id.0, &c.name, &c.id_number)
}

/// What the client row stores beside the client's own fields.
struct Derived {
    kind: &'static str,
    language: &'static str,
    profile: String,
    search_text: String,
    now: String,
}

impl Derived {
    fn of(c: &Client, search_text: String, now: DateTime<Utc>) -> AppResult<Derived> {
        Ok(Derived {
            kind: c.kind.code(),
            language: c.language.code(),
            profile: serde_json::to_string(&c.profile)
                .map_err(|e| AppError::internal(e.to_string()))?,
            search_text,
            now: now.to_rfc3339(),
        })
    }
}

/// The client row's columns as named parameters, the same for insert and update.
fn row_values<'a>(c: &'a Client, d: &'a Derived) -> [(&'static str, &'a dyn ToSql); 13] {
    [
        (":kind", &d.kind),
        (":name", &c.name),
        (":id_number", &c.id_number),
        (":language", &d.language),
        (":grade", &c.grade),
        (":grade_reason", &c.grade_reason),
        (":practice_area", &c.practice_area),
        (":source", &c.source),
        (":industry", &c.industry),
        (":notes", &c.notes),
        (":profile", &d.profile),
        (":search_text", &d.search_text),
        (":now", &d.now),
    ]
}

pub fn insert(conn: &Connection, c: &Client, now: DateTime<Utc>) -> AppResult<ClientId> {
    let derived = Derived::of(c, c.search_text(), now)?;
    // Cached: its program includes the search index's triggers (an import runs it per row).
    conn.prepare_cached(
        "INSERT INTO clients(kind, name, id_number, language, grade, grade_reason, practice_area,
                             source, industry, notes, profile, search_text, created_at, updated_at)
         VALUES (:kind, :name, :id_number, :language, :grade, :grade_reason, :practice_area,
                 :source, :industry, :notes, :profile, :search_text, :now, :now)",
    )
    .map_err(sql_error)?
    .execute(&row_values(c, &derived)[..])
    .map_err(sql_error)?;
    let id = ClientId(conn.last_insert_rowid());
    write_parts(conn, id, c)?;
    for r in &c.related_persons {
        conn.prepare_cached(
            "INSERT INTO related_persons(client_id, relation, name, phone, email, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(sql_error)?
        .execute(params![id.0, r.relation.code(), r.name, r.phone, r.email, r.notes])
        .map_err(sql_error)?;
        let rid = conn.last_insert_rowid();
        add_party_name(conn, "related_person", id, None, rid, &r.name, "")?;
    }
    if let Some(consent) = &c.consent {
        conn.prepare_cached(
            "INSERT INTO consents(client_id, purpose, given_on, channel) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(sql_error)?
        .execute(params![
            id.0,
            consent.purpose,
            consent.given_on,
            consent.channel
        ])
        .map_err(sql_error)?;
    }
    Ok(id)
}

/// Records a name for the conflict check.
pub fn add_party_name(
    conn: &Connection,
    role: &str,
    client_id: ClientId,
    matter_id: Option<i64>,
    source_id: i64,
    name: &str,
    id_number: &str,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO party_names(role, client_id, matter_id, source_id, name, conflict_key, id_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .map_err(sql_error)?
    .execute(params![
        role,
        client_id.0,
        matter_id,
        source_id,
        name,
        names::conflict_key(name),
        names::fold(id_number).replace(' ', "")
    ])
    .map_err(sql_error)?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    pub id: i64,
    pub relation: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsentView {
    pub id: i64,
    pub purpose: String,
    pub given_on: String,
    pub channel: String,
    pub withdrawn_on: Option<String>,
}

/// A client with everything the client screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct ClientView {
    pub id: ClientId,
    pub kind: String,
    pub name: String,
    pub id_number: String,
    pub language: String,
    pub grade: String,
    pub grade_reason: String,
    pub practice_area: String,
    pub source: String,
    pub industry: String,
    pub notes: String,
    pub profile: serde_json::Value,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub addresses: Vec<String>,
    pub tags: Vec<String>,
    pub related_persons: Vec<RelatedView>,
    pub consents: Vec<ConsentView>,
    pub created_at: String,
    pub updated_at: String,
}

pub fn get(conn: &Connection, id: ClientId) -> AppResult<ClientView> {
    let mut view = client_row(conn, id)?;
    add_contacts(conn, id, &mut view)?;
    view.tags = rows(
        conn,
        "SELECT tag FROM client_tags WHERE client_id = ?1 ORDER BY tag",
        [id.0],
        |r| r.get(0),
    )?;
    view.related_persons = related_views(conn, id)?;
    view.consents = consent_views(conn, id)?;
    Ok(view)
}

/// The client's own row, its lists still empty; `not_found` when there is none.
fn client_row(conn: &Connection, id: ClientId) -> AppResult<ClientView> {
    conn.prepare_cached(
        "SELECT id, kind, name, id_number, language, grade, grade_reason, practice_area, source,
                    industry, notes, profile, created_at, updated_at FROM clients WHERE id = ?1",
    )
    .map_err(sql_error)?
    .query_row([id.0], |r| {
        let client: i64 = r.get(0)?;
        let profile =
            super::decode::in_row(serde_json::from_str(&r.get::<_, String>(11)?).map_err(|_| {
                super::decode::corrupt("clients", "profile", client, "JSON document")
            }))?;
        Ok(ClientView {
            id: ClientId(client),
            kind: r.get(1)?,
            name: r.get(2)?,
            id_number: r.get(3)?,
            language: r.get(4)?,
            grade: r.get(5)?,
            grade_reason: r.get(6)?,
            practice_area: r.get(7)?,
            source: r.get(8)?,
            industry: r.get(9)?,
            notes: r.get(10)?,
            profile,
            phones: Vec::new(),
            emails: Vec::new(),
            addresses: Vec::new(),
            tags: Vec::new(),
            related_persons: Vec::new(),
            consents: Vec::new(),
            created_at: r.get(12)?,
            updated_at: r.get(13)?,
        })
    })
    .optional()
    .map_err(sql_error)?
    .ok_or_else(|| AppError::not_found("The client"))
}

/// The client's phones, e-mails and addresses into `view`, each in its order.
fn add_contacts(conn: &Connection, id: ClientId, view: &mut ClientView) -> AppResult<()> {
    let mut st = conn
        .prepare_cached(
            "SELECT kind, value FROM client_contacts WHERE client_id = ?1 ORDER BY kind, position",
        )
        .map_err(sql_error)?;
    let contacts = st
        .query_map([id.0], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .map_err(sql_error)?;
    for c in contacts {
        let (kind, value) = c.map_err(sql_error)?;
        match kind.as_str() {
            "phone" => view.phones.push(value),
            "email" => view.emails.push(value),
            _ => view.addresses.push(value),
        }
    }
    Ok(())
}

fn related_views(conn: &Connection, id: ClientId) -> AppResult<Vec<RelatedView>> {
    rows(
        conn,
        "SELECT id, relation, name, phone, email, notes FROM related_persons WHERE client_id = ?1 ORDER BY id",
        [id.0],
        |r| {
            Ok(RelatedView {
                id: r.get(0)?,
                relation: r.get(1)?,
                name: r.get(2)?,
                phone: r.get(3)?,
                email: r.get(4)?,
                notes: r.get(5)?,
            })
        },
    )
}

fn consent_views(conn: &Connection, id: ClientId) -> AppResult<Vec<ConsentView>> {
    rows(
        conn,
        "SELECT id, purpose, given_on, channel, withdrawn_on FROM consents WHERE client_id = ?1 ORDER BY id",
        [id.0],
        |r| {
            Ok(ConsentView {
                id: r.get(0)?,
                purpose: r.get(1)?,
                given_on: r.get(2)?,
                channel: r.get(3)?,
                withdrawn_on: r.get(4)?,
            })
        },
    )
}

pub fn count(conn: &Connection) -> AppResult<i64> {
    conn.query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .map_err(sql_error)
}

/// Every client as the 13 text fields of an export row (the field order of
/// `import::mapping::FIELDS`), oldest first, handed to `row` one at a time; returns how many.
pub fn each_export_row(
    conn: &Connection,
    mut row: impl FnMut(Vec<String>) -> AppResult<()>,
) -> AppResult<usize> {
    let mut st = conn
        .prepare(
            "SELECT c.id, c.kind, c.name,
                (SELECT group_concat(value, '; ') FROM client_contacts WHERE client_id = c.id AND kind = 'phone'),
                (SELECT group_concat(value, '; ') FROM client_contacts WHERE client_id = c.id AND kind = 'email'),
                (SELECT group_concat(value, ' / ') FROM client_contacts WHERE client_id = c.id AND kind = 'address'),
                c.id_number, c.language,
                (SELECT group_concat(tag, '; ') FROM client_tags WHERE client_id = c.id),
                c.grade, c.practice_area, c.source, c.industry, c.notes
             FROM clients c ORDER BY c.id",
        )
        .map_err(sql_error)?;
    let mut rows = st.query([]).map_err(sql_error)?;
    let mut n = 0;
    while let Some(r) = rows.next().map_err(sql_error)? {
        let mut rec = Vec::with_capacity(13);
        for i in 1..14 {
            rec.push(
                r.get::<_, Option<String>>(i)
                    .map_err(sql_error)?
                    .unwrap_or_default(),
            );
        }
        row(rec)?;
        n += 1;
    }
    Ok(n)
}
