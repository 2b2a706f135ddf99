//! Which law a letter speaks and to whom: the jurisdiction (chosen by the letter's language:
//! zh-CN → People's Republic of China, zh-TW → Taiwan, ru → Russia, en → England & Wales)
//! and the kind of debtor (natural person, organization, sole trader). The table below is
//! data: deadlines, the limitation period of a fee claim and the details a demand must state
//! per jurisdiction and debtor kind. A new jurisdiction is one more row (and its texts in
//! `templates`).

use serde::Serialize;

use super::templates::Kind;
use crate::domain::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Debtor {
    Person,
    Organization,
    SoleTrader,
}

impl Debtor {
    pub fn code(self) -> &'static str {
        match self {
            Debtor::Person => "person",
            Debtor::Organization => "organization",
            Debtor::SoleTrader => "sole_trader",
        }
    }

    /// From the client's kind and its `sole_trader` flag (a person in business: ИП,
    /// 个体工商户, sole trader).
    pub fn of_client(kind: &str, sole_trader: bool) -> Debtor {
        match (kind, sole_trader) {
            ("organization", _) => Debtor::Organization,
            (_, true) => Debtor::SoleTrader,
            _ => Debtor::Person,
        }
    }

    /// Acting in the course of a business (organizations and sole traders).
    pub fn in_business(self) -> bool {
        self != Debtor::Person
    }
}

/// One jurisdiction's rules for fee letters.
#[derive(Debug, Clone, Copy)]
pub struct Jurisdiction {
    pub code: &'static str,
    pub lang: Lang,
    /// Days to pay after a reminder, a second reminder, and a demand to (person,
    /// organization, sole trader).
    pub reminder_days: i64,
    pub second_reminder_days: i64,
    pub demand_days: [i64; 3],
    /// Limitation of a lawyer's fee claim, in years.
    pub fee_limitation_years: i64,
}

/// The jurisdictions, one per letter language.
pub const JURISDICTIONS: &[Jurisdiction] = &[
    // 《民法典》第一百八十八条: three years. A demand gives a reasonable time; 10 days is usual.
    Jurisdiction {
        code: "CN",
        lang: Lang::ZhCn,
        reminder_days: 7,
        second_reminder_days: 7,
        demand_days: [10, 10, 10],
        fee_limitation_years: 3,
    },
    // 民法第127條第5款: 律師之報酬 — two years.
    Jurisdiction {
        code: "TW",
        lang: Lang::ZhTw,
        reminder_days: 7,
        second_reminder_days: 7,
        demand_days: [10, 10, 10],
        fee_limitation_years: 2,
    },
    // ГК РФ ст. 196: three years. To an organization or ИП the претензия's 30 days are the
    // waiting period of ч. 5 ст. 4 АПК РФ before an arbitrazh claim (counted from dispatch);
    // a natural person gets a plain term to pay (10 days).
    Jurisdiction {
        code: "RU",
        lang: Lang::Ru,
        reminder_days: 7,
        second_reminder_days: 7,
        demand_days: [10, 30, 30],
        fee_limitation_years: 3,
    },
    // Limitation Act 1980 s.5: six years. Pre-Action Protocol for Debt Claims (2017):
    // an individual or sole trader has 30 days to reply; a business debtor: Practice
    // Direction – Pre-Action Conduct and Protocols para 6(b), 14 days in a straightforward
    // case (sources checked in `texts`, above DEMAND_EN).
    Jurisdiction {
        code: "EW",
        lang: Lang::En,
        reminder_days: 7,
        second_reminder_days: 7,
        demand_days: [30, 14, 30],
        fee_limitation_years: 6,
    },
];

impl Jurisdiction {
    pub fn for_lang(lang: Lang) -> Jurisdiction {
        JURISDICTIONS
            .iter()
            .copied()
            .find(|j| j.lang == lang)
            .unwrap_or(JURISDICTIONS[0])
    }

    /// Days the letter gives to pay.
    pub fn days_to_pay(&self, kind: Kind, debtor: Debtor) -> i64 {
        match kind {
            Kind::Demand => {
                self.demand_days[match debtor {
                    Debtor::Person => 0,
                    Debtor::Organization => 1,
                    Debtor::SoleTrader => 2,
                }]
            }
            Kind::SecondReminder => self.second_reminder_days,
            _ => self.reminder_days,
        }
    }

    /// The details a letter of `kind` to `debtor` must state, as codes
    /// (`client.inn`, `engagement.contract_number`…); `penalty` when a late charge is agreed,
    /// `arbitration` when the dispute clause names arbitration.
    pub fn required(
        &self,
        kind: Kind,
        debtor: Debtor,
        penalty: bool,
        arbitration: bool,
    ) -> Vec<&'static str> {
        if kind != Kind::Demand {
            return Vec::new();
        }
        let mut need: Vec<&'static str> = vec!["firm.signatory_name", "firm.signatory_title"];
        let contract = [
            "engagement.contract_title",
            "engagement.contract_number",
            "engagement.contract_date",
        ];
        match self.code {
            "RU" => {
                need.extend(["firm.inn", "firm.ogrn"]);
                need.extend(&contract[1..]);
                if debtor.in_business() {
                    need.extend(["client.inn", "client.ogrn"]);
                }
            }
            "CN" => {
                need.extend(contract);
                need.extend(["engagement.work_done", "engagement.dispute_forum"]);
                if arbitration {
                    need.push("engagement.arbitration_body");
                }
                if debtor == Debtor::Organization {
                    need.push("client.uscc");
                }
            }
            "TW" => {
                need.push("engagement.contract_date");
                if debtor == Debtor::Organization {
                    need.push("client.legal_representative");
                }
            }
            "EW" => {
                need.push("firm.sra_number");
                need.push("engagement.contract_date");
                if debtor == Debtor::Organization {
                    need.push("client.company_number");
                }
            }
            _ => {}
        }
        if penalty {
            need.push("engagement.late_clause");
        }
        need
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_jurisdiction() {
        for l in [Lang::ZhCn, Lang::ZhTw, Lang::Ru, Lang::En] {
            assert_eq!(Jurisdiction::for_lang(l).lang, l);
        }
    }

    #[test]
    fn deadlines_follow_the_debtor() {
        let ru = Jurisdiction::for_lang(Lang::Ru);
        assert_eq!(ru.days_to_pay(Kind::Demand, Debtor::Person), 10);
        assert_eq!(ru.days_to_pay(Kind::Demand, Debtor::SoleTrader), 30);
        let ew = Jurisdiction::for_lang(Lang::En);
        assert_eq!(ew.days_to_pay(Kind::Demand, Debtor::Organization), 14);
        assert_eq!(ew.days_to_pay(Kind::Demand, Debtor::Person), 30);
        assert!(ru
            .required(Kind::Demand, Debtor::Organization, false, false)
            .contains(&"client.inn"));
        assert!(!ru
            .required(Kind::Demand, Debtor::Person, false, false)
            .contains(&"client.inn"));
        assert!(ru
            .required(Kind::Reminder, Debtor::Organization, true, false)
            .is_empty());
    }
}
