//! Money: an exact `Decimal` amount with an ISO 4217 currency.
//!
//! Rules (see ARCHITECTURE.md):
//! - amounts are never `f64`; they are stored as integer minor units with the currency code;
//! - adding or comparing two currencies is an error, never a silent sum;
//! - every rounding goes through one named function per purpose in [`rounding`].

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::error::{AppError, AppResult, ErrorCode};

/// ISO 4217 currencies the app knows, with their minor-unit exponent.
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2),
    ("AUD", 2),
    ("BHD", 3),
    ("BYN", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("KZT", 2),
    ("MOP", 2),
    ("NOK", 2),
    ("PLN", 2),
    ("RUB", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("TWD", 2),
    ("UAH", 2),
    ("USD", 2),
];

/// An ISO 4217 currency code the app knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 3],
    minor_units: u32,
}

impl Currency {
    pub fn parse(code: &str) -> AppResult<Currency> {
        let upper = code.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == upper)
            .map(|(c, m)| {
                let b = c.as_bytes();
                Currency {
                    code: [b[0], b[1], b[2]],
                    minor_units: *m,
                }
            })
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::UnknownCurrency,
                    format!("Unknown currency code {:?}", code.trim()),
                )
            })
    }

    pub fn code(&self) -> &str {
        // Built only from the ASCII table above.
        std::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    /// Digits after the decimal point (2 for CNY, 0 for JPY, 3 for KWD).
    pub fn minor_units(&self) -> u32 {
        self.minor_units
    }

    /// The codes of every currency the app knows, in the table's order.
    pub fn codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|(c, _)| *c)
    }

    pub fn all() -> impl Iterator<Item = Currency> {
        CURRENCIES
            .iter()
            .map(|(c, _)| Currency::parse(c).expect("table"))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Currency::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// An exact amount in one currency, always at most the currency's minor-unit precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// An amount that must already be exact to the currency's minor unit
    /// (`12.345 EUR` is refused; round first with a function from [`rounding`]).
    pub fn new(amount: Decimal, currency: Currency) -> AppResult<Money> {
        if amount.abs() > max_amount(currency) {
            return Err(AppError::new(
                ErrorCode::InvalidAmount,
                format!("The amount is larger than {currency} amounts may be here"),
            ));
        }
        if amount.normalize().scale() > currency.minor_units {
            return Err(AppError::new(
                ErrorCode::InvalidAmount,
                format!(
                    "{amount} has more than {} decimal places for {currency}",
                    currency.minor_units
                ),
            ));
        }
        let mut amount = amount;
        amount.rescale(currency.minor_units);
        Ok(Money { amount, currency })
    }

    pub fn zero(currency: Currency) -> Money {
        let mut amount = Decimal::ZERO;
        amount.rescale(currency.minor_units);
        Money { amount, currency }
    }

    /// Parses an amount ([`strict_decimal`]): stored text and the CLI's `words`. Input
    /// fields use [`parse_amount`], which also refuses extra decimal places.
    pub fn parse(text: &str, currency: Currency) -> AppResult<Money> {
        let amount = strict_decimal(text).map_err(|code| {
            AppError::new(
                ErrorCode::InvalidAmount,
                format!("The text is not an amount ({code})"),
            )
        })?;
        Money::new(amount, currency)
    }

    pub fn from_minor_units(units: i64, currency: Currency) -> Money {
        Money {
            amount: Decimal::new(units, currency.minor_units),
            currency,
        }
    }

    /// The amount as integer minor units (cents, fen, kopecks), the stored form.
    pub fn minor_units(&self) -> AppResult<i64> {
        let mut m = self.amount;
        m.rescale(self.currency.minor_units);
        i64::try_from(m.mantissa())
            .map_err(|_| AppError::new(ErrorCode::InvalidAmount, format!("{} is too large", self)))
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    fn same_currency(&self, other: &Money) -> AppResult<()> {
        if self.currency != other.currency {
            return Err(AppError::new(
                ErrorCode::CurrencyMismatch,
                format!("Cannot combine {} with {}", self.currency, other.currency),
            ));
        }
        Ok(())
    }

    pub fn checked_add(&self, other: &Money) -> AppResult<Money> {
        self.same_currency(other)?;
        let amount = self.amount.checked_add(other.amount).ok_or_else(overflow)?;
        Ok(Money {
            amount,
            currency: self.currency,
        })
    }

    pub fn checked_sub(&self, other: &Money) -> AppResult<Money> {
        self.same_currency(other)?;
        let amount = self.amount.checked_sub(other.amount).ok_or_else(overflow)?;
        Ok(Money {
            amount,
            currency: self.currency,
        })
    }

    pub fn negate(&self) -> Money {
        Money {
            amount: -self.amount,
            currency: self.currency,
        }
    }

    /// Compares two amounts of the same currency.
    pub fn checked_cmp(&self, other: &Money) -> AppResult<std::cmp::Ordering> {
        self.same_currency(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// Sums amounts that must all be in `currency`.
    pub fn sum<'a>(
        currency: Currency,
        items: impl IntoIterator<Item = &'a Money>,
    ) -> AppResult<Money> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), |acc, m| acc.checked_add(m))
    }
}

