//! Letter texts: one template per kind and language, editable by the lawyer. The first line
//! is the title; paragraphs are separated by blank lines; `{{ name }}` places a value and
//! `{{ items_table }}` / `{{ payment_details }}` (alone in their paragraph) place the
//! itemized table and the payment block. A template is checked when saved: it must parse,
//! and every placeholder must be one the kind knows.

use std::collections::BTreeMap;

use minijinja::Environment;
use serde::Serialize;

use super::compose::{PAYMENT_MARK, TABLE_MARK};
use crate::domain::error::{AppError, AppResult};
use crate::domain::lang::Lang;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Quote,
    Confirmation,
    Reminder,
    SecondReminder,
    Demand,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Quote,
        Kind::Confirmation,
        Kind::Reminder,
        Kind::SecondReminder,
        Kind::Demand,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Quote => "quote",
            Kind::Confirmation => "confirmation",
            Kind::Reminder => "reminder",
            Kind::SecondReminder => "second_reminder",
            Kind::Demand => "demand",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    /// Dunning stages, in order.
    pub fn is_dunning(self) -> bool {
        matches!(self, Kind::Reminder | Kind::SecondReminder | Kind::Demand)
    }
}

const COMMON: &[&str] = &[
    "firm_name",
    "firm_address",
    "firm_phone",
    "firm_email",
    "lawyer_name",
    "client_name",
    "letter_number",
    "date",
];

/// The placeholders a kind's template may use.
pub fn placeholders(kind: Kind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        Kind::Quote => &[
            "quote_number",
            "quote_title",
            "total",
            "total_words",
            "valid_until",
            "terms",
            "plan",
            "items_table",
            "payment_details",
        ],
        Kind::Confirmation => &[
            "amount",
            "amount_words",
            "paid_on",
            "method",
            "account",
            "covers",
            "reference",
            "open_balance",
            "items_table",
        ],
        Kind::Reminder | Kind::SecondReminder | Kind::Demand => &[
            "principal",
            "principal_words",
            "interest",
            "total",
            "total_words",
            "deadline",
            "invoice_count",
            "oldest_due",
            "items_table",
            "payment_details",
        ],
    };
    COMMON.iter().chain(own).copied().collect()
}

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env
}

/// Checks a template: it parses and uses only known placeholders. The error names the
/// unknown ones.
pub fn validate(kind: Kind, body: &str) -> AppResult<()> {
    if body.trim().is_empty() {
        return Err(AppError::field("body", "required"));
    }
    if body.chars().count() > 20_000 {
        return Err(AppError::field("body", "too_long"));
    }
    let env = env();
    let tmpl = env.template_from_str(body).map_err(|e| {
        let mut err = AppError::field("body", "template_syntax");
        err.message = format!(
            "The template does not parse: {}",
            e.detail().unwrap_or("syntax error")
        );
        err
    })?;
    let allowed = placeholders(kind);
    let mut unknown: Vec<String> = tmpl
        .undeclared_variables(false)
        .into_iter()
        .filter(|v| !allowed.contains(&v.as_str()))
        .collect();
    unknown.sort();
    if !unknown.is_empty() {
        let mut err = AppError::field("body", "unknown_placeholder");
        err.message = format!("Unknown placeholder(s): {}", unknown.join(", "));
        return Err(err);
    }
    Ok(())
}

/// Renders a template with its values; returns (title, body) with the block marks placed.
pub fn render(body: &str, values: &BTreeMap<&str, String>) -> AppResult<(String, String)> {
    let mut ctx: BTreeMap<&str, String> = values.clone();
    ctx.insert("items_table", format!("\n\n{TABLE_MARK}\n\n"));
    ctx.insert("payment_details", format!("\n\n{PAYMENT_MARK}\n\n"));
    let text = env().render_str(body, &ctx).map_err(|e| {
        let mut err = AppError::field("body", "template_syntax");
        err.message = format!(
            "The letter template could not be filled: {}",
            e.detail().unwrap_or("error")
        );
        err
    })?;
    let text = text.replace("\r\n", "\n");
    let mut parts = text.trim_start().splitn(2, '\n');
    let title = parts.next().unwrap_or_default().trim().to_string();
    let rest = parts.next().unwrap_or_default().to_string();
    Ok((title, rest))
}

