//! Which column holds which client field: the field names of `client add` need no mapping,
//! and the usual headers of Chinese, Taiwanese, Russian and English client lists are
//! recognized; the user can override any column.

use std::collections::BTreeMap;

use crate::domain::client::ClientInput;

/// Fields a column can be mapped to (`""` = ignore the column).
pub const FIELDS: &[&str] = &[
    "kind",
    "name",
    "phone",
    "email",
    "address",
    "id_number",
    "language",
    "tags",
    "grade",
    "practice_area",
    "source",
    "industry",
    "notes",
];

/// Fields several columns may fill (a list with "Phone" and "Mobile" keeps both numbers).
pub const MULTI: &[&str] = &["phone", "email", "tags"];

const ALIASES: &[(&str, &[&str])] = &[
    (
        "kind",
        &[
            "type",
            "client type",
            "类型",
            "客户类型",
            "類型",
            "тип",
            "вид",
        ],
    ),
    (
        "name",
        &[
            "client",
            "client name",
            "full name",
            "company",
            "姓名",
            "名称",
            "客户",
            "客户名称",
            "客戶",
            "客戶名稱",
            "名稱",
            "公司名称",
            "имя",
            "фио",
            "наименование",
            "клиент",
            "название",
        ],
    ),
    (
        "phone",
        &[
            "tel",
            "telephone",
            "mobile",
            "phone number",
            "电话",
            "手机",
            "联系电话",
            "電話",
            "手機",
            "телефон",
            "тел",
            "мобильный",
        ],
    ),
    (
        "email",
        &[
            "e-mail",
            "mail",
            "邮箱",
            "电子邮箱",
            "電子郵件",
            "郵箱",
            "почта",
            "эл. почта",
            "электронная почта",
        ],
    ),
    ("address", &["地址", "住址", "адрес"]),
    (
        "id_number",
        &[
            "id",
            "id number",
            "registration number",
            "tax id",
            "inn",
            "身份证号",
            "证件号",
            "统一社会信用代码",
            "身分證字號",
            "統一編號",
            "инн",
            "огрн",
            "паспорт",
        ],
    ),
    ("language", &["lang", "语言", "語言", "язык"]),
    ("tags", &["tag", "标签", "標籤", "метки", "теги"]),
    ("grade", &["等级", "等級", "категория"]),
    (
        "practice_area",
        &["practice", "业务领域", "業務領域", "практика"],
    ),
    ("source", &["客户来源", "来源", "來源", "источник"]),
    ("industry", &["行业", "產業", "отрасль"]),
    (
        "notes",
        &[
            "note",
            "comment",
            "comments",
            "remarks",
            "备注",
            "備註",
            "说明",
            "說明",
            "примечание",
            "примечания",
            "комментарий",
            "заметки",
        ],
    ),
];

/// The suggested field for each header, in column order.
pub fn suggest(headers: &[String]) -> Vec<String> {
    let mut used = Vec::new();
    headers
        .iter()
        .map(|h| {
            let l = h.trim().to_lowercase();
            let found = FIELDS
                .iter()
                .find(|f| **f == l)
                .copied()
                .or_else(|| {
                    ALIASES
                        .iter()
                        .find(|(_, a)| a.contains(&l.as_str()))
                        .map(|(f, _)| *f)
                })
                .filter(|f| MULTI.contains(f) || !used.contains(f));
            if let Some(f) = found {
                used.push(f);
            }
            found.unwrap_or("").to_string()
        })
        .collect()
}

/// Builds the client of one row; a missing `kind` defaults from the name (organizations
/// carry a legal form), so a plain list of names imports as people and companies.
pub fn row_to_input(mapping: &[String], row: &[String]) -> ClientInput {
    let mut input = ClientInput::default();
    let mut extra: BTreeMap<&str, String> = BTreeMap::new();
    for (field, value) in mapping.iter().zip(row) {
        let v = value.trim().to_string();
        if v.is_empty() {
            continue;
        }
        match field.as_str() {
            "kind" => input.kind = kind_word(&v),
            "name" => input.name = v,
            "phone" => input.phones.extend(split_list(&v)),
            "email" => input.emails.extend(split_list(&v)),
            "address" => input.address = v,
            "id_number" => input.id_number = v,
            "language" => input.language = v,
            "tags" => input.tags.extend(split_list(&v)),
            "grade" => input.grade = v,
            "practice_area" => input.practice_area = v,
            "source" => input.source = v,
            "industry" => input.industry = v,
            "notes" => input.notes = v,
            _ => {
                extra.insert("", v);
            }
        }
    }
    if input.kind.is_empty() {
        input.kind = if looks_like_organization(&input.name) {
            "organization"
        } else {
            "person"
        }
        .into();
    }
    input
}

fn kind_word(v: &str) -> String {
    let l = v.to_lowercase();
    let org = [
        "organization",
        "organisation",
        "company",
        "机构",
        "公司",
        "单位",
        "法人",
        "организация",
        "юр. лицо",
        "юрлицо",
        "юридическое лицо",
    ];
    let person = [
        "person",
        "individual",
        "个人",
        "自然人",
        "個人",
        "физ. лицо",
        "физлицо",
        "физическое лицо",
    ];
    if org.contains(&l.as_str()) {
        "organization".into()
    } else if person.contains(&l.as_str()) {
        "person".into()
    } else {
        l
    }
}

fn split_list(v: &str) -> Vec<String> {
    v.split([';', '；', ',', '，', '/', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn looks_like_organization(name: &str) -> bool {
    let l = name.to_lowercase();
    [
        "公司",
        "事务所",
        "事務所",
        "集团",
        "集團",
        "ооо",
        "оао",
        "зао",
        "пао",
        "ао ",
        "ип ",
        " llc",
        " ltd",
        " inc",
        " gmbh",
        " llp",
        " plc",
        "limited",
    ]
    .iter()
    .any(|m| l.contains(m) || l.starts_with(m.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_fields_from_headers_in_four_languages() {
        let h: Vec<String> = ["姓名", "手机", "Эл. почта", "Company", "tags", "whatever"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // "Company" would be a second name column: left unmapped.
        assert_eq!(suggest(&h), vec!["name", "phone", "email", "", "tags", ""]);
    }

    #[test]
    fn a_phone_and_a_mobile_column_both_import() {
        let h: Vec<String> = [
            "Name",
            "Telephone",
            "Mobile",
            "Comments",
            "E-mail",
            "Email 2",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = suggest(&h);
        assert_eq!(m[..4], ["name", "phone", "phone", "notes"]);
        let row: Vec<String> = ["Li Lei", "010 8888 6666", "138 0013 8000", "VIP", "", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let input = row_to_input(&m, &row);
        assert_eq!(input.phones, ["010 8888 6666", "138 0013 8000"]);
    }

    #[test]
    fn rows_become_clients() {
        let m: Vec<String> = ["name", "phone", "tags"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let i = row_to_input(
            &m,
            &[
                "北京明理科技有限公司".into(),
                "010-1; 010-2".into(),
                "VIP，长期".into(),
            ],
        );
        assert_eq!(i.kind, "organization");
        assert_eq!(i.phones, vec!["010-1", "010-2"]);
        assert_eq!(i.tags, vec!["VIP", "长期"]);
        assert_eq!(row_to_input(&m, &["王伟".into()]).kind, "person");
    }
}