/// `{"amount": "1234.50", "currency": "EUR"}`: amounts travel as decimal strings, never floats.
impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Money", 2)?;
        st.serialize_field("amount", &self.amount.to_string())?;
        st.serialize_field("currency", self.currency.code())?;
        st.end()
    }
}

fn overflow() -> AppError {
    AppError::new(ErrorCode::InvalidAmount, "The amount is too large")
}

impl fmt::Display for Money {
    /// `1234.50 EUR`: plain and unambiguous, for logs and the CLI. Letters format per language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// The one parser for numbers people and files type (amounts, rates, quantities). Accepted:
/// the canonical `1234.50` (a dot is always the decimal mark), groups of three separated by
/// spaces (`1 234,56`, also non-breaking or thin spaces) or commas (`1,234.56`), a comma as
/// the decimal mark when nothing else can be meant (`12,5`, `1 234,56`), a leading `-`.
/// Refused with a field code: `ambiguous_amount` for `1,000` (a thousand or one?),
/// `1.000,50`, `1.234.567` and groups that are not three digits (`1,2,3`); `amount` for
/// anything else that is not a number.
pub fn strict_decimal(text: &str) -> Result<Decimal, &'static str> {
    let t = text.trim();
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    if body.is_empty() || body.len() > 40 {
        return Err("amount");
    }
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}');
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_space(c))
    {
        return Err("amount");
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let spaced = body.contains(is_space);
    let (int, frac, group) = match (dots, commas) {
        (0, 0) => (body, "", ' '),
        (1, _) => {
            let (i, f) = body.split_once('.').expect("one dot");
            if f.contains(',') {
                return Err("ambiguous_amount"); // 1.000,50
            }
            (i, f, if commas > 0 { ',' } else { ' ' })
        }
        (0, 1) => {
            let (i, f) = body.split_once(',').expect("one comma");
            if f.len() == 3 && !spaced {
                return Err("ambiguous_amount"); // 1,000: a thousand, or one?
            }
            (i, f, ' ')
        }
        (0, _) => (body, "", ','),
        _ => return Err("ambiguous_amount"), // 1.234.567
    };
    let digits = grouped_digits(int, group, is_space)?;
    let decimal_mark = dots == 1 || (dots, commas) == (0, 1);
    if frac.contains(is_space) || (decimal_mark && frac.is_empty()) {
        return Err("amount");
    }
    let canonical = format!(
        "{}{digits}{}{frac}",
        if negative { "-" } else { "" },
        if frac.is_empty() { "" } else { "." }
    );
    Decimal::from_str(&canonical).map_err(|_| "amount")
}

/// The integer part without its group separators; groups after the first have three digits.
fn grouped_digits(
    int: &str,
    group: char,
    is_space: impl Fn(char) -> bool,
) -> Result<String, &'static str> {
    let parts: Vec<&str> = if group == ',' {
        if int.contains(&is_space) {
            return Err("ambiguous_amount");
        }
        int.split(',').collect()
    } else {
        int.split(&is_space).collect()
    };
    let bad_first = parts[0].is_empty() || (parts.len() > 1 && parts[0].len() > 3);
    if bad_first || parts[1..].iter().any(|p| p.len() != 3) {
        return Err(if group == ',' {
            "ambiguous_amount"
        } else {
            "amount"
        });
    }
    Ok(parts.concat())
}

/// [`strict_decimal`] for rates and quantities, where any refusal is reported as `number`.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    strict_decimal(text).ok()
}

/// The largest amount one entry may carry: 10^10 major units (10^12 where the currency has
/// no minor unit, JPY, KRW). Far below the i64 minor-unit limit, so no sum of entries can
/// overflow.
pub fn max_amount(currency: Currency) -> Decimal {
    if currency.minor_units() == 0 {
        Decimal::from(1_000_000_000_000i64)
    } else {
        Decimal::from(10_000_000_000i64)
    }
}

