//! Clients (natural persons and organizations), their contacts, related persons, tags,
//! classification, value grade and consent record (seed 003). Validation only; no I/O.

use serde::{Deserialize, Serialize};

use super::dates;
use super::error::{AppResult, Validator};
use super::lang::Lang;
use super::names;
use super::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    Person,
    Organization,
}

impl ClientKind {
    pub fn code(self) -> &'static str {
        match self {
            ClientKind::Person => "person",
            ClientKind::Organization => "organization",
        }
    }

    pub fn parse(s: &str) -> Option<ClientKind> {
        match s.trim().to_lowercase().as_str() {
            "person" | "individual" | "natural_person" => Some(ClientKind::Person),
            "organization" | "organisation" | "company" | "legal_entity" => {
                Some(ClientKind::Organization)
            }
            _ => None,
        }
    }
}

/// Value grade; the criteria are shown next to the choice in the app.
pub const GRADES: [&str; 4] = ["A", "B", "C", "D"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Family,
    LegalRepresentative,
    ContactPerson,
    Other,
}

impl Relation {
    /// The stored code; an empty relation means a contact person.
    pub fn parse(s: &str) -> Option<Relation> {
        match s.trim() {
            "family" => Some(Relation::Family),
            "legal_representative" => Some(Relation::LegalRepresentative),
            "contact_person" | "" => Some(Relation::ContactPerson),
            "other" => Some(Relation::Other),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Relation::Family => "family",
            Relation::LegalRepresentative => "legal_representative",
            Relation::ContactPerson => "contact_person",
            Relation::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RelatedPersonInput {
    #[serde(default)]
    pub relation: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub given_on: String,
    #[serde(default)]
    pub channel: String,
}

/// Details of seed 003 kept as a JSON profile: person fields and organization fields.
pub const PROFILE_FIELDS: &[&str] = &[
    "gender",
    "birth_date",
    "family_situation",
    "income",
    "employer",
    "position",
    "interests",
    "legal_representative",
    "contact_person",
    "org_size",
    "registered_capital",
    "annual_turnover",
    "customer_base",
    "partners",
    "potential_needs",
    // What a demand states about the debtor (issue 11): a person in business (ИП,
    // 个体工商户, sole trader) is `sole_trader` = "yes"; registration ids per jurisdiction;
    // how an English letter greets a person ("Mr Smith").
    "sole_trader",
    "inn",
    "ogrn",
    "kpp",
    "uscc",
    "company_number",
    "salutation",
];

/// A client as `client add`, the import and the form send it. Unknown fields are an error.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClientInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub addresses: Vec<String>,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub grade: String,
    #[serde(default)]
    pub grade_reason: String,
    #[serde(default)]
    pub practice_area: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub profile: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub related_persons: Vec<RelatedPersonInput>,
    #[serde(default)]
    pub consent: Option<ConsentInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedPerson {
    pub relation: Relation,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consent {
    pub purpose: String,
    pub given_on: String,
    pub channel: String,
}

/// A validated client.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Client {
    pub kind: ClientKind,
    pub name: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub addresses: Vec<String>,
    pub id_number: String,
    pub language: Lang,
    pub tags: Vec<String>,
    pub grade: String,
    pub grade_reason: String,
    pub practice_area: String,
    pub source: String,
    pub industry: String,
    pub notes: String,
    pub profile: std::collections::BTreeMap<String, String>,
    pub related_persons: Vec<RelatedPerson>,
    pub consent: Option<Consent>,
}

fn merged(single: &str, many: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in std::iter::once(single).chain(many.iter().map(String::as_str)) {
        let v = v.trim();
        if !v.is_empty() && !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

/// The one-or-many contact fields: giving either form of a pair replaces the whole list.
const CONTACT_PAIRS: [(&str, &str); 3] = [
    ("phone", "phones"),
    ("email", "emails"),
    ("address", "addresses"),
];

impl ClientInput {
    /// `current` changed by a partial update: a field absent from `patch` keeps its value,
    /// `null` (or `""`, `[]`, `{}`) clears it. `phone`/`phones` (and e-mails, addresses) are one
    /// field each: either form replaces the whole list. `profile` is replaced as a whole.
    /// Related persons and consents have their own use cases and are not changed here.
    pub fn patched(
        current: &ClientInput,
        patch: &serde_json::Map<String, serde_json::Value>,
    ) -> AppResult<ClientInput> {
        let mut merged = match serde_json::to_value(current) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => return Err(super::error::AppError::internal("client input")),
        };
        for (single, many) in CONTACT_PAIRS {
            if patch.contains_key(single) || patch.contains_key(many) {
                merged.insert(many.to_string(), serde_json::Value::Array(Vec::new()));
            }
        }
        for (k, v) in patch {
            if v.is_null() {
                merged.remove(k);
            } else {
                merged.insert(k.clone(), v.clone());
            }
        }
        super::json_input::from_value(serde_json::Value::Object(merged))
    }
}

impl ClientInput {
    /// Validates every field; `default_language` fills an absent language.
    pub fn validate(&self, default_language: Lang) -> AppResult<Client> {
        let mut v = Validator::default();
        let kind = v.check("kind", ClientKind::parse(&self.kind).ok_or("client_kind"));
        let name = v.check("name", text::text(&self.name, 200, true));
        let (phones, emails, addresses) = self.contacts(&mut v);
        let id_number = v.check("id_number", text::text(&self.id_number, 64, false));
        let language = self.language(&mut v, default_language);
        let tags = self.tags(&mut v);
        let grade = self.grade(&mut v);
        let grade_reason = v.check("grade_reason", text::text(&self.grade_reason, 500, false));
        let practice_area = v.check("practice_area", text::text(&self.practice_area, 100, false));
        let source = v.check("source", text::text(&self.source, 100, false));
        let industry = v.check("industry", text::text(&self.industry, 100, false));
        let notes = v.check("notes", text::text(&self.notes, 10_000, false));
        let profile = self.profile(&mut v);
        let related = self.related_persons(&mut v);
        let consent = self.consent.as_ref().and_then(|c| consent(c, &mut v));
        v.finish()?;
        Ok(Client {
            kind: kind.expect("validated"),
            name: name.unwrap_or_default(),
            phones,
            emails,
            addresses,
            id_number: id_number.unwrap_or_default(),
            language: language.expect("validated"),
            tags,
            grade: grade.unwrap_or_default(),
            grade_reason: grade_reason.unwrap_or_default(),
            practice_area: practice_area.unwrap_or_default(),
            source: source.unwrap_or_default(),
            industry: industry.unwrap_or_default(),
            notes: notes.unwrap_or_default(),
            profile,
            related_persons: related,
            consent,
        })
    }

    /// Phones, e-mails and addresses, each list merged from its one-or-many fields and
    /// every entry checked.
    fn contacts(&self, v: &mut Validator) -> (Vec<String>, Vec<String>, Vec<String>) {
        let phones = merged(&self.phone, &self.phones);
        for p in &phones {
            v.check("phone", text::phone(p));
        }
        let emails = merged(&self.email, &self.emails);
        for e in &emails {
            v.check("email", text::email(e));
        }
        let addresses = merged(&self.address, &self.addresses);
        for a in &addresses {
            v.check("address", text::text(a, 500, false));
        }
        (phones, emails, addresses)
    }

    /// The language given, or `default_language` when none is.
    fn language(&self, v: &mut Validator, default_language: Lang) -> Option<Lang> {
        if self.language.trim().is_empty() {
            Some(default_language)
        } else {
            v.check("language", Lang::parse(&self.language).ok_or("language"))
        }
    }

    /// The tags checked, blanks and repeats left out.
    fn tags(&self, v: &mut Validator) -> Vec<String> {
        let mut tags = Vec::new();
        for t in &self.tags {
            if let Some(t) = v.check("tags", text::text(t, 40, false)) {
                if !t.is_empty() && !tags.contains(&t) {
                    tags.push(t);
                }
            }
        }
        tags
    }

    /// The value grade in capitals; "C" when none is given.
    fn grade(&self, v: &mut Validator) -> Option<String> {
        if self.grade.trim().is_empty() {
            Some("C".to_string())
        } else {
            let g = self.grade.trim().to_uppercase();
            v.check(
                "grade",
                if GRADES.contains(&g.as_str()) {
                    Ok(g)
                } else {
                    Err("grade")
                },
            )
        }
    }

    /// The profile's known fields checked (a birth date as an ISO date), blanks left out.
    fn profile(&self, v: &mut Validator) -> std::collections::BTreeMap<String, String> {
        let mut profile = std::collections::BTreeMap::new();
        for (k, val) in &self.profile {
            if !PROFILE_FIELDS.contains(&k.as_str()) {
                v.push(&format!("profile.{k}"), "unknown_field");
                continue;
            }
            let checked = if k == "birth_date" && !val.trim().is_empty() {
                dates::parse_iso(val).map(dates::to_iso)
            } else {
                text::text(val, 500, false)
            };
            if let Some(c) = v.check(&format!("profile.{k}"), checked) {
                if !c.is_empty() {
                    profile.insert(k.clone(), c);
                }
            }
        }
        profile
    }

    /// The related persons whose every field is valid (the others' errors are recorded).
    fn related_persons(&self, v: &mut Validator) -> Vec<RelatedPerson> {
        self.related_persons
            .iter()
            .enumerate()
            .filter_map(|(i, r)| related_person(i, r, v))
            .collect()
    }
}

/// The `i`th related person, its errors recorded under `related_persons.{i}.…`.
fn related_person(i: usize, r: &RelatedPersonInput, v: &mut Validator) -> Option<RelatedPerson> {
    let f = |name: &str| format!("related_persons.{i}.{name}");
    let relation = Relation::parse(&r.relation);
    if relation.is_none() {
        v.push(&f("relation"), "relation");
    }
    let rname = v.check(&f("name"), text::text(&r.name, 200, true));
    let phone = v.check(&f("phone"), text::phone(&r.phone));
    let email = v.check(&f("email"), text::email(&r.email));
    let rnotes = v.check(&f("notes"), text::text(&r.notes, 1000, false));
    if let (Some(relation), Some(name), Some(phone), Some(email), Some(notes)) =
        (relation, rname, phone, email, rnotes)
    {
        Some(RelatedPerson {
            relation,
            name,
            phone,
            email,
            notes,
        })
    } else {
        None
    }
}

/// The consent record, its errors recorded under `consent.…`.
fn consent(c: &ConsentInput, v: &mut Validator) -> Option<Consent> {
    let purpose = v.check("consent.purpose", text::text(&c.purpose, 500, true));
    let given_on = v.check(
        "consent.given_on",
        dates::parse_iso(&c.given_on).map(dates::to_iso),
    );
    let channel = v.check("consent.channel", text::text(&c.channel, 100, true));
    match (purpose, given_on, channel) {
        (Some(purpose), Some(given_on), Some(channel)) => Some(Consent {
            purpose,
            given_on,
            channel,
        }),
        _ => None,
    }
}

impl Client {
    /// The folded text the search box matches: names in every spelling, phone digits,
    /// e-mails, the id number and tags.
    pub fn search_text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let name_forms = |n: &str, parts: &mut Vec<String>| {
            let f = names::fold(n);
            let t = names::transliterate(&f);
            if t != f {
                parts.push(t);
            }
            parts.push(f);
            if let Some((full, initials)) = names::pinyin(n) {
                parts.push(full);
                parts.push(initials);
            }
        };
        name_forms(&self.name, &mut parts);
        for r in &self.related_persons {
            name_forms(&r.name, &mut parts);
        }
        for p in &self.phones {
            parts.push(names::phone_digits(p));
        }
        for e in &self.emails {
            parts.push(e.to_lowercase());
        }
        if !self.id_number.is_empty() {
            parts.push(names::fold(&self.id_number).replace(' ', ""));
        }
        for t in &self.tags {
            parts.push(format!("#{}", names::fold(t)));
        }
        parts.join(" | ")
    }
}

impl Client {
    /// Every distinct 1- and 2-character piece of the client's name forms (folded and
    /// transliterated), with rank 0 when a name form starts with it: the index for the
    /// short queries a trigram index cannot serve.
    pub fn name_grams(&self) -> Vec<(String, i64)> {
        let folded = names::fold(&self.name);
        let latin = names::transliterate(&folded);
        let mut forms = vec![folded, latin];
        if let Some((full, initials)) = names::pinyin(&self.name) {
            forms.push(full);
            forms.push(initials);
        }
        let mut out: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
        for form in forms {
            let chars: Vec<char> = form.chars().collect();
            for len in 1..=2 {
                for start in 0..chars.len().saturating_sub(len - 1) {
                    let piece: String = chars[start..start + len].iter().collect();
                    if piece.contains(' ') {
                        continue;
                    }
                    let rank = if start == 0 { 0 } else { 1 };
                    let e = out.entry(piece).or_insert(rank);
                    *e = (*e).min(rank);
                }
            }
        }
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::ErrorCode;

    #[test]
    fn name_grams_cover_short_queries() {
        let c = ClientInput {
            kind: "person".into(),
            name: "Щукина Ан".into(),
            ..Default::default()
        }
        .validate(Lang::Ru)
        .unwrap();
        let g = c.name_grams();
        assert!(g.contains(&("щ".to_string(), 0)));
        assert!(g.contains(&("ан".to_string(), 1)));
        assert!(g.contains(&("sh".to_string(), 0)));
        assert!(!g.iter().any(|(p, _)| p.contains(' ')));
    }

    fn person() -> ClientInput {
        ClientInput {
            kind: "person".into(),
            name: "張偉".into(),
            phone: "+86 138-0013-8000".into(),
            email: "zhang@example.cn".into(),
            tags: vec!["VIP".into(), "VIP".into()],
            ..Default::default()
        }
    }

    #[test]
    fn validates_and_merges_contacts() {
        let mut input = person();
        input.phones = vec!["+86 138-0013-8000".into(), "010 8888 6666".into()];
        let c = input.validate(Lang::ZhTw).unwrap();
        assert_eq!(c.kind, ClientKind::Person);
        assert_eq!(c.phones.len(), 2);
        assert_eq!(c.tags, vec!["VIP"]);
        assert_eq!(c.language, Lang::ZhTw);
        assert_eq!(c.grade, "C");
        let s = c.search_text();
        assert!(
            s.contains("张伟") && s.contains("8613800138000") && s.contains("#vip"),
            "{s}"
        );
    }

    #[test]
    fn reports_every_bad_field() {
        let input = ClientInput {
            kind: "alien".into(),
            name: "".into(),
            email: "x".into(),
            grade: "Z".into(),
            profile: [
                ("birth_date".to_string(), "1990-02-30".to_string()),
                ("shoe_size".to_string(), "42".to_string()),
            ]
            .into(),
            related_persons: vec![RelatedPersonInput {
                relation: "cousin".into(),
                ..Default::default()
            }],
            consent: Some(ConsentInput {
                purpose: "engagement".into(),
                given_on: "yesterday".into(),
                channel: "paper".into(),
            }),
            ..Default::default()
        };
        let err = input.validate(Lang::En).unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        let fields: Vec<_> = err
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        for want in [
            ("kind", "client_kind"),
            ("name", "required"),
            ("email", "email"),
            ("grade", "grade"),
            ("profile.birth_date", "date"),
            ("profile.shoe_size", "unknown_field"),
            ("related_persons.0.relation", "relation"),
            ("related_persons.0.name", "required"),
            ("consent.given_on", "date"),
        ] {
            assert!(fields.contains(&want), "{want:?} missing from {fields:?}");
        }
    }

    #[test]
    fn russian_names_are_searchable_in_latin_too() {
        let c = ClientInput {
            kind: "person".into(),
            name: "Щукина Анна".into(),
            ..Default::default()
        }
        .validate(Lang::Ru)
        .unwrap();
        let s = c.search_text();
        assert!(
            s.contains("щукина анна") && s.contains("shchukina anna"),
            "{s}"
        );
    }
}
