//! The demo's names of people and organizations, in zh-CN, zh-TW, ru and en. A name takes
//! its main parts from the practice's random sequence, one draw each, and its finer parts
//! (a middle character, a first name, an initial, a place, a company's prefix or suffix)
//! from a side sequence forked at that point, which leaves every later draw of the practice
//! (dates, amounts, payments) as it is. Names spread as a real client list's do: the
//! conflict check each party goes through finds a few of the same name, not thousands.

use super::clients::Rng;

const CN_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
    "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
];
/// Given names: one character (a middle one may come before it) or two.
const CN_GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "丽", "华", "平", "刚", "玲", "斌", "辉", "鹏", "飞", "霞", "红", "波", "宇", "琳", "欣", "浩",
    "秀英", "桂英", "建华", "志强", "晓东", "海燕", "建国", "春梅", "文杰", "子涵", "俊杰", "雨欣",
    "丽娟", "国强", "玉兰", "志明", "秀兰", "建军", "晓燕", "永红", "海峰", "雪梅", "佳怡", "浩然",
    "思远", "梓轩", "一鸣", "欣妍", "宇航", "静怡", "明辉", "丹丹", "晨曦", "家乐", "若曦", "博文",
];
const CN_MIDDLE: &[&str] = &[
    "志", "建", "晓", "海", "国", "文", "玉", "春", "德", "子", "家", "俊", "永", "金", "立", "宏",
    "嘉", "思", "雨", "天", "一", "承", "振", "继", "少", "秋", "新", "光", "云", "美",
];
const TW_SURNAMES: &[&str] = &[
    "陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭", "洪", "賴",
    "徐", "周", "葉", "蘇", "莊", "呂", "江", "何", "蕭",
];
const TW_GIVEN: &[&str] = &[
    "志明", "淑芬", "俊傑", "雅婷", "家豪", "怡君", "冠宇", "美玲", "建宏", "佩君", "宗翰", "詩涵",
    "志豪", "欣怡", "承恩", "郁婷", "柏翰", "宜蓁", "彥廷", "思妤", "冠廷", "品妍", "俊宏", "婉婷",
];
/// A second character of a Taiwanese given name, for variety.
const TW_SECOND: &[&str] = &[
    "明", "芬", "傑", "婷", "豪", "君", "宇", "玲", "宏", "翰", "涵", "萱", "瑜", "安", "廷", "瑋",
    "慧", "儀", "恩", "德",
];
/// Russian surnames in their male form (the female adds «а»).
const RU_SURNAMES: &[&str] = &[
    "Иванов",
    "Петров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Козлов",
    "Щукин",
    "Новиков",
    "Морозов",
    "Волков",
    "Алексеев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
];
const RU_FIRST_M: &[&str] = &[
    "Иван",
    "Сергей",
    "Алексей",
    "Дмитрий",
    "Андрей",
    "Михаил",
    "Юрий",
    "Николай",
    "Павел",
    "Артём",
    "Максим",
    "Владимир",
    "Егор",
    "Кирилл",
    "Олег",
    "Роман",
    "Виктор",
    "Денис",
    "Игорь",
    "Антон",
];
const RU_FIRST_F: &[&str] = &[
    "Анна",
    "Мария",
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Юлия",
    "Ирина",
    "Светлана",
    "Екатерина",
    "Дарья",
    "Ксения",
    "Алина",
    "Вера",
    "Полина",
    "Галина",
    "Людмила",
    "Марина",
    "Софья",
    "Виктория",
];
const RU_PATRONYMIC_M: &[&str] = &[
    "Сергеевич",
    "Александрович",
    "Петрович",
    "Игоревич",
    "Иванович",
    "Николаевич",
    "Андреевич",
    "Дмитриевич",
    "Владимирович",
    "Михайлович",
];
const RU_PATRONYMIC_F: &[&str] = &[
    "Сергеевна",
    "Александровна",
    "Петровна",
    "Игоревна",
    "Ивановна",
    "Николаевна",
    "Андреевна",
    "Дмитриевна",
    "Владимировна",
    "Михайловна",
];
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
    "William",
    "Barbara",
    "Thomas",
    "Susan",
    "Charles",
    "Jessica",
    "George",
    "Sarah",
    "Henry",
    "Emily",
    "Jack",
    "Sophie",
    "Harry",
    "Grace",
    "Daniel",
    "Chloe",
    "Samuel",
    "Lucy",
];
/// English surnames (also street names in the demo's addresses).
pub(super) const EN_LAST: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Harper",
    "Lowe", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White",
    "Hughes", "Edwards", "Green", "Hall", "Wood", "Clarke", "Jackson", "Clark", "Turner", "Hill",
    "Scott", "Cooper", "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Martin", "Kelly",
    "Patel", "Ahmed",
];
const EN_INITIALS: &[&str] = &[
    "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "T", "V", "W",
    "Y",
];
const CN_ORG_CITY: &[&str] = &[
    "北京", "上海", "深圳", "杭州", "广州", "成都", "南京", "武汉", "苏州", "天津",
];
const CN_ORG_CORE: &[&str] = &[
    "明理", "华信", "东方", "恒通", "瑞丰", "金桥", "新兴", "安达", "宏远", "天成", "鼎盛", "盛世",
    "博远", "中联", "恒信", "嘉禾", "润泽", "立信", "正阳", "永安", "长城", "蓝海", "鑫源", "宏图",
    "伟业", "佳和", "卓越", "创新", "前程", "启航", "和顺", "信达", "德润", "远航", "锦程", "汇通",
    "泰和", "众合", "海纳", "同创", "天宇", "金源", "华盛", "恒达", "永信", "鸿运", "新城", "东升",
    "宏达", "天润", "瑞祥", "汇金", "晨光", "金鼎", "中和", "信诚", "宝丰", "长青", "富源", "华泰",
];
const CN_ORG_KIND: &[&str] = &[
    "科技",
    "贸易",
    "建筑工程",
    "物流",
    "餐饮管理",
    "文化传媒",
    "咨询",
    "电子",
    "医药",
    "食品",
    "环保",
    "教育科技",
    "信息技术",
    "广告",
    "装饰工程",
    "投资管理",
];
const TW_ORG_NAME: &[&str] = &[
    "台灣", "宏達", "聯華", "永豐", "新興", "和平", "大安", "信義", "中和", "永康", "福元", "三重",
];
/// A second word of a Taiwanese company name; often none.
const TW_ORG_WORD: &[&str] = &[
    "", "", "", "國際", "光電", "精密", "生技", "開發", "材料", "網路", "能源", "物產", "工業",
    "興業", "創意",
];
const TW_ORG_KIND: &[&str] = &[
    "科技", "貿易", "建設", "電子", "食品", "資訊", "航運", "醫療",
];
const RU_ORG: &[&str] = &[
    "Ромашка",
    "Вектор",
    "Гарант",
    "Северный ветер",
    "Альфа",
    "ТехноПарк",
    "Урожай",
    "Импульс",
    "Меридиан",
    "Горизонт",
    "Спектр",
    "Магистраль",
    "Континент",
    "Радуга",
    "Атлант",
    "Феникс",
    "Берёзка",
    "Кристалл",
    "Эталон",
    "Прогресс",
    "Орион",
    "Вершина",
    "Парус",
    "Сфера",
    "Альянс",
    "Монолит",
    "Ресурс",
    "Стандарт",
    "Партнёр",
    "Лидер",
];
/// What Russian company names add to their core word; seldom nothing.
const RU_ORG_SUFFIX: &[&str] = &[
    "",
    "-Сервис",
    "-Трейд",
    "-Инвест",
    "-Строй",
    "-Урал",
    "-Сибирь",
    "-Юг",
    "-Север",
    " Плюс",
    "-Групп",
    "-Агро",
    "-Логистик",
    "-Торг",
    "-Пром",
    "-М",
    "-Центр",
];
/// What some Russian company names put before their core word.
const RU_ORG_PREFIX: &[&str] = &[
    "",
    "",
    "Гранд ",
    "Эко-",
    "Евро-",
    "Нео-",
    "Мега-",
    "Глобал ",
    "Про-",
    "Мир ",
    "Инфо-",
    "Транс-",
    "Тех-",
    "Гео-",
    "Био-",
    "Мед-",
];
const EN_ORG: &[&str] = &[
    "Northwind",
    "Blue Harbour",
    "Greenfield",
    "Kingsway",
    "Oakridge",
    "Silverline",
    "Redbridge",
    "Stonegate",
    "Riverside",
    "Brightwater",
    "Westbrook",
    "Eastfield",
    "Highgate",
    "Ironwood",
    "Goldcrest",
    "Fairhaven",
    "Clearview",
    "Swiftlane",
    "Grandview",
    "Crownpoint",
];
/// Where an English company trades from, when its name says so.
const EN_ORG_PLACE: &[&str] = &[
    "",
    "",
    "",
    " Bristol",
    " Leeds",
    " York",
    " Kent",
    " Essex",
    " Thames",
    " Pennine",
    " Solent",
    " Midlands",
    " Northern",
    " Western",
];
const EN_ORG_KIND: &[&str] = &[
    "Trading",
    "Holdings",
    "Logistics",
    "Foods",
    "Consulting",
    "Engineering",
    "Property",
    "Media",
    "Retail",
    "Textiles",
];

