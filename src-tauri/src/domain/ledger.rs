//! Receivables arithmetic for the fees release (pure, no I/O): allocating a payment to
//! open invoices (oldest due first, or as the user says), aging buckets per currency, and
//! contractual late charges. Money never changes currency here and never rounds twice.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::dates;
use super::error::{AppError, AppResult, ErrorCode};
use super::money::{rounding, Money};

/// An invoice with something still to pay.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenItem {
    pub id: i64,
    pub due: NaiveDate,
    pub open: Money,
}

/// How a payment was spread: parts per invoice, and what is left as client credit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    pub parts: Vec<(i64, Money)>,
    pub credit: Money,
}

fn err(code: ErrorCode, message: &str) -> AppError {
    AppError::new(code, message.to_string())
}

/// Allocates `payment` to `items`: oldest due date first (then lowest id) unless `manual`
/// says how much goes where. Never more than an invoice's open amount; what remains is
/// client credit. Every amount must be in the payment's currency.
pub fn allocate(
    payment: Money,
    items: &[OpenItem],
    manual: Option<&[(i64, Money)]>,
) -> AppResult<Allocation> {
    if payment.is_negative() || payment.is_zero() {
        return Err(AppError::field("amount", "amount_positive"));
    }
    for i in items {
        i.open.checked_cmp(&payment)?;
        if i.open.is_negative() {
            return Err(err(ErrorCode::InvalidAmount, "An open amount is negative"));
        }
    }
    let mut parts = Vec::new();
    let mut left = payment;
    match manual {
        Some(chosen) => {
            for (id, amount) in chosen {
                let item = items
                    .iter()
                    .find(|i| i.id == *id)
                    .ok_or_else(|| AppError::field("allocations", "not_found"))?;
                if amount.is_negative() || amount.is_zero() {
                    return Err(AppError::field("allocations", "amount_positive"));
                }
                if amount.checked_cmp(&item.open)? == std::cmp::Ordering::Greater {
                    return Err(AppError::field("allocations", "beyond_open_amount"));
                }
                left = left.checked_sub(amount)?;
                if left.is_negative() {
                    return Err(AppError::field("allocations", "beyond_payment"));
                }
                parts.push((*id, *amount));
            }
        }
        None => {
            let mut order: Vec<&OpenItem> = items.iter().filter(|i| !i.open.is_zero()).collect();
            order.sort_by_key(|i| (i.due, i.id));
            for item in order {
                if left.is_zero() {
                    break;
                }
                let take = if item.open.checked_cmp(&left)? == std::cmp::Ordering::Greater {
                    left
                } else {
                    item.open
                };
                left = left.checked_sub(&take)?;
                parts.push((item.id, take));
            }
        }
    }
    Ok(Allocation {
        parts,
        credit: left,
    })
}

/// The aging buckets of the receivables report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub enum Bucket {
    #[serde(rename = "current")]
    Current,
    #[serde(rename = "1-30")]
    Days1To30,
    #[serde(rename = "31-60")]
    Days31To60,
    #[serde(rename = "61-90")]
    Days61To90,
    #[serde(rename = "90+")]
    Over90,
}

/// The bucket of something due on `due`, seen on `as_of` (not yet due is "current").
pub fn bucket(due: NaiveDate, as_of: NaiveDate) -> Bucket {
    match dates::days_overdue(due, as_of) {
        0 => Bucket::Current,
        1..=30 => Bucket::Days1To30,
        31..=60 => Bucket::Days31To60,
        61..=90 => Bucket::Days61To90,
        _ => Bucket::Over90,
    }
}

/// How a contractual late charge is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayCount {
    /// Actual days / 365 (the usual convention in CNY, RUB and GBP contracts).
    Act365,
    /// Actual days / 360 (EUR money-market convention, when the contract says so).
    Act360,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LateCharge {
    /// Annual percentage rate (e.g. 8 for 8 % a year) with a day-count convention.
    Annual {
        percent: Decimal,
        day_count: DayCount,
    },
    /// A rate per day of delay (пеня), e.g. 0.1 for 0.1 % a day.
    Daily { percent: Decimal },
    /// A fixed fee per overdue invoice.
    Fixed { amount: Decimal },
}