/// An amount as a person or a file enters it, in `currency`: [`strict_decimal`], no more
/// decimals than the currency has (`1.000` CNY is `too_many_decimals`, never 1.00), at most
/// [`max_amount`] (`amount_too_large`). Signs are the caller's rule.
pub fn parse_amount(text: &str, currency: Currency) -> Result<Money, &'static str> {
    let d = strict_decimal(text)?;
    if d.scale() > currency.minor_units() {
        return Err("too_many_decimals");
    }
    if d.abs() > max_amount(currency) {
        return Err("amount_too_large");
    }
    Money::new(d, currency).map_err(|_| "amount")
}

/// One named rounding function per purpose. All round half away from zero (commercial
/// rounding, 四舍五入, «по правилам математики»), which is what clients, tax offices and
/// courts in the four jurisdictions expect on documents. Banker's rounding is deliberately
/// not used anywhere: it would print amounts a lawyer cannot reproduce by hand.
pub mod rounding {
    use super::{Currency, Money};
    use crate::domain::error::AppResult;
    use rust_decimal::{Decimal, RoundingStrategy};

    fn half_up(value: Decimal, currency: Currency) -> AppResult<Money> {
        Money::new(
            value.round_dp_with_strategy(
                currency.minor_units(),
                RoundingStrategy::MidpointAwayFromZero,
            ),
            currency,
        )
    }

    /// A quote or invoice line: rate × quantity × factors, rounded once per line.
    pub fn round_line_total(value: Decimal, currency: Currency) -> AppResult<Money> {
        half_up(value, currency)
    }

    /// Tax on a document total (VAT inclusive or exclusive), rounded once per document.
    pub fn round_tax(value: Decimal, currency: Currency) -> AppResult<Money> {
        half_up(value, currency)
    }

