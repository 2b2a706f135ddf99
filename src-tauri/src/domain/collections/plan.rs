//! Which ladder stage is due for a client on a day. Per open invoice the plan knows which
//! stages already covered it (done, or passed over by a later stage); the client's due
//! action is the highest stage some uncovered overdue invoice has reached, and it covers
//! every overdue invoice not yet covered at that stage: one action per client per stage,
//! a reminder about one invoice never silences the others (a newly overdue invoice is
//! uncovered again), and a stage is never done twice for an invoice. Lower stages the
//! action passes over are named (`skipped`) and recorded, never skipped silently.

use chrono::NaiveDate;

use super::ladder::Stage;
use crate::domain::dates;

/// One open invoice of a client. `covered` has bit `i` set when ladder stage `i` already
/// covered it (at most [`super::ladder::MAX_STAGES`] stages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenInvoice {
    pub id: i64,
    pub due_on: NaiveDate,
    pub held: bool,
    pub covered: u16,
}

/// The action due for a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Index of the stage in the ladder.
    pub stage: usize,
    /// The overdue invoices this action covers at its stage (ascending ids).
    pub invoices: Vec<i64>,
    /// Lower stages some covered invoice had reached but never had: passed over, said so.
    pub skipped: Vec<usize>,
    /// (invoice, stage) pairs below `stage` recorded as passed over when the action is done.
    pub passed_over: Vec<(i64, usize)>,
}