/// The late charge on `principal` for the days after `due` up to and including `until`,
/// computed exactly and rounded once, at the end, to the currency's minor unit.
pub fn late_charge(
    principal: Money,
    due: NaiveDate,
    until: NaiveDate,
    rule: LateCharge,
) -> AppResult<Money> {
    let days = dates::days_overdue(due, until);
    let exact = late_charge_exact(principal, days, rule)?;
    rounding::round_interest(exact, principal.currency())
}

/// The exact (unrounded) late charge on `principal` for `days` days of delay. A fixed fee
/// is due once, whatever the days. Callers add several of these and round once.
pub fn late_charge_exact(principal: Money, days: i64, rule: LateCharge) -> AppResult<Decimal> {
    if days <= 0 || principal.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let days = Decimal::from(days);
    let hundred = Decimal::ONE_HUNDRED;
    let exact = match rule {
        LateCharge::Annual { percent, day_count } => {
            let year = Decimal::from(match day_count {
                DayCount::Act365 => 365,
                DayCount::Act360 => 360,
            });
            principal.amount() * percent / hundred * days / year
        }
        LateCharge::Daily { percent } => principal.amount() * percent / hundred * days,
        LateCharge::Fixed { amount } => amount,
    };
    if exact.is_sign_negative() {
        return Err(AppError::field("rate", "amount_positive"));
    }
    Ok(exact)
}

/// One stretch of delay with the principal unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub principal: Money,
}

impl Segment {
    /// Days of delay in the stretch: after `from`, up to and including `to`.
    pub fn days(&self) -> i64 {
        dates::days_between(self.from, self.to)
    }
}

