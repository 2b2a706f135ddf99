//! A deterministic synthetic client file for `demo` and the benchmarks: persons and
//! organizations with zh-CN, zh-TW, ru and en names and addresses, contacts, tags, matters
//! with opposing parties, and a few years of communications.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::client::{ClientInput, ConsentInput, RelatedPersonInput};
use crate::domain::commlog::CommInput;
use crate::domain::dates;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::lang::Lang;
use crate::domain::matter::{MatterInput, OpposingPartyInput};
use crate::domain::AppResult;
use crate::services::client_file::{clients, commlog};
use crate::services::demo::names;
use crate::store::Tx;

/// SplitMix64: tiny, fast and the same on every platform, so a seed gives the same practice.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// A sequence of its own, forked at this point without drawing from this one: finer
    /// parts drawn from it leave every later draw of this sequence as it was.
    pub fn side(&self, salt: u64) -> Rng {
        Rng::new(self.0 ^ salt)
    }
}

const CN_CITIES: &[&str] = &[
    "北京市朝阳区",
    "上海市浦东新区",
    "广州市天河区",
    "深圳市南山区",
    "杭州市西湖区",
    "成都市武侯区",
];
const TW_CITIES: &[&str] = &[
    "臺北市中正區",
    "新北市板橋區",
    "臺中市西屯區",
    "高雄市前鎮區",
];
const RU_CITIES: &[&str] = &[
    "г. Москва, ул. Тверская",
    "г. Санкт-Петербург, Невский пр.",
    "г. Казань, ул. Баумана",
    "г. Новосибирск, Красный пр.",
];
const PRACTICE: &[&str] = &[
    "labour",
    "contract",
    "family",
    "real estate",
    "corporate",
    "debt collection",
    "IP",
];
const SOURCES: &[&str] = &[
    "referral",
    "website",
    "existing client",
    "bar association",
    "event",
];
const TAGS: &[&str] = &["VIP", "长期", "поставщик", "retainer", "新客户", "долг"];
const SUMMARIES: &[&str] = &[
    "电话沟通案件进展",
    "发送律师函草稿",
    "Встреча: обсуждение претензии",
    "Звонок по оплате счёта",
    "E-mail: documents received",
    "Call: payment reminder",
    "會面：確認委任內容",
    "寄送存證信函",
];

/// What a client is called and where it is reached; `email_user` becomes its address.
struct Contact {
    name: String,
    phone: String,
    address: String,
    email_user: String,
}

fn zh_cn(rng: &mut Rng, i: u64, org: bool) -> Contact {
    if !org {
        return Contact {
            name: names::cn_person(rng),
            phone: format!(
                "+86 13{} {:04} {:04}",
                rng.below(10),
                rng.below(10_000),
                rng.below(10_000)
            ),
            address: format!("{}建国路{}号", rng.pick(CN_CITIES), rng.below(300) + 1),
            email_user: format!("c{i}"),
        };
    }
    Contact {
        name: names::cn_org(rng),
        phone: format!("+86 10 {:04} {:04}", rng.below(10_000), rng.below(10_000)),
        address: format!("{}科技园{}号楼", rng.pick(CN_CITIES), rng.below(30) + 1),
        email_user: format!("office{i}"),
    }
}

fn zh_tw(rng: &mut Rng, i: u64, org: bool) -> Contact {
    if !org {
        return Contact {
            name: names::tw_person(rng),
            phone: format!(
                "+886 9{:02} {:03} {:03}",
                rng.below(100),
                rng.below(1000),
                rng.below(1000)
            ),
            address: format!("{}中山路{}號", rng.pick(TW_CITIES), rng.below(300) + 1),
            email_user: format!("t{i}"),
        };
    }
    Contact {
        name: names::tw_org(rng),
        phone: format!("+886 2 {:04} {:04}", rng.below(10_000), rng.below(10_000)),
        address: format!(
            "{}{}號{}樓",
            rng.pick(TW_CITIES),
            rng.below(200) + 1,
            rng.below(20) + 1
        ),
        email_user: format!("info{i}"),
    }
}