    /// Late interest or contractual penalty: computed exactly per period, rounded once per
    /// claim (a late-charge line per invoice; statutory interest's total).
    pub fn round_interest(value: Decimal, currency: Currency) -> AppResult<Money> {
        half_up(value, currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cur(c: &str) -> Currency {
        Currency::parse(c).unwrap()
    }

    #[test]
    fn currencies_know_their_minor_units() {
        assert_eq!(cur("cny").minor_units(), 2);
        assert_eq!(cur("JPY").minor_units(), 0);
        assert_eq!(cur("KWD").minor_units(), 3);
        assert_eq!(
            Currency::parse("XYZ").unwrap_err().code,
            ErrorCode::UnknownCurrency
        );
    }

    #[test]
    fn adding_two_currencies_is_an_error() {
        let a = Money::parse("10", cur("EUR")).unwrap();
        let b = Money::parse("10", cur("USD")).unwrap();
        assert_eq!(
            a.checked_add(&b).unwrap_err().code,
            ErrorCode::CurrencyMismatch
        );
        assert_eq!(
            a.checked_cmp(&b).unwrap_err().code,
            ErrorCode::CurrencyMismatch
        );
    }

    #[test]
    fn too_many_decimals_is_refused_until_rounded() {
        let eur = cur("EUR");
        assert_eq!(
            Money::parse("12.345", eur).unwrap_err().code,
            ErrorCode::InvalidAmount
        );
        let r = rounding::round_interest(Decimal::from_str("12.345").unwrap(), eur).unwrap();
        assert_eq!(r.to_string(), "12.35 EUR");
        let r = rounding::round_interest(Decimal::from_str("-12.345").unwrap(), eur).unwrap();
        assert_eq!(r.to_string(), "-12.35 EUR");
        assert_eq!(
            Money::parse("1.50", cur("JPY")).unwrap_err().code,
            ErrorCode::InvalidAmount
        );
        assert_eq!(parse_amount("1.000", cur("CNY")), Err("too_many_decimals"));
        assert_eq!(parse_amount("1.0", cur("JPY")), Err("too_many_decimals"));
    }

    #[test]
    fn parses_what_people_type() {
        let eur = cur("EUR");
        for (text, want) in [
            ("1234.5", "1234.50"),
            ("1 234,50", "1234.50"),
            ("1,234.50", "1234.50"),
            ("1,234,567", "1234567.00"),
            ("12,5", "12.50"),
            ("-7", "-7.00"),
            ("16\u{a0}409.02", "16409.02"),
        ] {
            assert_eq!(
                Money::parse(text, eur).unwrap().amount().to_string(),
                want,
                "{text}"
            );
        }
        for bad in [
            "", "abc", "1.2.3x", "1,234", "12e3", "--1", "1-2", "+5", "5-", "12.", "1 2",
        ] {
            assert!(Money::parse(bad, eur).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn ambiguous_and_oversized_amounts_are_refused_with_their_codes() {
        let cny = cur("CNY");
        for (text, code) in [
            ("1,2,3", "ambiguous_amount"),
            ("1.000,50", "ambiguous_amount"),
            ("1,000", "ambiguous_amount"),
            ("1.234.567", "ambiguous_amount"),
            ("1,23,456.00", "ambiguous_amount"),
            ("1 234,567,1", "ambiguous_amount"),
            ("1.000", "too_many_decimals"),
            ("92233720368547758.07", "amount_too_large"),
            ("10000000000.01", "amount_too_large"),
            ("1e5", "amount"),
        ] {
            assert_eq!(parse_amount(text, cny).map(|_| ()), Err(code), "{text}");
        }
        assert!(parse_amount("10000000000.00", cny).is_ok());
        assert!(parse_amount("1000000000000", cur("JPY")).is_ok());
        assert_eq!(
            parse_amount("1000000000001", cur("JPY")),
            Err("amount_too_large")
        );
        for (text, want) in [
            ("1 234,56", "1234.56"),
            ("1,234.56", "1234.56"),
            ("1234.50", "1234.50"),
        ] {
            assert_eq!(parse_amount(text, cny).unwrap().amount().to_string(), want);
        }
    }

    #[test]
    fn money_serializes_as_decimal_strings() {
        let m = Money::parse("1234.5", cur("EUR")).unwrap();
        assert_eq!(
            serde_json::to_value(m).unwrap(),
            serde_json::json!({"amount": "1234.50", "currency": "EUR"})
        );
    }

    #[test]
    fn minor_units_round_trip() {
        let rub = cur("RUB");
        let m = Money::parse("16409.02", rub).unwrap();
        assert_eq!(m.minor_units().unwrap(), 1_640_902);
        assert_eq!(Money::from_minor_units(1_640_902, rub), m);
    }

    fn any_currency() -> impl Strategy<Value = Currency> {
        proptest::sample::select(Currency::all().collect::<Vec<_>>())
    }

    proptest! {
        #[test]
        fn minor_units_are_a_lossless_storage_form(units in -1_000_000_000_000i64..1_000_000_000_000i64, c in any_currency()) {
            let m = Money::from_minor_units(units, c);
            prop_assert_eq!(m.minor_units().unwrap(), units);
            let reparsed = Money::parse(&m.amount().to_string(), c).unwrap();
            prop_assert_eq!(reparsed, m);
        }

        #[test]
        fn addition_is_exact_and_reversible(a in -1_000_000_000_000i64..1_000_000_000_000i64, b in -1_000_000_000_000i64..1_000_000_000_000i64, c in any_currency()) {
            let ma = Money::from_minor_units(a, c);
            let mb = Money::from_minor_units(b, c);
            let sum = ma.checked_add(&mb).unwrap();
            prop_assert_eq!(sum.minor_units().unwrap(), a + b);
            prop_assert_eq!(sum.checked_sub(&mb).unwrap(), ma);
            prop_assert_eq!(ma.checked_add(&mb).unwrap(), mb.checked_add(&ma).unwrap());
        }

        #[test]
        fn sums_never_lose_a_cent(parts in proptest::collection::vec(-10_000_000i64..10_000_000i64, 0..50)) {
            let cny = Currency::parse("CNY").unwrap();
            let monies: Vec<Money> = parts.iter().map(|p| Money::from_minor_units(*p, cny)).collect();
            let total = Money::sum(cny, &monies).unwrap();
            prop_assert_eq!(total.minor_units().unwrap(), parts.iter().sum::<i64>());
        }

        #[test]
        fn rounding_moves_at_most_half_a_minor_unit(units in -1_000_000_000i64..1_000_000_000i64, extra in 0u32..4, c in any_currency()) {
            let scale = c.minor_units() + extra;
            let exact = Decimal::new(units, scale);
            let rounded = rounding::round_interest(exact, c).unwrap();
            let half = Decimal::new(5, c.minor_units() + 1);
            prop_assert!((rounded.amount() - exact).abs() <= half);
            prop_assert_eq!(rounding::round_interest(rounded.amount(), c).unwrap(), rounded);
        }
    }
}
