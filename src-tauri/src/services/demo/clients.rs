//! A deterministic synthetic client file for `demo` and the benchmarks: persons and
//! organizations with zh-CN, zh-TW, ru and en names and addresses, contacts, tags, matters
//! with opposing parties, and a few years of communications.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::client::{ClientInput, ConsentInput, RelatedPersonInput};
use crate::domain::commlog::Comm;
use crate::domain::dates;
use crate::domain::ids::MatterId;
use crate::domain::lang::Lang;
use crate::domain::matter::{MatterInput, OpposingParty};
use crate::domain::AppResult;
use crate::store::{clients, commlog, matters};

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

fn client_input(rng: &mut Rng, i: u64) -> ClientInput {
    let org = rng.below(10) < 3;
    let lang = [Lang::ZhCn, Lang::ZhTw, Lang::Ru, Lang::En][rng.below(4) as usize];
    let (name, phone, address, email_user) = match (lang, org) {
        (Lang::ZhCn, false) => (
            format!("{}{}", rng.pick(CN_SURNAMES), rng.pick(CN_GIVEN)),
            format!(
                "+86 13{} {:04} {:04}",
                rng.below(10),
                rng.below(10_000),
                rng.below(10_000)
            ),
            format!("{}建国路{}号", rng.pick(CN_CITIES), rng.below(300) + 1),
            format!("c{i}"),
        ),
        (Lang::ZhCn, true) => (
            format!(
                "{}{}{}有限公司",
                rng.pick(&["北京", "上海", "深圳", "杭州"]),
                rng.pick(CN_ORG_CORE),
                rng.pick(CN_ORG_KIND)
            ),
            format!("+86 10 {:04} {:04}", rng.below(10_000), rng.below(10_000)),
            format!("{}科技园{}号楼", rng.pick(CN_CITIES), rng.below(30) + 1),
            format!("office{i}"),
        ),
        (Lang::ZhTw, false) => (
            format!("{}{}", rng.pick(TW_SURNAMES), rng.pick(TW_GIVEN)),
            format!(
                "+886 9{:02} {:03} {:03}",
                rng.below(100),
                rng.below(1000),
                rng.below(1000)
            ),
            format!("{}中山路{}號", rng.pick(TW_CITIES), rng.below(300) + 1),
            format!("t{i}"),
        ),
        (Lang::ZhTw, true) => (
            format!(
                "{}{}股份有限公司",
                rng.pick(&["台灣", "宏達", "聯華", "永豐"]),
                rng.pick(&["科技", "貿易", "建設"])
            ),
            format!("+886 2 {:04} {:04}", rng.below(10_000), rng.below(10_000)),
            format!(
                "{}{}號{}樓",
                rng.pick(TW_CITIES),
                rng.below(200) + 1,
                rng.below(20) + 1
            ),
            format!("info{i}"),
        ),
        (Lang::Ru, false) => {
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
            (
                format!("{last} {first} {patronymic}"),
                format!(
                    "+7 9{:02} {:03}-{:02}-{:02}",
                    rng.below(100),
                    rng.below(1000),
                    rng.below(100),
                    rng.below(100)
                ),
                format!(
                    "{}, д. {}, кв. {}",
                    rng.pick(RU_CITIES),
                    rng.below(100) + 1,
                    rng.below(200) + 1
                ),
                format!("r{i}"),
            )
        }
        (Lang::Ru, true) => (
            format!("ООО «{}»", rng.pick(RU_ORG)),
            format!(
                "+7 495 {:03}-{:02}-{:02}",
                rng.below(1000),
                rng.below(100),
                rng.below(100)
            ),
            format!(
                "{}, д. {}, оф. {}",
                rng.pick(RU_CITIES),
                rng.below(100) + 1,
                rng.below(500) + 1
            ),
            format!("org{i}"),
        ),
        (Lang::En, false) => (
            format!("{} {}", rng.pick(EN_FIRST), rng.pick(EN_LAST)),
            format!("+44 20 7946 {:04}", rng.below(10_000)),
            format!(
                "{} {} Street, London",
                rng.below(200) + 1,
                rng.pick(EN_LAST)
            ),
            format!("e{i}"),
        ),
        (Lang::En, true) => (
            format!(
                "{} {} Ltd",
                rng.pick(EN_ORG),
                rng.pick(&["Trading", "Holdings", "Logistics", "Foods"])
            ),
            format!("+44 161 496 {:04}", rng.below(10_000)),
            format!("{} Kingsway, Manchester", rng.below(200) + 1),
            format!("hello{i}"),
        ),
    };
    let related = if org {
        vec![RelatedPersonInput {
            relation: "legal_representative".into(),
            name: format!("{}{}", rng.pick(CN_SURNAMES), rng.pick(CN_GIVEN)),
            ..Default::default()
        }]
    } else {
        Vec::new()
    };
    ClientInput {
        kind: if org { "organization" } else { "person" }.into(),
        name,
        phone,
        email: format!(
            "{email_user}@example.{}",
            ["cn", "tw", "ru", "com"][rng.below(4) as usize]
        ),
        address,
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

/// Writes `n` clients with matters and communications in the caller's transaction.
pub fn generate(
    tx: &crate::store::Conn,
    n: u64,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Generated> {
    let mut rng = Rng::new(seed);
    let mut out = Generated::default();
    let lang = Lang::En;
    for i in 0..n {
        let client = client_input(&mut rng, i).validate(lang)?;
        let id = clients::insert(tx, &client, now)?;
        out.clients += 1;
        for _ in 0..rng.below(3) {
            let opened = today - Duration::days(rng.below(3 * 365) as i64 + 1);
            let closed = (rng.below(3) == 0)
                .then(|| opened + Duration::days(rng.below(300) as i64))
                .filter(|d| *d <= today);
            let matter = MatterInput {
                client_id: Some(id),
                title: format!("{} #{}", rng.pick(PRACTICE), i + 1),
                practice_area: rng.pick(PRACTICE).into(),
                status: if closed.is_some() { "closed" } else { "open" }.into(),
                opened_on: dates::to_iso(opened),
                closed_on: closed.map(dates::to_iso).unwrap_or_default(),
                responsible_lawyer: "Lawyer".into(),
                opposing_parties: Vec::new(),
                retention_years: None,
            }
            .validate(today)?;
            let mid = matters::insert(tx, &matter, now)?;
            out.matters += 1;
            let opponent = match rng.below(3) {
                0 => format!("ООО «{}»", rng.pick(RU_ORG)),
                1 => format!("{}{}有限公司", rng.pick(CN_ORG_CORE), rng.pick(CN_ORG_KIND)),
                _ => format!("{} {} Ltd", rng.pick(EN_ORG), rng.pick(EN_LAST)),
            };
            matters::add_opposing_party(
                tx,
                id,
                mid,
                &OpposingParty {
                    name: opponent,
                    role: "opposing_party".into(),
                    id_number: String::new(),
                },
            )?;
            for _ in 0..rng.below(4) {
                let when = opened + Duration::days(rng.below(200) as i64);
                if when > today {
                    continue;
                }
                let comm = Comm {
                    client_id: id,
                    matter_id: Some(MatterId(mid.0)),
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
                commlog::append(tx, &comm, &[], &now.to_rfc3339())?;
                out.communications += 1;
            }
        }
    }
    Ok(out)
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