fn ru(rng: &mut Rng, i: u64, org: bool) -> Contact {
    if !org {
        return Contact {
            name: names::ru_person(rng),
            phone: format!(
                "+7 9{:02} {:03}-{:02}-{:02}",
                rng.below(100),
                rng.below(1000),
                rng.below(100),
                rng.below(100)
            ),
            address: format!(
                "{}, д. {}, кв. {}",
                rng.pick(RU_CITIES),
                rng.below(100) + 1,
                rng.below(200) + 1
            ),
            email_user: format!("r{i}"),
        };
    }
    Contact {
        name: names::ru_org(rng),
        phone: format!(
            "+7 495 {:03}-{:02}-{:02}",
            rng.below(1000),
            rng.below(100),
            rng.below(100)
        ),
        address: format!(
            "{}, д. {}, оф. {}",
            rng.pick(RU_CITIES),
            rng.below(100) + 1,
            rng.below(500) + 1
        ),
        email_user: format!("org{i}"),
    }
}

fn en(rng: &mut Rng, i: u64, org: bool) -> Contact {
    if !org {
        return Contact {
            name: names::en_person(rng),
            phone: format!("+44 20 7946 {:04}", rng.below(10_000)),
            address: format!(
                "{} {} Street, London",
                rng.below(200) + 1,
                rng.pick(names::EN_LAST)
            ),
            email_user: format!("e{i}"),
        };
    }
    Contact {
        name: names::en_org(rng),
        phone: format!("+44 161 496 {:04}", rng.below(10_000)),
        address: format!("{} Kingsway, Manchester", rng.below(200) + 1),
        email_user: format!("hello{i}"),
    }
}

/// An organization's legal representative; a person has none.
fn related_persons(rng: &mut Rng, org: bool) -> Vec<RelatedPersonInput> {
    if !org {
        return Vec::new();
    }
    vec![RelatedPersonInput {
        relation: "legal_representative".into(),
        name: names::cn_person(rng),
        ..Default::default()
    }]
}

/// Client `i` as the new-client form would send it.
fn client_input(rng: &mut Rng, i: u64) -> ClientInput {
    let org = rng.below(10) < 3;
    let lang = [Lang::ZhCn, Lang::ZhTw, Lang::Ru, Lang::En][rng.below(4) as usize];
    let contact = match lang {
        Lang::ZhCn => zh_cn(rng, i, org),
        Lang::ZhTw => zh_tw(rng, i, org),
        Lang::Ru => ru(rng, i, org),
        Lang::En => en(rng, i, org),
    };
    let related = related_persons(rng, org);
    ClientInput {
        kind: if org { "organization" } else { "person" }.into(),
        name: contact.name,
        phone: contact.phone,
        email: format!(
            "{}@example.{}",
            contact.email_user,
            ["cn", "tw", "ru", "com"][rng.below(4) as usize]
        ),
        address: contact.address,
        language: lang.code().into(),
        tags: if rng.below(4) == 0 {
            vec![rng.pick(TAGS).to_string()]
        } else {
            Vec::new()
        },
        grade: ["A", "B", "C", "C", "D"][rng.below(5) as usize].into(),
        practice_area: rng.pick(PRACTICE).into(),
        source: rng.pick(SOURCES).into(),
        related_persons: related,
        consent: Some(ConsentInput {
            purpose: "legal services".into(),
            given_on: "2023-01-10".into(),
            channel: "signed engagement letter".into(),
        }),
        ..Default::default()
    }
}

/// Counts of what was generated.
#[derive(Debug, Default, serde::Serialize, PartialEq, Eq)]
pub struct Generated {
    pub clients: u64,
    pub matters: u64,
    pub communications: u64,
}