/// Splits the delay from `from` (exclusive) to `until` (inclusive) at each payment: the
/// principal is `opening` less what was paid up to each day. A payment's own day still
/// counts as a day of delay (the Russian courts' and most contracts' reading).
pub fn segments(
    opening: Money,
    from: NaiveDate,
    until: NaiveDate,
    payments: &[(NaiveDate, Money)],
) -> AppResult<Vec<Segment>> {
    let mut principal = opening;
    for (d, m) in payments {
        if *d <= from {
            principal = principal.checked_sub(m)?;
        }
    }
    let mut out = Vec::new();
    let mut start = from;
    for (d, m) in payments.iter().filter(|(d, _)| *d > from && *d <= until) {
        if principal.amount() > Decimal::ZERO && *d > start {
            out.push(Segment {
                from: start,
                to: *d,
                principal,
            });
        }
        start = start.max(*d);
        principal = principal.checked_sub(m)?;
    }
    if principal.amount() > Decimal::ZERO && until > start {
        out.push(Segment {
            from: start,
            to: until,
            principal,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use proptest::prelude::*;

    fn cny(s: &str) -> Money {
        Money::parse(s, Currency::parse("CNY").unwrap()).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    #[test]
    fn oldest_due_first_then_credit() {
        let items = [
            OpenItem {
                id: 2,
                due: d("2026-03-01"),
                open: cny("500"),
            },
            OpenItem {
                id: 1,
                due: d("2026-01-01"),
                open: cny("300"),
            },
        ];
        let a = allocate(cny("1000"), &items, None).unwrap();
        assert_eq!(a.parts, vec![(1, cny("300")), (2, cny("500"))]);
        assert_eq!(a.credit, cny("200"));
        let partial = allocate(cny("350"), &items, None).unwrap();
        assert_eq!(partial.parts, vec![(1, cny("300")), (2, cny("50"))]);
        assert!(partial.credit.is_zero());
    }

    #[test]
    fn manual_allocation_is_checked() {
        let items = [OpenItem {
            id: 1,
            due: d("2026-01-01"),
            open: cny("300"),
        }];
        let too_much = allocate(cny("1000"), &items, Some(&[(1, cny("301"))])).unwrap_err();
        assert_eq!(too_much.fields[0].code, "beyond_open_amount");
        let beyond = allocate(cny("100"), &items, Some(&[(1, cny("200"))])).unwrap_err();
        assert_eq!(beyond.fields[0].code, "beyond_payment");
        let usd = Money::parse("10", Currency::parse("USD").unwrap()).unwrap();
        assert_eq!(
            allocate(usd, &items, None).unwrap_err().code,
            ErrorCode::CurrencyMismatch
        );
        assert_eq!(
            allocate(cny("0"), &items, None).unwrap_err().fields[0].code,
            "amount_positive"
        );
    }

    #[test]
    fn aging_buckets() {
        let as_of = d("2026-11-22");
        assert_eq!(bucket(d("2026-11-22"), as_of), Bucket::Current);
        assert_eq!(bucket(d("2026-11-21"), as_of), Bucket::Days1To30);
        assert_eq!(bucket(d("2026-10-23"), as_of), Bucket::Days1To30);
        assert_eq!(bucket(d("2026-10-22"), as_of), Bucket::Days31To60);
        assert_eq!(bucket(d("2026-08-24"), as_of), Bucket::Days61To90);
        assert_eq!(bucket(d("2026-08-23"), as_of), Bucket::Over90);
    }

    #[test]
    fn late_charges_round_once_at_the_end() {
        // 100,000.00 × 8 % × 31 / 365 = 679.452… → 679.45
        let annual = LateCharge::Annual {
            percent: Decimal::from(8),
            day_count: DayCount::Act365,
        };
        assert_eq!(
            late_charge(cny("100000"), d("2026-01-31"), d("2026-03-03"), annual).unwrap(),
            cny("679.45")
        );
        // пеня 0.1 % a day on 12,345.67 for 10 days = 123.4567 → 123.46
        let daily = LateCharge::Daily {
            percent: Decimal::new(1, 1),
        };
        assert_eq!(
            late_charge(cny("12345.67"), d("2026-01-01"), d("2026-01-11"), daily).unwrap(),
            cny("123.46")
        );
        assert!(
            late_charge(cny("100"), d("2026-01-01"), d("2026-01-01"), daily)
                .unwrap()
                .is_zero()
        );
    }

    #[test]
    fn segments_follow_partial_payments() {
        // 1000 due 01-31; 400 paid 02-10; 600 paid 03-01; charged up to 03-31.
        let segs = segments(
            cny("1000"),
            d("2026-01-31"),
            d("2026-03-31"),
            &[(d("2026-02-10"), cny("400")), (d("2026-03-01"), cny("600"))],
        )
        .unwrap();
        assert_eq!(segs.len(), 2);
        assert_eq!((segs[0].days(), segs[0].principal), (10, cny("1000")));
        assert_eq!((segs[1].days(), segs[1].principal), (19, cny("600")));
        let daily = LateCharge::Daily {
            percent: Decimal::new(1, 1),
        };
        let exact: Decimal = segs
            .iter()
            .map(|s| late_charge_exact(s.principal, s.days(), daily).unwrap())
            .sum();
        // 1000 × 0.1 % × 10 + 600 × 0.1 % × 19 = 10 + 11.4
        assert_eq!(exact, Decimal::new(214, 1));
    }

    proptest! {
        /// allocated + credit == paid, and nothing is allocated beyond an open amount.
        #[test]
        fn allocation_conserves_money(paid in 1i64..10_000_000, opens in proptest::collection::vec((0i64..5_000_000, 0i64..400), 0..12)) {
            let c = Currency::parse("EUR").unwrap();
            let items: Vec<OpenItem> = opens.iter().enumerate().map(|(i, (o, days))| OpenItem {
                id: i as i64,
                due: d("2025-01-01") + chrono::Duration::days(*days),
                open: Money::from_minor_units(*o, c),
            }).collect();
            let payment = Money::from_minor_units(paid, c);
            let a = allocate(payment, &items, None).unwrap();
            let allocated = Money::sum(c, a.parts.iter().map(|(_, m)| m)).unwrap();
            prop_assert_eq!(allocated.checked_add(&a.credit).unwrap(), payment);
            for (id, m) in &a.parts {
                let item = items.iter().find(|i| i.id == *id).unwrap();
                prop_assert!(m.checked_cmp(&item.open).unwrap() != std::cmp::Ordering::Greater);
                prop_assert!(!m.is_negative());
            }
            let total_open = Money::sum(c, items.iter().map(|i| &i.open)).unwrap();
            // Credit only when every invoice is paid in full.
            if !a.credit.is_zero() {
                prop_assert_eq!(allocated, total_open);
            }
        }
    }
}