/// 王伟, 张志强, 李建华: a surname, sometimes a middle character, a given name.
pub(super) fn cn_person(rng: &mut Rng) -> String {
    let mut side = rng.side(0x434E_5045);
    let surname = rng.pick(CN_SURNAMES);
    let given = rng.pick(CN_GIVEN);
    let middle = if given.chars().count() == 1 && side.below(4) > 0 {
        side.pick(CN_MIDDLE)
    } else {
        ""
    };
    format!("{surname}{middle}{given}")
}

/// 陳志明, 林雅萱: a surname and a two-character given name.
pub(super) fn tw_person(rng: &mut Rng) -> String {
    let mut side = rng.side(0x5457_5045);
    let surname = rng.pick(TW_SURNAMES);
    let given = rng.pick(TW_GIVEN);
    if side.below(4) == 0 {
        return format!("{surname}{given}");
    }
    let first: String = given.chars().take(1).collect();
    format!("{surname}{first}{}", side.pick(TW_SECOND))
}

/// Иванова Анна Сергеевна: surname, first name and patronymic.
pub(super) fn ru_person(rng: &mut Rng) -> String {
    let mut side = rng.side(0x5255_5045);
    let female = rng.below(2) == 0;
    let surname = rng.pick(RU_SURNAMES);
    if female {
        let patronymic = rng.pick(RU_PATRONYMIC_F);
        format!("{surname}а {} {patronymic}", side.pick(RU_FIRST_F))
    } else {
        let patronymic = rng.pick(RU_PATRONYMIC_M);
        format!("{surname} {} {patronymic}", side.pick(RU_FIRST_M))
    }
}