/// The built-in text of a kind in a language.
pub fn default_template(kind: Kind, lang: Lang) -> &'static str {
    use Kind::*;
    use Lang::*;
    match (kind, lang) {
        (Quote, ZhCn) => "律师服务费用报价函\n\n致：{{ client_name }}\n\n感谢您对{{ firm_name }}的信任。就“{{ quote_title }}”一事，根据工作量、复杂程度、专业程度及时限要求，本所报价如下（报价单号 {{ quote_number }}）：\n\n{{ items_table }}\n\n费用合计：{{ total }}（{{ total_words }}）。\n\n付款安排：{{ plan }}\n\n{{ terms }}\n\n本报价有效期至{{ valid_until }}。如有任何疑问，欢迎随时与{{ lawyer_name }}律师联系（{{ firm_phone }}，{{ firm_email }}）。\n\n{{ payment_details }}",
        (Quote, ZhTw) => "律師服務費用報價函\n\n受文者：{{ client_name }}\n\n感謝台端對{{ firm_name }}之信任。關於「{{ quote_title }}」一案，本所依工作量、複雜程度、專業程度及時限，報價如下（報價單號 {{ quote_number }}）：\n\n{{ items_table }}\n\n費用合計：{{ total }}（{{ total_words }}）。\n\n付款方式：{{ plan }}\n\n{{ terms }}\n\n本報價有效期限至{{ valid_until }}。如有疑問，歡迎與{{ lawyer_name }}律師聯繫（{{ firm_phone }}，{{ firm_email }}）。\n\n{{ payment_details }}",
        (Quote, Ru) => "Коммерческое предложение\n\nБлагодарим за обращение в {{ firm_name }}. Стоимость услуг по вопросу «{{ quote_title }}» рассчитана с учётом объёма работы, сложности, специализации и сроков (предложение № {{ quote_number }}):\n\n{{ items_table }}\n\nИтого: {{ total }} ({{ total_words }}).\n\nПорядок оплаты: {{ plan }}\n\n{{ terms }}\n\nПредложение действительно до {{ valid_until }}. С вопросами обращайтесь к адвокату {{ lawyer_name }}: {{ firm_phone }}, {{ firm_email }}.\n\n{{ payment_details }}",
        (Quote, En) => "Fee proposal\n\nDear {{ client_name }},\n\nThank you for instructing {{ firm_name }}. Our fees for \"{{ quote_title }}\" reflect the volume of work, its complexity, the specialist knowledge required and the timetable (proposal {{ quote_number }}):\n\n{{ items_table }}\n\nTotal: {{ total }} ({{ total_words }}).\n\nPayment: {{ plan }}\n\n{{ terms }}\n\nThis proposal is valid until {{ valid_until }}. Please contact {{ lawyer_name }} ({{ firm_phone }}, {{ firm_email }}) with any questions.\n\n{{ payment_details }}",
        (Confirmation, ZhCn) => "付款确认函\n\n致：{{ client_name }}\n\n本所确认于{{ paid_on }}通过{{ method }}收到贵方支付的款项{{ amount }}（{{ amount_words }}），收款账户：{{ account }}，付款备注：{{ reference }}。该笔款项用于支付：{{ covers }}。\n\n{{ items_table }}\n\n截至本函出具之日，贵方尚余未付款项：{{ open_balance }}。本所将按照委托合同的约定继续为贵方提供法律服务。\n\n衷心感谢您的信任与支持！",
        (Confirmation, ZhTw) => "付款確認函\n\n受文者：{{ client_name }}\n\n本所確認已於{{ paid_on }}以{{ method }}收到台端支付之款項{{ amount }}（{{ amount_words }}），收款帳戶：{{ account }}，付款備註：{{ reference }}。該筆款項係用以支付：{{ covers }}。\n\n{{ items_table }}\n\n截至本函出具日，尚餘未付款項：{{ open_balance }}。本所將依委任契約繼續為台端提供法律服務。\n\n謹此致謝！",
        (Confirmation, Ru) => "Подтверждение оплаты\n\nПодтверждаем получение {{ paid_on }} оплаты в сумме {{ amount }} ({{ amount_words }}) способом «{{ method }}» на счёт {{ account }}, назначение платежа: {{ reference }}. Платёж зачтён в счёт: {{ covers }}.\n\n{{ items_table }}\n\nОстаток задолженности на дату письма: {{ open_balance }}. Оказание услуг продолжается в соответствии с договором.\n\nБлагодарим за своевременную оплату!",
        (Confirmation, En) => "Payment confirmation\n\nDear {{ client_name }},\n\nWe confirm receipt on {{ paid_on }} of {{ amount }} ({{ amount_words }}) by {{ method }} into {{ account }}, reference {{ reference }}. The payment has been applied to: {{ covers }}.\n\n{{ items_table }}\n\nThe balance outstanding as of the date of this letter is {{ open_balance }}. We continue to act for you under the terms of our engagement.\n\nThank you for your payment.",
        (Reminder, ZhCn) => "付款提醒函\n\n致：{{ client_name }}\n\n您好！感谢您一直以来对{{ firm_name }}的信任。经核对，以下账单已过付款期限，可能是疏忽所致，特此提醒：\n\n{{ items_table }}\n\n未付金额合计：{{ total }}（{{ total_words }}）。烦请于{{ deadline }}前安排付款，付款方式如下：\n\n{{ payment_details }}\n\n如您已付款，请将付款凭证发送至{{ firm_email }}，并忽略本函。如有疑问，欢迎随时联系{{ lawyer_name }}律师。",
        (Reminder, ZhTw) => "付款提醒函\n\n受文者：{{ client_name }}\n\n您好！感謝您對{{ firm_name }}之信任。經核對，下列帳單已逾付款期限，或係一時疏忽，特此提醒：\n\n{{ items_table }}\n\n未付金額合計：{{ total }}（{{ total_words }}）。敬請於{{ deadline }}前付款，付款方式如下：\n\n{{ payment_details }}\n\n如已付款，請將付款憑證寄至{{ firm_email }}，並請忽略本函。",
        (Reminder, Ru) => "Напоминание об оплате\n\nБлагодарим за сотрудничество с {{ firm_name }}. По нашим данным, срок оплаты следующих счетов истёк — возможно, это просто недосмотр:\n\n{{ items_table }}\n\nИтого к оплате: {{ total }} ({{ total_words }}). Просим произвести оплату до {{ deadline }}.\n\n{{ payment_details }}\n\nЕсли оплата уже произведена, пришлите, пожалуйста, платёжное поручение на {{ firm_email }} и не принимайте это письмо во внимание.",
        (Reminder, En) => "Payment reminder\n\nDear {{ client_name }},\n\nThank you for choosing {{ firm_name }}. Our records show that the following invoices are past their due date — perhaps an oversight:\n\n{{ items_table }}\n\nThe amount outstanding is {{ total }} ({{ total_words }}). We would be grateful for payment by {{ deadline }}.\n\n{{ payment_details }}\n\nIf you have already paid, please send the remittance details to {{ firm_email }} and disregard this reminder.",
        (SecondReminder, ZhCn) => "再次付款提醒函\n\n致：{{ client_name }}\n\n本所此前已就下列逾期账单向贵方发出付款提醒，但截至{{ date }}仍未收到款项：\n\n{{ items_table }}\n\n逾期本金合计{{ principal }}，按约定计至今日的逾期违约金{{ interest }}，合计{{ total }}（{{ total_words }}）。请务必于{{ deadline }}前付清。如付款确有困难，请及时与{{ lawyer_name }}律师联系，商议分期或部分付款安排。\n\n{{ payment_details }}",
        (SecondReminder, ZhTw) => "再次付款提醒函\n\n受文者：{{ client_name }}\n\n本所前已就下列逾期帳單通知台端，惟截至{{ date }}仍未收到款項：\n\n{{ items_table }}\n\n逾期本金合計{{ principal }}，依約計算至今之違約金{{ interest }}，總計{{ total }}（{{ total_words }}）。請務必於{{ deadline }}前清償。如付款確有困難，請儘速與{{ lawyer_name }}律師聯繫，商議分期或部分清償。\n\n{{ payment_details }}",
        (SecondReminder, Ru) => "Повторное напоминание об оплате\n\nРанее мы направляли Вам напоминание об оплате следующих счетов, однако по состоянию на {{ date }} оплата не поступила:\n\n{{ items_table }}\n\nОсновной долг: {{ principal }}; неустойка по договору на сегодня: {{ interest }}; итого: {{ total }} ({{ total_words }}). Просим оплатить до {{ deadline }}. Если оплата затруднительна, свяжитесь с адвокатом {{ lawyer_name }}: мы готовы обсудить рассрочку или частичную оплату.\n\n{{ payment_details }}",
        (SecondReminder, En) => "Second payment reminder\n\nDear {{ client_name }},\n\nWe wrote to you earlier about the invoices below, which remain unpaid as at {{ date }}:\n\n{{ items_table }}\n\nPrincipal outstanding: {{ principal }}; late charges under our terms to date: {{ interest }}; total: {{ total }} ({{ total_words }}). Please pay by {{ deadline }}. If payment in full is difficult, please contact {{ lawyer_name }} to agree instalments or a part payment.\n\n{{ payment_details }}",
        (Demand, ZhCn) => "律师函\n\n致：{{ client_name }}\n\n{{ firm_name }}就贵方拖欠本所律师服务费用一事，郑重致函如下：\n\n截至{{ date }}，贵方尚有下列款项逾期未付：\n\n{{ items_table }}\n\n上述欠款本金合计{{ principal }}（{{ principal_words }}），按委托合同约定计至今日的逾期违约金为{{ interest }}，合计{{ total }}（{{ total_words }}）。\n\n请贵方于{{ deadline }}前付清上述全部款项。逾期未付，本所将依法向有管辖权的人民法院提起诉讼或申请仲裁，由此产生的诉讼费、保全费等一切费用均由贵方承担。本函依《中华人民共和国民法典》第一百九十五条构成对诉讼时效的中断。\n\n{{ payment_details }}\n\n如贵方已付款，请将付款凭证发送至{{ firm_email }}。",
        (Demand, ZhTw) => "催告函\n\n受文者：{{ client_name }}\n\n主旨：請於{{ deadline }}前清償積欠本所之律師費用，逾期將依法訴追。\n\n說明：\n一、台端委任本所處理法律事務，依約應給付之下列款項迄今未付：\n\n{{ items_table }}\n\n二、上開本金合計{{ principal }}（{{ principal_words }}），另依約計算至今之遲延違約金{{ interest }}，總計{{ total }}（{{ total_words }}）。\n\n三、請於{{ deadline }}前清償完畢。逾期未清償，本所將依法訴追，並請求自遲延時起按週年利率百分之五計算之法定遲延利息（民法第二百零三條、第二百三十三條）。\n\n{{ payment_details }}",
        (Demand, Ru) => "ПРЕТЕНЗИЯ\n\nПо договору об оказании юридической помощи за Вами числится задолженность по следующим счетам:\n\n{{ items_table }}\n\nСумма основного долга: {{ principal }} ({{ principal_words }}). Неустойка по договору по состоянию на {{ date }}: {{ interest }}. Итого: {{ total }} ({{ total_words }}).\n\nТребуем погасить задолженность не позднее {{ deadline }} (30 календарных дней с даты направления претензии, ч. 5 ст. 4 АПК РФ). В случае неоплаты мы обратимся в суд с требованием о взыскании долга, неустойки и судебных расходов.\n\n{{ payment_details }}\n\nЕсли оплата уже произведена, просим направить копию платёжного поручения на {{ firm_email }}.",
        (Demand, En) => "Letter before action\n\nDear {{ client_name }},\n\nWe write about fees that remain unpaid under our engagement with you. As at {{ date }} the following invoices are overdue:\n\n{{ items_table }}\n\nThe principal outstanding is {{ principal }} ({{ principal_words }}). Late charges under our terms to date amount to {{ interest }}. The total now due is {{ total }} ({{ total_words }}).\n\nUnless the total is paid by {{ deadline }}, we intend to issue proceedings to recover the debt, interest and costs without further notice to you.\n\n{{ payment_details }}\n\nIf you have already paid, please send the remittance details to {{ firm_email }}.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_is_valid() {
        for k in Kind::ALL {
            for l in [Lang::ZhCn, Lang::ZhTw, Lang::Ru, Lang::En] {
                validate(k, default_template(k, l))
                    .unwrap_or_else(|e| panic!("{k:?} {l:?}: {}", e.message));
            }
        }
    }

    #[test]
    fn unknown_placeholders_and_syntax_errors_are_named() {
        let e = validate(
            Kind::Reminder,
            "Title\n\n{{ client_name }} owes {{ amount_due }}",
        )
        .unwrap_err();
        assert_eq!(e.fields[0].code, "unknown_placeholder");
        assert!(e.message.contains("amount_due"));
        let e = validate(Kind::Reminder, "Title\n\n{{ client_name ").unwrap_err();
        assert_eq!(e.fields[0].code, "template_syntax");
        // A placeholder of another kind is unknown here.
        assert_eq!(
            validate(Kind::Confirmation, "T\n\n{{ deadline }}")
                .unwrap_err()
                .fields[0]
                .code,
            "unknown_placeholder"
        );
    }

    #[test]
    fn rendering_places_the_blocks() {
        let mut v = BTreeMap::new();
        v.insert("client_name", "王伟".to_string());
        let (title, body) =
            render("催款函\n\n致：{{ client_name }}\n\n{{ items_table }}", &v).unwrap();
        assert_eq!(title, "催款函");
        assert!(body.contains("致：王伟") && body.contains(TABLE_MARK));
    }
}
