//! Legal clocks of a fee claim: how long the lawyer may still sue (limitation), and when a
//! pre-action waiting period ends. Pure rules over dates the caller gathers (due dates, the
//! last instalment of a plan, part payments, the arrival or dispatch of demand letters);
//! "today" (`as_of`) is a parameter. Every clock carries the provisions that set it.
//!
//! Counting: a period in years or months ends on the corresponding day of the last year or
//! month, or on that month's last day when there is none (29 February → 28 February):
//! 《民法典》第二百零一条、第二百零二条 (the starting day is not counted); 民法第120條、
//! 第121條 (Taiwan, the same result). Public holidays that move a last day
//! (《民法典》第二百零三条, 民法第122條) are not applied: the date shown is never later than
//! the true one.

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

use crate::domain::dates;

/// A clock warns when this many days or fewer remain.
pub const WARN_DAYS: i64 = 90;

// The provisions, as a lawyer cites them (each checked against the statute's text).
/// Three years (第一款) counted from when the creditor knew of the harm.
pub const CN_188: &str = "《民法典》第一百八十八条第一款";
/// No protection after 20 years from the harm (第二款).
pub const CN_188_CAP: &str = "《民法典》第一百八十八条第二款";
/// A debt agreed in instalments: from the last instalment's due date.
pub const CN_189: &str = "《民法典》第一百八十九条";
/// A demand interrupts and restarts the period when it arrives (第（一）项; 诉讼时效规定
/// (2020) 第八条), and so does the debtor's agreement to pay (第（二）项, 义务人同意履行义务).
pub const CN_195: &str = "《民法典》第一百九十五条";
/// Lawyers' fees prescribe in two years.
pub const TW_127: &str = "民法第127條第5款";
/// A 催告 interrupts only if suit follows within six months of it.
pub const TW_130: &str = "民法第129條第1項第1款、第130條";
/// After the period ran out, a debtor who agrees to pay may no longer plead it (第二款).
pub const CN_192_2: &str = "《民法典》第一百九十二条第二款";
/// The debtor's acknowledgment (承認) interrupts, and the period runs afresh from it;
/// §130's six months apply to a 請求 only (最高法院 judgment of 民國71年8月12日, listed
/// under 民法第129條 on law.moj.gov.tw: applying §130 to an acknowledgment misapplies it).
pub const TW_129_ACK: &str = "民法第129條第1項第2款、第137條第1項";
/// After the period ran out, a debtor who acknowledged the debt by contract may no longer
/// refuse to pay on that ground (第144條第2項).
pub const TW_144_2: &str = "民法第144條第2項";
/// Six years from accrual for a claim founded on simple contract.
pub const EW_5: &str = "Limitation Act 1980 s.5";
/// A signed written acknowledgment or a part payment restarts the period, but never
/// revives a barred claim (s.29(7)).
pub const EW_29: &str = "Limitation Act 1980 s.29(5), s.30";
/// An organization or ИП may be sued in the arbitrazh court only 30 calendar days after
/// the претензия was sent.
pub const RU_APK_4_5: &str = "ч. 5 ст. 4 АПК РФ";

/// One open, overdue debt (an invoice) and what happened to it.
#[derive(Debug, Clone, Default)]
pub struct Debt {
    pub invoice_id: i64,
    pub matter_id: Option<i64>,
    pub due: NaiveDate,
    /// For an invoice of a payment plan with several items (one debt in instalments): the
    /// due date of the plan's last item.
    pub last_instalment_due: Option<NaiveDate>,
    /// Dates of payments received on this debt (not reversed).
    pub part_payments: Vec<NaiveDate>,
    /// Dates the debtor's signed written acknowledgments were made.
    pub acknowledgments: Vec<NaiveDate>,
    /// Dates demands (reminders, demands) covering this debt arrived, as recorded.
    pub demands_arrived: Vec<NaiveDate>,
}

