//! Gathers what a demand letter's calculation appendix needs (the overdue invoices' due
//! dates, what was owed on each and the payments received on it, the engagement's late
//! terms, the layered rate tables) and hands it to the pure `letters::appendix`.

use crate::store::Conn as Connection;
use chrono::NaiveDate;

use crate::domain::interest::{self, RateTables};
use crate::domain::lang::Lang;
use crate::domain::AppResult;
use crate::letters::appendix::{self, Appendix, Claim};
use crate::letters::jurisdiction::Debtor;
use crate::letters::templates::Kind;
use crate::services::letters::terms::Engagement;
use crate::store::interest_rates;
use crate::store::invoices::{self, Invoice};

/// The appendix of a demand (none for other kinds, or when no rule applies).
pub(crate) fn for_demand(
    c: &Connection,
    kind: Kind,
    lang: Lang,
    debtor: Debtor,
    overdue: &[&Invoice],
    engagement: Option<&Engagement>,
    as_of: NaiveDate,
) -> AppResult<Option<Appendix>> {
    if kind != Kind::Demand {
        return Ok(None);
    }
    let who = match debtor {
        Debtor::Person => interest::Debtor::Consumer,
        Debtor::Organization | Debtor::SoleTrader => interest::Debtor::Business,
    };
    let late = engagement.and_then(|e| e.late.as_ref());
    let Some(choice) = appendix::choose(lang, who, late) else {
        return Ok(None);
    };
    let mut claims = Vec::new();
    for r in overdue {
        claims.push(claim(c, r)?);
    }
    let tables = RateTables::layered(&interest_rates::all(c)?);
    // The letter's date decides staleness: the appendix speaks as of that day.
    Ok(appendix::build(
        lang, who, choice, &claims, &tables, as_of, as_of,
    ))
}

/// One invoice's claim: what was owed at its due date before any payment — open now plus
/// every payment that counts (reversed ones are not), which is its total less credit notes
/// — and those payments, which lower it from the day after each arrived.
fn claim(c: &Connection, r: &Invoice) -> AppResult<Claim> {
    let payments = invoices::payments_on(c, r.id.0, r.currency())?;
    let mut owed = r.open;
    for (_, m) in &payments {
        owed = owed.checked_add(m)?;
    }
    Ok(Claim {
        number: r.number.clone(),
        owed,
        due: r.due_on,
        payments,
    })
}
