//! Legal clocks per client (`domain::collections::clocks`): gathered in one read from the
//! open, overdue invoices, the payments on them, the reminders and demands that covered them
//! with their dispatch and delivery records (migration 0008), the debtor's written
//! acknowledgments (migration 0012), and each client's jurisdiction
//! — the one its letters speak, chosen by the client's language
//! (`letters::jurisdiction::Jurisdiction::for_lang`) — and debtor kind. Read only.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::collections::clocks::{self as rules, ClientFacts, Clock, Debt};
use crate::domain::dates;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::lang::Lang;
use crate::domain::AppResult;
use crate::letters::jurisdiction::{Debtor, Jurisdiction};
use crate::services::core::Core;
use crate::services::letters::terms::sole_trader;
use crate::store::clock_facts::{self as facts, DebtorRow, LetterCover, OpenDebt};
use crate::store::letter_dispatches::{self, DispatchDates};
use crate::store::{acknowledgments, clients, decode, matters};

/// One clock as the screens and the CLI show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientClock {
    pub client_id: ClientId,
    pub client_name: String,
    pub kind: &'static str,
    pub rule: String,
    pub starts: String,
    pub runs_out: String,
    /// Negative once run out.
    pub days_left: i64,
    pub warning: bool,
    pub invoice_id: Option<i64>,
    pub matter_id: Option<i64>,
}

/// The Dashboard's list: clocks with 0 … 90 days left (the first `limit`, soonest first),
/// how many there are, and how many limitation periods have already run out.
#[derive(Debug, Clone, Serialize)]
pub struct RunningOut {
    pub clocks: Vec<ClientClock>,
    pub total: usize,
    pub run_out: usize,
}

struct Gathered {
    client_id: ClientId,
    name: String,
    facts: ClientFacts,
}

fn view(g: &Gathered, c: Clock, as_of: NaiveDate) -> ClientClock {
    ClientClock {
        client_id: g.client_id,
        client_name: g.name.clone(),
        kind: c.kind,
        days_left: c.days_left(as_of),
        warning: c.warning(as_of),
        rule: c.rule,
        starts: dates::to_iso(c.starts),
        runs_out: dates::to_iso(c.runs_out),
        invoice_id: c.invoice_id,
        matter_id: c.matter_id,
    }
}

/// Per invoice: payment dates and the arrival dates of the letters that covered it; per
/// client: the dispatch dates of its demands.
type Events = (
    HashMap<i64, Vec<NaiveDate>>,
    HashMap<i64, Vec<NaiveDate>>,
    HashMap<ClientId, Vec<NaiveDate>>,
);

fn events(
    payments: Vec<(i64, NaiveDate)>,
    letters: &[LetterCover],
    sent: &HashMap<i64, DispatchDates>,
) -> Events {
    let mut paid: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    for (inv, on) in payments {
        paid.entry(inv).or_default().push(on);
    }
    let mut arrived: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    let mut demands: HashMap<ClientId, Vec<NaiveDate>> = HashMap::new();
    for l in letters {
        let Some(d) = sent.get(&l.letter_id) else {
            continue;
        };
        if let Some(on) = d.delivered_on {
            arrived.entry(l.invoice_id).or_default().push(on);
        }
        if l.kind == "demand" {
            demands.entry(l.client_id).or_default().push(d.sent_on);
        }
    }
    (paid, arrived, demands)
}

/// The debtor's written acknowledgments: per invoice named, and per client for those
/// naming none (they acknowledge every debt owed that day).
#[derive(Default)]
struct Acknowledged {
    invoice: HashMap<i64, Vec<NaiveDate>>,
    client: HashMap<ClientId, Vec<NaiveDate>>,
}

impl Acknowledged {
    fn from_rows(list: Vec<(ClientId, Option<i64>, NaiveDate)>) -> Acknowledged {
        let mut out = Acknowledged::default();
        for (client, invoice, on) in list {
            match invoice {
                Some(i) => out.invoice.entry(i).or_default().push(on),
                None => out.client.entry(client).or_default().push(on),
            }
        }
        out
    }

    /// The acknowledgments of one debt (dates before it fell due restart nothing).
    fn of(&self, client: ClientId, invoice: i64) -> Vec<NaiveDate> {
        let mut v = self.invoice.get(&invoice).cloned().unwrap_or_default();
        v.extend(self.client.get(&client).into_iter().flatten());
        v
    }
}