/// What a client's clocks are computed from.
#[derive(Debug, Clone, Default)]
pub struct ClientFacts {
    /// The jurisdiction code the client's letters speak (`CN`, `TW`, `RU`, `EW`).
    pub jurisdiction: String,
    /// An organization or a sole trader (ИП).
    pub in_business: bool,
    pub debts: Vec<Debt>,
    /// Dispatch dates of formal demands (претензии) to this client while debts are open.
    pub demands_sent: Vec<NaiveDate>,
}

/// One clock: it counts from `starts` (not counted) and runs out at the end of `runs_out`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    /// `cn_limitation`, `tw_limitation`, `ew_limitation` or `ru_claim_wait`.
    pub kind: &'static str,
    /// The provisions that set this clock, joined by "; ".
    pub rule: String,
    #[serde(with = "iso")]
    pub starts: NaiveDate,
    #[serde(with = "iso")]
    pub runs_out: NaiveDate,
    /// The debt it belongs to (none for the claim waiting period, which is per client).
    pub invoice_id: Option<i64>,
    pub matter_id: Option<i64>,
}

mod iso {
    pub fn serialize<S: serde::Serializer>(d: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::dates::to_iso(*d))
    }
}

impl Clock {
    /// Days from `as_of` to the last day (0 on the last day, negative once run out).
    pub fn days_left(&self, as_of: NaiveDate) -> i64 {
        dates::days_between(as_of, self.runs_out)
    }

    /// [`WARN_DAYS`] or fewer left. A limitation period that has run out still warns; a
    /// waiting period that is over does not (the claim may be filed).
    pub fn warning(&self, as_of: NaiveDate) -> bool {
        let left = self.days_left(as_of);
        left <= WARN_DAYS && (left >= 0 || self.kind != "ru_claim_wait")
    }
}

/// `d` plus `n` months; the month's last day when the corresponding day does not exist.
fn plus_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

fn plus_years(d: NaiveDate, n: u32) -> NaiveDate {
    plus_months(d, 12 * n)
}

fn sorted(list: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut v = list.to_vec();
    v.sort();
    v
}

fn clock(
    kind: &'static str,
    rules: &[&str],
    starts: NaiveDate,
    runs_out: NaiveDate,
    d: &Debt,
) -> Clock {
    Clock {
        kind,
        rule: rules.join("; "),
        starts,
        runs_out,
        invoice_id: Some(d.invoice_id),
        matter_id: d.matter_id,
    }
}

/// Restarts a period of `years` at each event that falls inside the running period
/// (after it started, on or before its last day); an event after the period ran out
/// revives nothing. Returns (starts, runs_out, restarted).
fn restart(
    mut starts: NaiveDate,
    years: u32,
    events: &[NaiveDate],
) -> (NaiveDate, NaiveDate, bool) {
    let mut runs_out = plus_years(starts, years);
    let mut restarted = false;
    for &e in events {
        if e > starts && e <= runs_out {
            starts = e;
            runs_out = plus_years(e, years);
            restarted = true;
        }
    }
    (starts, runs_out, restarted)
}

/// [`restart`] with the debtor's acknowledgments, where one made after the period ran out
/// takes the defence away (CN 第一百九十二条第二款, TW 第144條第2項) and a period runs
/// afresh from it. Returns (starts, runs_out, restarted, revived).
fn restart_acknowledged(
    start: NaiveDate,
    years: u32,
    others: &[NaiveDate],
    acknowledgments: &[NaiveDate],
) -> (NaiveDate, NaiveDate, bool, bool) {
    let mut events: Vec<(NaiveDate, bool)> = others.iter().map(|e| (*e, false)).collect();
    events.extend(acknowledgments.iter().map(|e| (*e, true)));
    events.sort();
    let (mut starts, mut runs_out) = (start, plus_years(start, years));
    let (mut restarted, mut revived) = (false, false);
    for (e, acknowledged) in events {
        if e <= starts {
            continue;
        }
        if e <= runs_out {
            restarted = true;
        } else if acknowledged {
            revived = true;
        } else {
            continue;
        }
        starts = e;
        runs_out = plus_years(e, years);
    }
    (starts, runs_out, restarted, revived)
}

