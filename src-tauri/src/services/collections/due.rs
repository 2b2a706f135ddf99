//! The daily run's due list: reads the ladder, the open invoices, what already covered them,
//! the holds and the running arrangements in one read, and plans each client with
//! `domain::collections::plan`. Nothing is written here.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::collections::arrangement::{self, Standing};
use crate::domain::collections::hold::{self, HoldState};
use crate::domain::collections::ladder::Stage;
use crate::domain::collections::plan::{plan_client, ClientPlan, OpenInvoice};
use crate::domain::money::Currency;
use crate::domain::{dates, AppResult};
use crate::services::core::Core;
use crate::store::collections::{self as store, ArrangementRow, OpenRow};
use crate::store::{amount_text, decode};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Amount {
    pub currency: String,
    pub amount: String,
}

/// One action the lawyer reviews and confirms.
#[derive(Debug, Clone, Serialize)]
pub struct DueAction {
    pub client_id: i64,
    pub client_name: String,
    pub lang: String,
    pub stage: String,
    pub action: String,
    pub channel: String,
    pub stage_days: i64,
    pub days_overdue: i64,
    /// The overdue invoices this action covers at its stage.
    pub invoices: Vec<i64>,
    /// Lower stages passed over (reached but never done): said, never silent.
    pub skipped: Vec<String>,
    pub episode: String,
    pub overdue: Vec<Amount>,
    #[serde(skip)]
    pub(super) passed_over: Vec<(i64, String)>,
    #[serde(skip)]
    pub(super) held_invoices: Vec<i64>,
}

/// Where a client with overdue invoices stands.
#[derive(Debug, Clone, Serialize)]
pub struct ClientStatus {
    pub client_id: i64,
    pub client_name: String,
    /// The last stage done (or passed over) for its overdue invoices.
    pub stage: Option<String>,
    /// The stage due today, if any.
    pub due: Option<String>,
    pub next_stage: Option<String>,
    pub next_on: Option<String>,
    /// The reason of the hold on the whole client, if one is active.
    pub held: Option<String>,
    pub held_invoices: usize,
    pub invoices: usize,
    pub days_overdue: i64,
    pub overdue: Vec<Amount>,
}

/// An arrangement that ended on this day's reckoning.
#[derive(Debug, Clone, Serialize)]
pub struct Ended {
    pub arrangement_id: i64,
    pub client_id: i64,
    pub client_name: String,
    /// `missed` (the ladder resumes) or `kept`.
    pub outcome: String,
    pub missed_on: Option<String>,
    pub short: Option<Amount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub as_of: String,
    pub ladder: Vec<Stage>,
    pub due: Vec<DueAction>,
    pub clients: Vec<ClientStatus>,
    pub arrangements_ended: Vec<Ended>,
}

/// Everything the plan reads, in one read transaction.
struct Snapshot {
    ladder: Vec<Stage>,
    open: Vec<OpenRow>,
    covered: HashMap<i64, u16>,
    client_holds: HashMap<i64, String>,
    invoice_holds: HashSet<i64>,
    ended: Vec<(ArrangementRow, Standing)>,
}

fn snapshot(conn: &crate::store::Conn, as_of: NaiveDate) -> AppResult<Snapshot> {
    let ladder = store::ladder(conn)?;
    let index: HashMap<&str, usize> = ladder
        .iter()
        .enumerate()
        .map(|(i, s)| (s.code.as_str(), i))
        .collect();
    let (runs, letters) = store::coverage(conn)?;
    let mut covered: HashMap<i64, u16> = HashMap::new();
    for (inv, code) in &runs {
        if let Some(&i) = index.get(code.as_str()) {
            *covered.entry(*inv).or_default() |= 1 << i;
        }
    }
    // A letter written by hand or by `letter batch` covers the stages that write its kind.
    for (inv, kind) in &letters {
        for (i, s) in ladder.iter().enumerate() {
            if s.action.letter_kind() == Some(kind.as_str()) {
                *covered.entry(*inv).or_default() |= 1 << i;
            }
        }
    }
    let ended = arrangements(conn, as_of)?;
    let held = holds_on(conn, as_of, &ended)?;
    Ok(Snapshot {
        ladder,
        open: store::open_invoices(conn)?,
        covered,
        client_holds: held.clients,
        invoice_holds: held.invoices,
        ended,
    })
}