/// Writes `n` clients with matters and communications in the caller's transaction, each
/// through its use case (`add_client`, `add_matter`, `commlog::log`): validation, conflict
/// check and its record, search forms, audit rows.
pub fn generate(
    tx: &Tx<'_>,
    n: u64,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Generated> {
    let mut rng = Rng::new(seed);
    let mut out = Generated::default();
    for i in 0..n {
        let id = clients::add_client_in(tx, &client_input(&mut rng, i), now)?.id;
        out.clients += 1;
        for _ in 0..rng.below(3) {
            let (input, opened) = matter_input(&mut rng, id, i, today);
            let matter = clients::add_matter_in(tx, &input.validate(today)?, now)?.id;
            out.matters += 1;
            for entry in log_entries(&mut rng, (id, matter), opened, today) {
                commlog::log_in(tx, &commlog::entry(&entry, now)?, &[], now)?;
                out.communications += 1;
            }
        }
    }
    Ok(out)
}

/// One of client `i`'s matters as the matter form would send it, against one opposing
/// party, opened in the last three years; and its opening day.
fn matter_input(
    rng: &mut Rng,
    client: ClientId,
    i: u64,
    today: NaiveDate,
) -> (MatterInput, NaiveDate) {
    let opened = today - Duration::days(rng.below(3 * 365) as i64 + 1);
    let closed = (rng.below(3) == 0)
        .then(|| opened + Duration::days(rng.below(300) as i64))
        .filter(|d| *d <= today);
    let title = format!("{} #{}", rng.pick(PRACTICE), i + 1);
    let practice_area = rng.pick(PRACTICE).to_string();
    let opponent = names::opponent(rng);
    let input = MatterInput {
        client_id: Some(client),
        title,
        practice_area,
        status: if closed.is_some() { "closed" } else { "open" }.into(),
        opened_on: dates::to_iso(opened),
        closed_on: closed.map(dates::to_iso).unwrap_or_default(),
        responsible_lawyer: "Lawyer".into(),
        opposing_parties: vec![OpposingPartyInput {
            name: opponent,
            role: "opposing_party".into(),
            id_number: String::new(),
        }],
        retention_years: None,
    };
    (input, opened)
}

/// Up to three calls, e-mails, meetings and letters on a matter in its first 200 days (none
/// after `today`), as the log form would send them.
fn log_entries(
    rng: &mut Rng,
    (client, matter): (ClientId, MatterId),
    opened: NaiveDate,
    today: NaiveDate,
) -> Vec<CommInput> {
    let mut entries = Vec::new();
    for _ in 0..rng.below(4) {
        let when = opened + Duration::days(rng.below(200) as i64);
        if when > today {
            continue;
        }
        entries.push(CommInput {
            client_id: Some(client),
            matter_id: Some(matter),
            kind: ["call", "email", "meeting", "letter"][rng.below(4) as usize].into(),
            direction: ["out", "in"][rng.below(2) as usize].into(),
            occurred_at: format!(
                "{}T{:02}:{:02}",
                dates::to_iso(when),
                9 + rng.below(9),
                rng.below(60)
            ),
            summary: rng.pick(SUMMARIES).into(),
            corrects: None,
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::domain::names as names_rule;

    /// The parties the first `n` clients of `seed` bring (client, legal representative,
    /// opposing parties) in the order the demo adds them: how many, the largest group under
    /// one conflict key, and how many hits their conflict checks record in all.
    fn conflict_groups(n: u64, seed: u64) -> (u64, u64, u64) {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let mut rng = Rng::new(seed);
        let mut groups: HashMap<String, u64> = HashMap::new();
        let mut recorded = 0;
        let mut add = |name: &str| {
            let same = groups.entry(names_rule::conflict_key(name)).or_default();
            recorded += (*same).min(200);
            *same += 1;
        };
        for i in 0..n {
            let c = client_input(&mut rng, i);
            add(&c.name);
            c.related_persons.iter().for_each(|r| add(&r.name));
            for _ in 0..rng.below(3) {
                let (m, opened) = matter_input(&mut rng, ClientId(1), i, today);
                add(&m.opposing_parties[0].name);
                log_entries(&mut rng, (ClientId(1), MatterId(1)), opened, today);
            }
        }
        let largest = groups.values().copied().max().unwrap_or(0);
        (groups.values().sum(), largest, recorded)
    }

    /// A demo practice is written through the use cases, whose conflict check records every
    /// party of the same name it finds (up to 200): with names from a few dozen, a
    /// 100,000-client demo recorded 28 million hits (about 4 GB) and read 147 million rows
    /// to find them. Names spread as a real client list's do keep it practical.
    #[test]
    fn a_practice_spreads_its_parties_over_many_conflict_keys() {
        let (parties, largest, recorded) = conflict_groups(5_000, 1);
        assert!(parties > 10_000, "{parties}");
        assert!(largest <= 20, "{largest} parties share one conflict key");
        assert!(
            recorded < parties / 4,
            "{recorded} hits recorded for {parties} parties"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_clients() {
        let a: Vec<String> = (0..20)
            .map({
                let mut r = Rng::new(7);
                move |i| client_input(&mut r, i).name
            })
            .collect();
        let b: Vec<String> = (0..20)
            .map({
                let mut r = Rng::new(7);
                move |i| client_input(&mut r, i).name
            })
            .collect();
        let c: Vec<String> = (0..20)
            .map({
                let mut r = Rng::new(8);
                move |i| client_input(&mut r, i).name
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        for i in 0..200 {
            client_input(&mut Rng::new(i), i)
                .validate(Lang::En)
                .expect("every generated client is valid");
        }
    }
}
