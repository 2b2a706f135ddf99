//! Gathers what a demand letter's calculation appendix needs (the overdue invoices' open
//! amounts and due dates, the engagement's late terms, the layered rate tables) and hands
//! it to the pure `letters::appendix`.

use crate::store::Conn as Connection;
use chrono::NaiveDate;

use super::letter_terms::Engagement;
use crate::domain::interest::{self, RateTables};
use crate::domain::lang::Lang;
use crate::domain::AppResult;
use crate::letters::appendix::{self, Appendix, Claim};
use crate::letters::jurisdiction::Debtor;
use crate::letters::templates::Kind;
use crate::store::interest_rates;
use crate::store::invoices::Invoice;

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
        claims.push(Claim {
            number: r.number.clone(),
            open: r.open,
            due: r.due_on,
        });
    }
    let tables = RateTables::layered(&interest_rates::all(c)?);
    // The letter's date decides staleness: the appendix speaks as of that day.
    Ok(appendix::build(
        lang, who, choice, &claims, &tables, as_of, as_of,
    ))
}