/// What is on hold on a day: clients (with the reason) and single invoices.
#[derive(Debug, Default)]
pub struct Held {
    pub clients: HashMap<i64, String>,
    pub invoices: HashSet<i64>,
}

/// The holds active on `as_of`: unreleased, not past their `until`, and not belonging to
/// an arrangement that has ended (`ended`, from [`arrangements`]).
fn holds_on(
    conn: &crate::store::Conn,
    as_of: NaiveDate,
    ended: &[(ArrangementRow, Standing)],
) -> AppResult<Held> {
    let ended_ids: HashSet<i64> = ended.iter().map(|(a, _)| a.id).collect();
    let mut held = Held::default();
    for h in store::live_holds(conn)? {
        if h.arrangement_id.is_some_and(|a| ended_ids.contains(&a)) {
            continue;
        }
        let until = decode::opt_date("collection_holds", "until_on", h.id, h.until.as_deref())?;
        if hold::state(until, false, as_of) != HoldState::Active {
            continue;
        }
        match h.invoice_id {
            Some(i) => {
                held.invoices.insert(i);
            }
            None => {
                held.clients.entry(h.client_id).or_insert(h.reason);
            }
        }
    }
    Ok(held)
}

/// The holds active on `as_of` (the letter batch leaves them out too).
pub fn held(conn: &crate::store::Conn, as_of: NaiveDate) -> AppResult<Held> {
    if !store::any_live_hold(conn)? {
        return Ok(Held::default());
    }
    let ended = arrangements(conn, as_of)?;
    holds_on(conn, as_of, &ended)
}

/// Running arrangements that ended by `as_of`: kept, or missed (the ladder resumes).
pub(super) fn arrangements(
    conn: &crate::store::Conn,
    as_of: NaiveDate,
) -> AppResult<Vec<(ArrangementRow, Standing)>> {
    let mut ended = Vec::new();
    for a in store::arrangements(conn, None, true)? {
        let paid = store::paid_since(conn, a.client_id, &a.currency, &a.starts_on)?;
        match arrangement::standing(&a.instalments, paid, as_of) {
            Standing::OnTrack { .. } => {}
            s => ended.push((a, s)),
        }
    }
    Ok(ended)
}

fn amounts(rows: &[&OpenRow]) -> AppResult<Vec<Amount>> {
    let mut sums: std::collections::BTreeMap<&str, i64> = Default::default();
    for r in rows {
        *sums.entry(r.3.as_str()).or_default() += r.4;
    }
    sums.into_iter()
        .map(|(c, minor)| {
            let cur = decode::currency("invoice_open", "currency", 0, c)?;
            Ok(Amount {
                currency: c.to_string(),
                amount: amount_text(minor, cur),
            })
        })
        .collect()
}

pub(super) fn ended_view(a: &ArrangementRow, s: &Standing) -> AppResult<Ended> {
    let (outcome, missed_on, short) = match s {
        Standing::Missed { on, short_minor } => {
            let cur = Currency::parse(&a.currency)?;
            (
                "missed",
                Some(dates::to_iso(*on)),
                Some(Amount {
                    currency: a.currency.clone(),
                    amount: amount_text(*short_minor, cur),
                }),
            )
        }
        _ => ("kept", None, None),
    };
    Ok(Ended {
        arrangement_id: a.id,
        client_id: a.client_id,
        client_name: a.client_name.clone(),
        outcome: outcome.into(),
        missed_on,
        short,
    })
}