impl Due {
    /// The overdue episode the action belongs to: its first invoice (the key that makes a
    /// client+stage+episode unique).
    pub fn episode(&self) -> String {
        format!(
            "invoice:{}",
            self.invoices.first().copied().unwrap_or_default()
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientPlan {
    pub due: Option<Due>,
    /// The highest stage that covered any of the overdue invoices.
    pub last_stage: Option<usize>,
    /// The next stage after today's, and the day it falls due.
    pub next: Option<(usize, NaiveDate)>,
    pub days_overdue: i64,
    pub overdue: usize,
}

fn has(mask: u16, i: usize) -> bool {
    mask & (1 << i) != 0
}

/// The highest stage reached by `days` that does not cover the invoice yet.
fn top_uncovered(ladder: &[Stage], inv: &OpenInvoice, days: i64) -> Option<usize> {
    (0..ladder.len())
        .rev()
        .find(|&i| ladder[i].days <= days && !has(inv.covered, i))
}

/// The client's plan on `as_of`. Held invoices take no part.
pub fn plan_client(ladder: &[Stage], invoices: &[OpenInvoice], as_of: NaiveDate) -> ClientPlan {
    let live: Vec<(&OpenInvoice, i64)> = invoices
        .iter()
        .filter(|i| !i.held)
        .map(|i| (i, dates::days_overdue(i.due_on, as_of)))
        .collect();
    let overdue: Vec<&(&OpenInvoice, i64)> = live.iter().filter(|(_, d)| *d > 0).collect();
    let top = overdue
        .iter()
        .filter_map(|(inv, d)| top_uncovered(ladder, inv, *d))
        .max();
    let due = top.map(|t| due_at(ladder, &overdue, t));
    let last_stage = overdue
        .iter()
        .filter_map(|(inv, _)| (0..ladder.len()).rev().find(|&i| has(inv.covered, i)))
        .max();
    // After today's action, each invoice's next uncovered stage falls due on its date.
    let next = live
        .iter()
        .filter_map(|(inv, _)| {
            let done_now = due.as_ref().is_some_and(|d| d.invoices.contains(&inv.id));
            let floor = if done_now { top } else { None };
            (0..ladder.len())
                .find(|&i| !has(inv.covered, i) && floor.is_none_or(|f| i > f))
                .map(|i| (i, inv.due_on + chrono::Duration::days(ladder[i].days)))
        })
        .filter(|(_, on)| *on > as_of)
        .min_by_key(|(i, on)| (*on, *i));
    ClientPlan {
        due,
        last_stage,
        next,
        days_overdue: overdue.iter().map(|(_, d)| *d).max().unwrap_or(0),
        overdue: overdue.len(),
    }
}

fn due_at(ladder: &[Stage], overdue: &[&(&OpenInvoice, i64)], t: usize) -> Due {
    let mut invoices = Vec::new();
    let mut skipped = Vec::new();
    let mut passed_over = Vec::new();
    for (inv, days) in overdue.iter().map(|x| (x.0, x.1)) {
        if has(inv.covered, t) {
            continue;
        }
        invoices.push(inv.id);
        for j in (0..t).filter(|&j| !has(inv.covered, j)) {
            passed_over.push((inv.id, j));
            if ladder[j].days <= days && !skipped.contains(&j) {
                skipped.push(j);
            }
        }
    }
    invoices.sort_unstable();
    skipped.sort_unstable();
    passed_over.sort_unstable();
    Due {
        stage: t,
        invoices,
        skipped,
        passed_over,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::collections::ladder::default_ladder;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn inv(id: i64, due: &str, covered: u16) -> OpenInvoice {
        OpenInvoice {
            id,
            due_on: d(due),
            held: false,
            covered,
        }
    }

    #[test]
    fn nothing_is_due_before_the_first_stage_and_the_reminder_is_scheduled() {
        let l = default_ladder();
        let p = plan_client(&l, &[inv(1, "2026-12-01", 0)], d("2026-12-03"));
        assert_eq!(p.due, None);
        assert_eq!(p.next, Some((0, d("2026-12-04"))));
        let p = plan_client(&l, &[inv(1, "2026-12-01", 0)], d("2026-12-04"));
        assert_eq!(p.due.unwrap().stage, 0);
    }

    #[test]
    fn one_action_covers_all_overdue_invoices_and_a_new_one_is_not_silenced() {
        let l = default_ladder();
        let both = [inv(1, "2026-11-01", 0), inv(2, "2026-11-28", 0)];
        let p = plan_client(&l, &both, d("2026-12-02"));
        let due = p.due.unwrap();
        // Invoice 1 is 31 days late: the demand, covering invoice 2 too; the reminder,
        // second reminder and call invoice 1 had reached are named as passed over.
        assert_eq!(l[due.stage].code, "demand");
        assert_eq!(due.invoices, [1, 2]);
        assert_eq!(due.skipped, [0, 1, 2]);
        assert!(due.passed_over.contains(&(2, 1)));
        // Done: demand and everything below it covered for both. Next: hand over.
        let after = [inv(1, "2026-11-01", 0b1111), inv(2, "2026-11-28", 0b1111)];
        let p = plan_client(&l, &after, d("2026-12-02"));
        assert_eq!(p.due, None);
        assert_eq!(p.last_stage, Some(3));
        assert_eq!(p.next, Some((4, d("2026-12-31"))));
        // A third invoice falls overdue: its own reminder, the others stay covered.
        let more = [after[0], after[1], inv(3, "2026-12-01", 0)];
        let due = plan_client(&l, &more, d("2026-12-05")).due.unwrap();
        assert_eq!((due.stage, due.invoices.clone()), (0, vec![3]));
        assert_eq!(due.episode(), "invoice:3");
    }

    #[test]
    fn held_invoices_take_no_part() {
        let l = default_ladder();
        let mut i = inv(1, "2026-11-01", 0);
        i.held = true;
        let p = plan_client(&l, &[i, inv(2, "2026-11-30", 0)], d("2026-12-04"));
        let due = p.due.unwrap();
        assert_eq!((due.stage, due.invoices), (0, vec![2]));
    }

    #[test]
    fn a_covered_stage_is_never_due_again_whatever_the_day() {
        let l = default_ladder();
        // Reminder done; days pass one by one and in jumps: each stage comes once.
        let mut covered = 0u16;
        let mut done = Vec::new();
        for day in [
            "2026-12-05",
            "2026-12-05",
            "2026-12-20",
            "2027-01-15",
            "2027-01-16",
            "2027-06-01",
        ] {
            if let Some(due) = plan_client(&l, &[inv(1, "2026-12-01", covered)], d(day)).due {
                done.push(l[due.stage].code.clone());
                covered |= 1 << due.stage;
                for (_, j) in due.passed_over {
                    covered |= 1 << j;
                }
            }
        }
        assert_eq!(done, ["reminder", "second_reminder", "demand", "hand_over"]);
    }
}
