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
}

const CN_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗",
];
const CN_GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "秀英", "桂英", "建华", "志强", "晓东", "海燕",
];
const TW_SURNAMES: &[&str] = &[
    "陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭", "洪",
];
const TW_GIVEN: &[&str] = &[
    "志明", "淑芬", "俊傑", "雅婷", "家豪", "怡君", "冠宇", "美玲", "建宏", "佩君", "宗翰", "詩涵",
];
const RU_MALE: &[(&str, &str)] = &[
    ("Иванов", "Иван"),
    ("Петров", "Сергей"),
    ("Смирнов", "Алексей"),
    ("Кузнецов", "Дмитрий"),
    ("Попов", "Андрей"),
    ("Соколов", "Михаил"),
    ("Лебедев", "Юрий"),
    ("Козлов", "Николай"),
];
const RU_FEMALE: &[(&str, &str)] = &[
    ("Иванова", "Анна"),
    ("Петрова", "Мария"),
    ("Смирнова", "Елена"),
    ("Кузнецова", "Ольга"),
    ("Щукина", "Наталья"),
    ("Соколова", "Татьяна"),
    ("Лебедева", "Юлия"),
];
const RU_PATRONYMIC_M: &[&str] = &["Сергеевич", "Александрович", "Петрович", "Игоревич"];
const RU_PATRONYMIC_F: &[&str] = &["Сергеевна", "Александровна", "Петровна", "Игоревна"];
const EN_FIRST: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "Oliver",
    "Amelia",
];
const EN_LAST: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Harper",
    "Lowe", "Evans", "Thomas",
];
const CN_ORG_CORE: &[&str] = &[
    "明理", "华信", "东方", "恒通", "瑞丰", "金桥", "新兴", "安达", "宏远", "天成",
];
const CN_ORG_KIND: &[&str] = &["科技", "贸易", "建筑工程", "物流", "餐饮管理", "文化传媒"];
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
const RU_ORG: &[&str] = &[
    "Ромашка",
    "Вектор",
    "Гарант",
    "Северный ветер",
    "Альфа-Строй",
    "ТехноПарк",
    "Урожай",
];
const RU_CITIES: &[&str] = &[
    "г. Москва, ул. Тверская",
    "г. Санкт-Петербург, Невский пр.",
    "г. Казань, ул. Баумана",
    "г. Новосибирск, Красный пр.",
];
const EN_ORG: &[&str] = &[
    "Northwind",
    "Blue Harbour",
    "Greenfield",
    "Kingsway",
    "Oakridge",
    "Silverline",
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
            name: format!("{}{}", rng.pick(CN_SURNAMES), rng.pick(CN_GIVEN)),
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
        name: format!(
            "{}{}{}有限公司",
            rng.pick(&["北京", "上海", "深圳", "杭州"]),
            rng.pick(CN_ORG_CORE),
            rng.pick(CN_ORG_KIND)
        ),
        phone: format!("+86 10 {:04} {:04}", rng.below(10_000), rng.below(10_000)),
        address: format!("{}科技园{}号楼", rng.pick(CN_CITIES), rng.below(30) + 1),
        email_user: format!("office{i}"),
    }
}

fn zh_tw(rng: &mut Rng, i: u64, org: bool) -> Contact {
    if !org {
        return Contact {
            name: format!("{}{}", rng.pick(TW_SURNAMES), rng.pick(TW_GIVEN)),
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
        name: format!(
            "{}{}股份有限公司",
            rng.pick(&["台灣", "宏達", "聯華", "永豐"]),
            rng.pick(&["科技", "貿易", "建設"])
        ),
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

/// A Russian person's full name: surname, first name, patronymic.
fn ru_person_name(rng: &mut Rng) -> String {
    let female = rng.below(2) == 0;
    let (last, first) = if female {
        RU_FEMALE[rng.below(RU_FEMALE.len() as u64) as usize]
    } else {
        RU_MALE[rng.below(RU_MALE.len() as u64) as usize]
    };
    let patronymic = if female {
        rng.pick(RU_PATRONYMIC_F)
    } else {
        rng.pick(RU_PATRONYMIC_M)
    };
    format!("{last} {first} {patronymic}")
}

fn ru(rng: &mut Rng, i: u64, org: bool) -> Contact {
    if !org {
        return Contact {
            name: ru_person_name(rng),
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
        name: format!("ООО «{}»", rng.pick(RU_ORG)),
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
            name: format!("{} {}", rng.pick(EN_FIRST), rng.pick(EN_LAST)),
            phone: format!("+44 20 7946 {:04}", rng.below(10_000)),
            address: format!(
                "{} {} Street, London",
                rng.below(200) + 1,
                rng.pick(EN_LAST)
            ),
            email_user: format!("e{i}"),
        };
    }
    Contact {
        name: format!(
            "{} {} Ltd",
            rng.pick(EN_ORG),
            rng.pick(&["Trading", "Holdings", "Logistics", "Foods"])
        ),
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
        name: format!("{}{}", rng.pick(CN_SURNAMES), rng.pick(CN_GIVEN)),
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
            let (mid, opened) = matter(tx, &mut rng, id, i, today, now)?;
            out.matters += 1;
            out.communications += communications(tx, &mut rng, (id, mid), opened, today, now)?;
        }
    }
    Ok(out)
}

/// Opens one of client `i`'s matters, against one opposing party; gives its id and opening day.
fn matter(
    tx: &Tx<'_>,
    rng: &mut Rng,
    client: ClientId,
    i: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<(MatterId, NaiveDate)> {
    let opened = today - Duration::days(rng.below(3 * 365) as i64 + 1);
    let closed = (rng.below(3) == 0)
        .then(|| opened + Duration::days(rng.below(300) as i64))
        .filter(|d| *d <= today);
    let title = format!("{} #{}", rng.pick(PRACTICE), i + 1);
    let practice_area = rng.pick(PRACTICE).to_string();
    let opponent = match rng.below(3) {
        0 => format!("ООО «{}»", rng.pick(RU_ORG)),
        1 => format!("{}{}有限公司", rng.pick(CN_ORG_CORE), rng.pick(CN_ORG_KIND)),
        _ => format!("{} {} Ltd", rng.pick(EN_ORG), rng.pick(EN_LAST)),
    };
    let matter = MatterInput {
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
    }
    .validate(today)?;
    Ok((clients::add_matter_in(tx, &matter, now)?.id, opened))
}

/// Logs up to three calls, e-mails, meetings and letters on a matter in its first 200 days
/// (none after `today`); gives how many.
fn communications(
    tx: &Tx<'_>,
    rng: &mut Rng,
    (client, matter): (ClientId, MatterId),
    opened: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let mut logged = 0;
    for _ in 0..rng.below(4) {
        let when = opened + Duration::days(rng.below(200) as i64);
        if when > today {
            continue;
        }
        let input = CommInput {
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
        };
        commlog::log_in(tx, &commlog::entry(&input, now)?, &[], now)?;
        logged += 1;
    }
    Ok(logged)
}

#[cfg(test)]
mod tests {
    use super::*;

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
