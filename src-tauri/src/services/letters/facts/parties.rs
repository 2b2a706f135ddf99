//! The parties as a letter names them: the firm as it signs in the letter's language, the
//! client with its registration ids and representative, how the letter addresses it, and
//! the recipient block.

use std::collections::BTreeMap;

use super::Values;
use crate::domain::lang::Lang;
use crate::domain::AppResult;
use crate::letters::jurisdiction::Debtor;
use crate::services::letters::terms::{self as terms, Signer};
use crate::store::clients::ClientView;
use crate::store::firm::StoredProfile;
use crate::store::Conn as Connection;

/// The firm and the client as the letter names them, with the values every kind fills.
pub(super) struct Parties {
    pub(super) debtor: Debtor,
    pub(super) signer: Signer,
    pub(super) client_ids: BTreeMap<String, String>,
    pub(super) values: Values,
    pub(super) recipient: Vec<String>,
}

/// The values every kind fills: the firm, the signatory, the client, its ids and legal
/// representative, the forms of address; and the recipient block.
pub(super) fn gather(
    c: &Connection,
    profile: &StoredProfile,
    client: &ClientView,
    lang: Lang,
) -> AppResult<Parties> {
    let debtor = terms::debtor_of(client);
    let signer = terms::signer(c, profile, lang)?;
    let client_ids = terms::client_ids(client);
    let legal_rep = terms::profile_field(client, "legal_representative");
    let mut values: Values = BTreeMap::new();
    let p = &profile.profile;
    values.insert("firm_name", signer.name.clone());
    values.insert("firm_address", signer.address.clone());
    values.insert("firm_phone", p.phone.clone());
    values.insert("firm_email", p.email.clone());
    values.insert(
        "firm_ids",
        terms::ids_line(&signer.ids, lang, Debtor::Organization),
    );
    values.insert("lawyer_name", signer.signatory_name.clone());
    values.insert("signatory_title", signer.signatory_title.clone());
    values.insert("client_name", client.name.clone());
    values.insert("client_ids", terms::ids_line(&client_ids, lang, debtor));
    values.insert("debtor", debtor.code().into());
    values.insert(
        "legal_representative",
        if debtor == Debtor::Organization {
            legal_rep.clone()
        } else {
            String::new()
        },
    );
    let [you, salutation, closing] = terms::address_forms(client, debtor, lang);
    values.insert("you", you);
    values.insert("salutation", salutation);
    values.insert("closing", closing);
    let recipient = recipient_block(client, debtor, lang, &values);
    Ok(Parties {
        debtor,
        signer,
        client_ids,
        values,
        recipient,
    })
}

/// The addressee block: name, (Taiwan) the company's 法定代理人, the registration ids the
/// kind expects, and the first address.
fn recipient_block(
    client: &ClientView,
    debtor: Debtor,
    lang: Lang,
    values: &Values,
) -> Vec<String> {
    let mut lines = vec![client.name.clone()];
    let rep = values
        .get("legal_representative")
        .cloned()
        .unwrap_or_default();
    if lang == Lang::ZhTw && debtor == Debtor::Organization && !rep.is_empty() {
        lines.push(format!("法定代理人：{rep}"));
    }
    if let Some(ids) = values.get("client_ids").filter(|s| !s.is_empty()) {
        lines.push(ids.clone());
    }
    if let Some(a) = client.addresses.first() {
        lines.push(a.clone());
    }
    lines
}