/// China (诉讼时效): three years from the due date (第一百八十八条), for a debt in
/// instalments from the last instalment's due date (第一百八十九条), restarted when each
/// documented demand arrives (第一百九十五条), never beyond 20 years from the harm
/// (第一百八十八条第二款).
pub fn cn_limitation(d: &Debt) -> Clock {
    let mut rules = vec![CN_188];
    let mut start = d.due;
    if let Some(last) = d.last_instalment_due.filter(|l| *l > d.due) {
        start = last;
        rules.push(CN_189);
    }
    let (starts, mut runs_out, restarted, revived) =
        restart_acknowledged(start, 3, &d.demands_arrived, &d.acknowledgments);
    if restarted {
        rules.push(CN_195);
    }
    if revived {
        rules.push(CN_192_2);
    }
    let cap = plus_years(d.due, 20);
    if runs_out > cap {
        runs_out = cap;
        rules.push(CN_188_CAP);
    }
    clock("cn_limitation", &rules, starts, runs_out, d)
}

/// Taiwan (消滅時效): a lawyer's fee prescribes two years after it could be claimed
/// (民法第127條第5款, 第128條). A 催告 that arrives while the period runs interrupts it
/// only if suit follows within six months (第130條); each 催告 stands on its own (最高法院
/// 71年台上字第3435號: repeated requests without suit keep nothing), so the last one that
/// arrived in time gives until six months after it, when that is later.
///
/// The debtor's acknowledgment (第129條第1項第2款) interrupts unconditionally: the two
/// years run afresh from it (第137條第1項), and a 催告 counts from the period then running.
pub fn tw_limitation(d: &Debt) -> Clock {
    let (from, base, acknowledged, revived) =
        restart_acknowledged(d.due, 2, &[], &d.acknowledgments);
    let mut rules = vec![TW_127];
    if acknowledged {
        rules.push(TW_129_ACK);
    }
    if revived {
        rules.push(TW_144_2);
    }
    let last = sorted(&d.demands_arrived)
        .into_iter()
        .rfind(|a| *a > from && *a <= base);
    match last.map(|a| (a, plus_months(a, 6))) {
        Some((a, until)) if until > base => {
            rules.push(TW_130);
            clock("tw_limitation", &rules, a, until, d)
        }
        _ => clock("tw_limitation", &rules, from, base, d),
    }
}

/// England & Wales: six years from accrual (Limitation Act 1980 s.5), restarted by each
/// signed written acknowledgment (s.30) or part payment (s.29(5)) made while it runs.
pub fn ew_limitation(d: &Debt) -> Clock {
    let mut events = d.part_payments.clone();
    events.extend(&d.acknowledgments);
    let (starts, runs_out, restarted) = restart(d.due, 6, &sorted(&events));
    let rules: &[&str] = if restarted { &[EW_5, EW_29] } else { &[EW_5] };
    clock("ew_limitation", rules, starts, runs_out, d)
}

/// Russia: after a претензия to an organization or ИП, the arbitrazh claim waits 30
/// calendar days from dispatch (ч. 5 ст. 4 АПК РФ); counted from the latest one sent.
/// A natural person's dispute goes to a court of general jurisdiction: no clock.
pub fn ru_claim_wait(f: &ClientFacts) -> Option<Clock> {
    if f.jurisdiction != "RU" || !f.in_business || f.debts.is_empty() {
        return None;
    }
    let sent = *f.demands_sent.iter().max()?;
    Some(Clock {
        kind: "ru_claim_wait",
        rule: RU_APK_4_5.into(),
        starts: sent,
        runs_out: sent
            .checked_add_days(Days::new(30))
            .unwrap_or(NaiveDate::MAX),
        invoice_id: None,
        matter_id: None,
    })
}