/// James Smith, Mary K. Jones.
pub(super) fn en_person(rng: &mut Rng) -> String {
    let mut side = rng.side(0x454E_5045);
    let first = rng.pick(EN_FIRST);
    let last = rng.pick(EN_LAST);
    if side.below(2) == 0 {
        format!("{first} {last}")
    } else {
        format!("{first} {}. {last}", side.pick(EN_INITIALS))
    }
}

/// 北京明理科技有限公司.
pub(super) fn cn_org(rng: &mut Rng) -> String {
    let city = rng.pick(CN_ORG_CITY);
    let core = rng.pick(CN_ORG_CORE);
    let kind = rng.pick(CN_ORG_KIND);
    format!("{city}{core}{kind}有限公司")
}

/// 台灣光電科技股份有限公司.
pub(super) fn tw_org(rng: &mut Rng) -> String {
    let mut side = rng.side(0x5457_4F52);
    let name = rng.pick(TW_ORG_NAME);
    let kind = rng.pick(TW_ORG_KIND);
    format!("{name}{}{kind}股份有限公司", side.pick(TW_ORG_WORD))
}

/// ООО «Вектор-Урал», ООО «Эко-Горизонт».
pub(super) fn ru_org(rng: &mut Rng) -> String {
    let mut side = rng.side(0x5255_4F52);
    let core = rng.pick(RU_ORG);
    let prefix = side.pick(RU_ORG_PREFIX);
    format!("ООО «{prefix}{core}{}»", side.pick(RU_ORG_SUFFIX))
}

/// Northwind Leeds Trading Ltd.
pub(super) fn en_org(rng: &mut Rng) -> String {
    let mut side = rng.side(0x454E_4F52);
    let name = rng.pick(EN_ORG);
    let kind = rng.pick(EN_ORG_KIND);
    format!("{name}{} {kind} Ltd", side.pick(EN_ORG_PLACE))
}

/// The company on the other side of a matter: Russian, Chinese or English.
pub(super) fn opponent(rng: &mut Rng) -> String {
    let mut side = rng.side(0x4F50_504F);
    match rng.below(3) {
        0 => ru_org(rng),
        1 => {
            let core = rng.pick(CN_ORG_CORE);
            let kind = rng.pick(CN_ORG_KIND);
            format!("{}{core}{kind}有限公司", side.pick(CN_ORG_CITY))
        }
        _ => {
            let name = rng.pick(EN_ORG);
            let last = rng.pick(EN_LAST);
            format!("{name}{} {last} Ltd", side.pick(EN_ORG_PLACE))
        }
    }
}