fn client_facts(
    who: &DebtorRow,
    debts: Vec<&OpenDebt>,
    ev: &mut Events,
    acks: &Acknowledged,
) -> AppResult<ClientFacts> {
    let lang = decode::enum_(
        "clients",
        "language",
        who.client_id.0,
        &who.language,
        Lang::parse,
    )?;
    let debtor = Debtor::of_client(&who.kind, sole_trader(&who.sole_trader));
    Ok(ClientFacts {
        jurisdiction: Jurisdiction::for_lang(lang).code.to_string(),
        in_business: debtor.in_business(),
        debts: debts
            .into_iter()
            .map(|d| Debt {
                invoice_id: d.invoice_id,
                matter_id: d.matter_id,
                due: d.due,
                last_instalment_due: d.last_instalment_due,
                part_payments: ev.0.remove(&d.invoice_id).unwrap_or_default(),
                acknowledgments: acks.of(who.client_id, d.invoice_id),
                demands_arrived: ev.1.get(&d.invoice_id).cloned().unwrap_or_default(),
            })
            .collect(),
        demands_sent: ev.2.remove(&who.client_id).unwrap_or_default(),
    })
}

/// The facts of every client with open, overdue invoices as of `as_of` (or of one client).
fn gather(core: &Core, client: Option<ClientId>, as_of: NaiveDate) -> AppResult<Vec<Gathered>> {
    core.db.read(|c| {
        if let Some(id) = client {
            clients::get(c, id)?; // an unknown client is `not_found`, not an empty list
        }
        let debts = facts::open_debts(c, as_of, client)?;
        let debtors = facts::debtors(c, as_of, client)?;
        let letters = facts::letters_on_open(c, as_of, client)?;
        let sent: HashMap<i64, DispatchDates> = letter_dispatches::dispatch_dates(c, client)?
            .into_iter()
            .map(|d| (d.letter_id, d))
            .collect();
        let mut ev = events(facts::payments_on_open(c, as_of, client)?, &letters, &sent);
        let acks = Acknowledged::from_rows(acknowledgments::made_by(c, as_of, client)?);
        let mut per_client: BTreeMap<ClientId, Vec<&OpenDebt>> = BTreeMap::new();
        for d in &debts {
            per_client.entry(d.client_id).or_default().push(d);
        }
        debtors
            .iter()
            .map(|who| {
                let mine = per_client.remove(&who.client_id).unwrap_or_default();
                Ok(Gathered {
                    client_id: who.client_id,
                    name: who.name.clone(),
                    facts: client_facts(who, mine, &mut ev, &acks)?,
                })
            })
            .collect()
    })
}

fn sorted(mut list: Vec<ClientClock>) -> Vec<ClientClock> {
    list.sort_by(|a, b| {
        (&a.runs_out, a.client_id, a.kind).cmp(&(&b.runs_out, b.client_id, b.kind))
    });
    list
}

/// Each client's clocks (of one client, or all), the one that runs out first of each kind,
/// soonest first.
pub fn clocks(
    core: &Core,
    client: Option<ClientId>,
    as_of: NaiveDate,
) -> AppResult<Vec<ClientClock>> {
    let out = gather(core, client, as_of)?
        .iter()
        .flat_map(|g| {
            rules::earliest_per_kind(rules::clocks(&g.facts))
                .into_iter()
                .map(move |c| view(g, c, as_of))
        })
        .collect();
    Ok(sorted(out))
}

/// The clocks of one matter's debts (and its client's waiting period before a claim).
pub fn matter_clocks(
    core: &Core,
    matter: MatterId,
    as_of: NaiveDate,
) -> AppResult<Vec<ClientClock>> {
    let client = core.db.read(|c| matters::get(c, matter))?.client_id;
    let out = gather(core, Some(client), as_of)?
        .iter()
        .flat_map(|g| {
            let mine = rules::clocks(&g.facts)
                .into_iter()
                .filter(|c| c.invoice_id.is_none() || c.matter_id == Some(matter.0))
                .collect();
            rules::earliest_per_kind(mine)
                .into_iter()
                .map(move |c| view(g, c, as_of))
        })
        .collect();
    Ok(sorted(out))
}

/// For the Dashboard: the clocks that run out within [`rules::WARN_DAYS`] days (the first
/// `limit`), and how many limitation periods have already run out.
pub fn running_out(core: &Core, as_of: NaiveDate, limit: usize) -> AppResult<RunningOut> {
    let all = clocks(core, None, as_of)?;
    let run_out = all.iter().filter(|c| c.days_left < 0 && c.warning).count();
    let soon: Vec<ClientClock> = all
        .into_iter()
        .filter(|c| (0..=rules::WARN_DAYS).contains(&c.days_left))
        .collect();
    Ok(RunningOut {
        total: soon.len(),
        clocks: soon.into_iter().take(limit).collect(),
        run_out,
    })
}