/// Every clock of a client: one per open debt and jurisdiction rule, plus the waiting period.
pub fn clocks(f: &ClientFacts) -> Vec<Clock> {
    let rule: Option<fn(&Debt) -> Clock> = match f.jurisdiction.as_str() {
        "CN" => Some(cn_limitation as fn(&Debt) -> Clock),
        "TW" => Some(tw_limitation),
        "EW" => Some(ew_limitation),
        _ => None,
    };
    let mut out: Vec<Clock> = rule
        .map(|r| f.debts.iter().map(r).collect())
        .unwrap_or_default();
    out.extend(ru_claim_wait(f));
    out
}

/// Of each kind, the clock that runs out first (the one the lawyer must watch).
pub fn earliest_per_kind(list: Vec<Clock>) -> Vec<Clock> {
    let mut best: Vec<Clock> = Vec::new();
    for c in list {
        match best.iter().position(|b| b.kind == c.kind) {
            Some(i) if (c.runs_out, c.invoice_id) < (best[i].runs_out, best[i].invoice_id) => {
                best[i] = c
            }
            Some(_) => {}
            None => best.push(c),
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn debt(due: &str) -> Debt {
        Debt {
            invoice_id: 1,
            due: d(due),
            ..Debt::default()
        }
    }

    #[test]
    fn cn_three_years_from_the_due_date_and_month_end_in_a_leap_year() {
        // 《民法典》第一百八十八条 three years; 第二百零二条: no 29 February in 2027 →
        // the month's last day.
        let c = cn_limitation(&debt("2023-03-15"));
        assert_eq!((c.starts, c.runs_out), (d("2023-03-15"), d("2026-03-15")));
        assert_eq!(c.rule, CN_188);
        assert_eq!(cn_limitation(&debt("2024-02-29")).runs_out, d("2027-02-28"));
    }

    #[test]
    fn cn_instalments_count_from_the_last_instalment() {
        // 第一百八十九条 (the published example: last instalment 2025-12-31 → 2028-12-31).
        let mut x = debt("2025-01-31");
        x.last_instalment_due = Some(d("2025-12-31"));
        let c = cn_limitation(&x);
        assert_eq!((c.starts, c.runs_out), (d("2025-12-31"), d("2028-12-31")));
        assert!(c.rule.contains(CN_189));
    }

    #[test]
    fn cn_each_arrived_demand_restarts_but_not_after_it_ran_out() {
        let mut x = debt("2022-01-10");
        x.demands_arrived = vec![d("2024-06-01"), d("2023-02-01")];
        let c = cn_limitation(&x);
        // 第一百九十五条: restarted on 2023-02-01, then again on 2024-06-01.
        assert_eq!((c.starts, c.runs_out), (d("2024-06-01"), d("2027-06-01")));
        assert!(c.rule.contains(CN_195));
        // Ran out 2025-01-10: a demand arriving after that restarts nothing.
        let mut late = debt("2022-01-10");
        late.demands_arrived = vec![d("2025-01-11")];
        let c = cn_limitation(&late);
        assert_eq!((c.starts, c.runs_out), (d("2022-01-10"), d("2025-01-10")));
        assert_eq!(c.rule, CN_188);
        // Arriving on the last day still counts.
        late.demands_arrived = vec![d("2025-01-10")];
        assert_eq!(cn_limitation(&late).runs_out, d("2028-01-10"));
    }

    #[test]
    fn cn_never_beyond_twenty_years_from_the_harm() {
        // 第一百八十八条第二款: a demand every two and a half years keeps restarting it,
        // but protection ends 20 years after the due date.
        let mut x = debt("2010-05-20");
        x.demands_arrived = [
            "2012-11-01",
            "2015-04-01",
            "2017-09-01",
            "2020-02-01",
            "2022-07-01",
            "2024-12-01",
            "2027-05-01",
            "2029-10-01",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        let c = cn_limitation(&x);
        assert_eq!(c.starts, d("2029-10-01"));
        assert_eq!(c.runs_out, d("2030-05-20"));
        assert!(c.rule.contains(CN_188_CAP) && c.rule.contains(CN_195));
    }

    #[test]
    fn tw_two_years_and_a_demand_gives_six_months_to_sue() {
        // 民法第127條第5款: two years; 第121條: 2024-02-29 + 2 years → 2026-02-28.
        assert_eq!(tw_limitation(&debt("2025-03-31")).runs_out, d("2027-03-31"));
        assert_eq!(tw_limitation(&debt("2024-02-29")).runs_out, d("2026-02-28"));
        // 第130條: a 催告 arrived 2027-01-15, suit within six months keeps the interruption.
        let mut x = debt("2025-03-31");
        x.demands_arrived = vec![d("2025-06-01"), d("2027-01-15")];
        let c = tw_limitation(&x);
        assert_eq!((c.starts, c.runs_out), (d("2027-01-15"), d("2027-07-15")));
        assert_eq!(c.rule, format!("{TW_127}; {TW_130}"));
        // Six months after an early 催告 end before the two years: nothing changes.
        x.demands_arrived = vec![d("2025-06-01")];
        let c = tw_limitation(&x);
        assert_eq!(
            (c.starts, c.runs_out, c.rule.as_str()),
            (d("2025-03-31"), d("2027-03-31"), TW_127)
        );
        // After the period ran out a 催告 interrupts nothing (最高法院62年台上字第2279號).
        x.demands_arrived = vec![d("2027-04-01")];
        assert_eq!(tw_limitation(&x).runs_out, d("2027-03-31"));
        // Six months from 31 August end on the last day of February (第121條), after
        // the two years (2026-12-31).
        let mut y = debt("2024-12-31");
        y.demands_arrived = vec![d("2026-08-31")];
        assert_eq!(tw_limitation(&y).runs_out, d("2027-02-28"));
    }

    #[test]
    fn cn_the_debtors_agreement_to_pay_restarts_like_a_demand() {
        // 第一百九十五条第（二）项: acknowledged 2024-03-01 → three years from then.
        let mut x = debt("2022-01-10");
        x.acknowledgments = vec![d("2024-03-01")];
        let c = cn_limitation(&x);
        assert_eq!((c.starts, c.runs_out), (d("2024-03-01"), d("2027-03-01")));
        assert!(c.rule.contains(CN_195));
        // Agreeing to pay after it ran out (2025-01-10) takes the defence away
        // (第一百九十二条第二款): three years from that agreement.
        x.acknowledgments = vec![d("2025-02-01")];
        let c = cn_limitation(&x);
        assert_eq!((c.starts, c.runs_out), (d("2025-02-01"), d("2028-02-01")));
        assert_eq!(c.rule, format!("{CN_188}; {CN_192_2}"));
        // A demand after it ran out still revives nothing.
        x.acknowledgments = vec![];
        x.demands_arrived = vec![d("2025-02-01")];
        assert_eq!(cn_limitation(&x).runs_out, d("2025-01-10"));
    }

    #[test]
    fn tw_an_acknowledgment_restarts_two_years_without_the_six_months_condition() {
        // 第129條第1項第2款, 第137條第1項: acknowledged 2026-01-20 → 2028-01-20.
        let mut x = debt("2025-03-31");
        x.acknowledgments = vec![d("2026-01-20")];
        let c = tw_limitation(&x);
        assert_eq!((c.starts, c.runs_out), (d("2026-01-20"), d("2028-01-20")));
        assert_eq!(c.rule, format!("{TW_127}; {TW_129_ACK}"));
        // A 催告 late in the restarted period still gives six months to sue (第130條).
        x.demands_arrived = vec![d("2027-12-01")];
        let c = tw_limitation(&x);
        assert_eq!((c.starts, c.runs_out), (d("2027-12-01"), d("2028-06-01")));
        assert_eq!(c.rule, format!("{TW_127}; {TW_129_ACK}; {TW_130}"));
        // After the two years ran out (2027-03-31) an acknowledgment takes the defence
        // away (第144條第2項): two years from it.
        let mut barred = debt("2025-03-31");
        barred.acknowledgments = vec![d("2027-04-02")];
        let c = tw_limitation(&barred);
        assert_eq!((c.starts, c.runs_out), (d("2027-04-02"), d("2029-04-02")));
        assert_eq!(c.rule, format!("{TW_127}; {TW_144_2}"));
    }

    #[test]
    fn ew_six_years_restarted_by_part_payment_or_acknowledgment() {
        // s.5; 29 February 2020 + 6 years → 28 February 2026.
        let c = ew_limitation(&debt("2020-02-29"));
        assert_eq!((c.runs_out, c.rule.as_str()), (d("2026-02-28"), EW_5));
        let mut x = debt("2019-04-30");
        x.part_payments = vec![d("2023-07-01")];
        x.acknowledgments = vec![d("2021-01-15")];
        let c = ew_limitation(&x);
        assert_eq!((c.starts, c.runs_out), (d("2023-07-01"), d("2029-07-01")));
        assert_eq!(c.rule, format!("{EW_5}; {EW_29}"));
        // s.29(7): a payment after the period ran out (2025-04-30) revives nothing.
        let mut barred = debt("2019-04-30");
        barred.part_payments = vec![d("2025-05-01")];
        assert_eq!(ew_limitation(&barred).runs_out, d("2025-04-30"));
    }

    fn ru(in_business: bool, sent: &[&str]) -> ClientFacts {
        ClientFacts {
            jurisdiction: "RU".into(),
            in_business,
            debts: vec![debt("2026-09-30")],
            demands_sent: sent.iter().map(|s| d(s)).collect(),
        }
    }

    #[test]
    fn ru_thirty_calendar_days_after_the_latest_claim_to_a_business() {
        // ч. 5 ст. 4 АПК РФ: sent 2026-11-20 → the waiting period's last day 2026-12-20.
        let c = ru_claim_wait(&ru(true, &["2026-10-01", "2026-11-20"])).unwrap();
        assert_eq!((c.starts, c.runs_out), (d("2026-11-20"), d("2026-12-20")));
        assert_eq!(c.rule, RU_APK_4_5);
        // Across February of a leap year: 30 calendar days, not a month.
        let c = ru_claim_wait(&ru(true, &["2028-02-10"])).unwrap();
        assert_eq!(c.runs_out, d("2028-03-11"));
        assert!(ru_claim_wait(&ru(false, &["2026-11-20"])).is_none());
        assert!(ru_claim_wait(&ru(true, &[])).is_none());
        // A demand to a Chinese company starts no such wait.
        let mut cn = ru(true, &["2026-11-20"]);
        cn.jurisdiction = "CN".into();
        assert!(ru_claim_wait(&cn).is_none());
        assert_eq!(clocks(&ru(true, &["2026-11-20"])).len(), 1);
    }

    #[test]
    fn warned_within_ninety_days_and_the_earliest_clock_per_kind() {
        let c = cn_limitation(&debt("2023-03-15"));
        assert!(c.warning(d("2025-12-15"))); // 90 days left
        assert!(!c.warning(d("2025-12-14"))); // 91
        assert!(c.warning(d("2026-03-16"))); // ran out: still a warning
        let w = ru_claim_wait(&ru(true, &["2026-11-20"])).unwrap();
        assert!(w.warning(d("2026-12-20")));
        assert!(!w.warning(d("2026-12-21"))); // over: the claim may be filed
        let mut second = debt("2022-06-01");
        second.invoice_id = 2;
        let f = ClientFacts {
            jurisdiction: "CN".into(),
            debts: vec![debt("2023-03-15"), second],
            ..ClientFacts::default()
        };
        let best = earliest_per_kind(clocks(&f));
        assert_eq!(best.len(), 1);
        assert_eq!(
            (best[0].invoice_id, best[0].runs_out),
            (Some(2), d("2025-06-01"))
        );
    }
}