/// The due actions and every overdue client's standing on `as_of`.
pub fn overview(core: &Core, as_of: NaiveDate) -> AppResult<Overview> {
    core.db.read(|conn| {
        let snap = snapshot(conn, as_of)?;
        let mut due = Vec::new();
        let mut clients = Vec::new();
        let mut start = 0;
        let open = &snap.open;
        while start < open.len() {
            let client = open[start].0;
            let end = start + open[start..].iter().take_while(|r| r.0 == client).count();
            let rows: Vec<&OpenRow> = open[start..end].iter().collect();
            start = end;
            let (status, action) = plan_one(&snap, client, &rows, as_of)?;
            if let Some(s) = status {
                clients.push(s);
            }
            due.extend(action);
        }
        name_all(conn, &mut due, &mut clients)?;
        due.sort_by(|a, b| {
            b.days_overdue
                .cmp(&a.days_overdue)
                .then(a.client_id.cmp(&b.client_id))
        });
        clients.sort_by(|a, b| {
            b.days_overdue
                .cmp(&a.days_overdue)
                .then(a.client_id.cmp(&b.client_id))
        });
        Ok(Overview {
            as_of: dates::to_iso(as_of),
            arrangements_ended: snap
                .ended
                .iter()
                .map(|(a, s)| ended_view(a, s))
                .collect::<AppResult<_>>()?,
            ladder: snap.ladder,
            due,
            clients,
        })
    })
}

fn plan_one(
    snap: &Snapshot,
    client: i64,
    rows: &[&OpenRow],
    as_of: NaiveDate,
) -> AppResult<(Option<ClientStatus>, Option<DueAction>)> {
    let mut invoices = Vec::with_capacity(rows.len());
    for r in rows {
        invoices.push(OpenInvoice {
            id: r.1,
            due_on: decode::date("invoice_open", "due_on", r.1, &r.2)?,
            held: snap.invoice_holds.contains(&r.1),
            covered: snap.covered.get(&r.1).copied().unwrap_or(0),
        });
    }
    let overdue_rows: Vec<&OpenRow> = rows
        .iter()
        .zip(&invoices)
        .filter(|(_, i)| i.due_on < as_of)
        .map(|(r, _)| *r)
        .collect();
    if overdue_rows.is_empty() {
        return Ok((None, None));
    }
    let held = snap.client_holds.get(&client).cloned();
    let plan = if held.is_some() {
        ClientPlan::default()
    } else {
        plan_client(&snap.ladder, &invoices, as_of)
    };
    let overdue = amounts(&overdue_rows)?;
    let held_invoices: Vec<i64> = invoices.iter().filter(|i| i.held).map(|i| i.id).collect();
    let code = |i: usize| snap.ladder[i].code.clone();
    let action = plan.due.as_ref().map(|d| {
        let s = &snap.ladder[d.stage];
        DueAction {
            client_id: client,
            client_name: String::new(),
            lang: String::new(),
            stage: s.code.clone(),
            action: s.action.code().into(),
            channel: s.channel.code().into(),
            stage_days: s.days,
            days_overdue: plan.days_overdue,
            invoices: d.invoices.clone(),
            skipped: d.skipped.iter().map(|&i| code(i)).collect(),
            episode: d.episode(),
            overdue: overdue.clone(),
            passed_over: d
                .passed_over
                .iter()
                .map(|&(inv, j)| (inv, code(j)))
                .collect(),
            held_invoices: held_invoices.clone(),
        }
    });
    let days = invoices
        .iter()
        .filter(|i| !i.held)
        .map(|i| dates::days_overdue(i.due_on, as_of))
        .max()
        .unwrap_or(0);
    let status = ClientStatus {
        client_id: client,
        client_name: String::new(),
        stage: plan.last_stage.map(code),
        due: plan.due.as_ref().map(|d| code(d.stage)),
        next_stage: plan.next.map(|(i, _)| code(i)),
        next_on: plan.next.map(|(_, on)| dates::to_iso(on)),
        held,
        held_invoices: held_invoices.len(),
        invoices: overdue_rows.len(),
        days_overdue: days,
        overdue,
    };
    Ok((Some(status), action))
}

fn name_all(
    conn: &crate::store::Conn,
    due: &mut [DueAction],
    clients: &mut [ClientStatus],
) -> AppResult<()> {
    let ids: Vec<i64> = clients.iter().map(|c| c.client_id).collect();
    let names: HashMap<i64, (String, String)> = store::client_names(conn, &ids)?
        .into_iter()
        .map(|(id, n, l)| (id, (n, l)))
        .collect();
    for c in clients.iter_mut() {
        if let Some((n, _)) = names.get(&c.client_id) {
            c.client_name = n.clone();
        }
    }
    for d in due.iter_mut() {
        if let Some((n, l)) = names.get(&d.client_id) {
            d.client_name = n.clone();
            d.lang = l.clone();
        }
    }
    Ok(())
}
