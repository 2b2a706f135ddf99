//! The built-in letter texts, one per kind × language; each language is one jurisdiction
//! (`jurisdiction`), and the debtor kind (`debtor`: person, organization, sole_trader), the
//! agreed late charge (`penalty`) and the dispute clause (`forum`) select the variant inside
//! the text. Every legal statement names its source in the comment above its text.
//! Values a demand needs but the file lacks are printed as blanks and reported before
//! writing (`services::letters::facts`), never left out silently.

// ---------------------------------------------------------------------------------------
// Quotes (no legal statement).
pub const QUOTE_ZH_CN: &str = "律师服务费用报价函\n\n致：{{ client_name }}\n\n感谢您对{{ firm_name }}的信任。就“{{ quote_title }}”一事，根据工作量、复杂程度、专业程度及时限要求，本所报价如下（报价单号 {{ quote_number }}）：\n\n{{ items_table }}\n\n费用合计：{{ total }}（{{ total_words }}）。\n\n付款安排：{{ plan }}\n\n{{ terms }}\n\n本报价有效期至{{ valid_until }}。如有任何疑问，欢迎随时与{{ lawyer_name }}律师联系（{{ firm_phone }}，{{ firm_email }}）。\n\n{{ payment_details }}";
pub const QUOTE_ZH_TW: &str = "律師服務費用報價函\n\n受文者：{{ client_name }}\n\n感謝{{ you }}對{{ firm_name }}之信任。關於「{{ quote_title }}」一案，本所依工作量、複雜程度、專業程度及時限，報價如下（報價單號 {{ quote_number }}）：\n\n{{ items_table }}\n\n費用合計：{{ total }}（{{ total_words }}）。\n\n付款方式：{{ plan }}\n\n{{ terms }}\n\n本報價有效期限至{{ valid_until }}。如有疑問，歡迎與{{ lawyer_name }}律師聯繫（{{ firm_phone }}，{{ firm_email }}）。\n\n{{ payment_details }}";
pub const QUOTE_RU: &str = "Коммерческое предложение\n\nБлагодарим за обращение в {{ firm_name }}. Стоимость услуг по вопросу «{{ quote_title }}» рассчитана с учётом объёма работы, сложности, специализации и сроков (предложение № {{ quote_number }}):\n\n{{ items_table }}\n\nИтого: {{ total }} ({{ total_words }}).\n\nПорядок оплаты: {{ plan }}\n\n{{ terms }}\n\nПредложение действительно до {{ valid_until }}. С вопросами обращайтесь: {{ signatory_title }} {{ lawyer_name }}, {{ firm_phone }}, {{ firm_email }}.\n\n{{ payment_details }}";
pub const QUOTE_EN: &str = "Fee proposal\n\n{{ salutation }},\n\nThank you for instructing {{ firm_name }}. Our fees for \"{{ quote_title }}\" reflect the volume of work, its complexity, the specialist knowledge required and the timetable (proposal {{ quote_number }}):\n\n{{ items_table }}\n\nTotal: {{ total }} ({{ total_words }}).\n\nPayment: {{ plan }}\n\n{{ terms }}\n\nThis proposal is valid until {{ valid_until }}. Please contact {{ lawyer_name }} ({{ firm_phone }}, {{ firm_email }}) with any questions.\n\n{{ payment_details }}\n\n{{ closing }}";

// ---------------------------------------------------------------------------------------
// Payment confirmations (seed 000): amount, method, date, account, what it covers. "On
// time" only when every covered invoice was paid by its due date; the payer named when not
// the client; unpaid late charges reserved; the balance as at the letter date; the account
// as bank and masked number; no promise beyond the contract.
pub const CONFIRMATION_ZH_CN: &str = "付款确认函\n\n致：{{ client_name }}\n\n本所确认于{{ paid_on }}通过{{ method }}收到{% if payer %}{{ payer }}代贵方{% else %}贵方{% endif %}支付的款项{{ amount }}（{{ amount_words }}），收款账户：{{ account }}，付款备注：{{ reference }}。该笔款项用于支付：{{ covers }}。\n\n{{ items_table }}\n\n{% if late_outstanding %}上述账单付款逾期，按约定（{% if late_clause %}合同{{ late_clause }}，{% endif %}{{ late_basis }}）产生的逾期违约金{{ late_outstanding }}尚未支付，本所保留主张的权利。\n\n{% endif %}截至{{ date }}，贵方尚余未付款项：{{ open_balance }}。本函仅确认上述款项的收取，不改变委托合同的约定。\n\n{% if on_time %}感谢您按期付款！{% else %}感谢您的付款！{% endif %}";
pub const CONFIRMATION_ZH_TW: &str = "付款確認函\n\n受文者：{{ client_name }}\n\n本所確認已於{{ paid_on }}以{{ method }}收到{% if payer %}{{ payer }}代{{ you }}{% else %}{{ you }}{% endif %}支付之款項{{ amount }}（{{ amount_words }}），收款帳戶：{{ account }}，付款備註：{{ reference }}。該筆款項係用以支付：{{ covers }}。\n\n{{ items_table }}\n\n{% if late_outstanding %}上開帳單係逾期給付，依約定（{% if late_clause %}契約{{ late_clause }}，{% endif %}{{ late_basis }}）計算之違約金{{ late_outstanding }}尚未給付，本所保留請求之權利。\n\n{% endif %}截至{{ date }}，尚餘未付款項：{{ open_balance }}。本函僅確認上開款項之收受，不變更委任契約之約定。\n\n{% if on_time %}感謝{{ you }}如期付款！{% else %}謹此致謝！{% endif %}";
pub const CONFIRMATION_RU: &str = "Подтверждение оплаты\n\nПодтверждаем получение {{ paid_on }} оплаты в сумме {{ amount }} ({{ amount_words }}){% if payer %}, произведённой {{ payer }} за {{ client_name }},{% endif %} способом «{{ method }}» на счёт {{ account }}, назначение платежа: {{ reference }}. Платёж зачтён в счёт: {{ covers }}.\n\n{{ items_table }}\n\n{% if late_outstanding %}Оплата произведена с нарушением срока. Неустойка по договору ({% if late_clause %}{{ late_clause }}, {% endif %}{{ late_basis }}) в сумме {{ late_outstanding }} не уплачена; право требовать её уплаты сохраняется.\n\n{% endif %}Остаток задолженности на {{ date }}: {{ open_balance }}. Настоящее письмо подтверждает только получение платежа и не изменяет условий договора.\n\n{% if on_time %}Благодарим за своевременную оплату!{% else %}Благодарим за оплату.{% endif %}";
pub const CONFIRMATION_EN: &str = "Payment confirmation\n\n{{ salutation }},\n\nWe confirm receipt on {{ paid_on }} of {{ amount }} ({{ amount_words }}){% if payer %}, paid by {{ payer }} on your behalf,{% endif %} by {{ method }} into {{ account }}, reference {{ reference }}. The payment has been applied to: {{ covers }}.\n\n{{ items_table }}\n\n{% if late_outstanding %}The payment was made after the due date. Late charges of {{ late_outstanding }} under {% if late_clause %}{{ late_clause }} of {% endif %}our terms ({{ late_basis }}) remain unpaid, and we reserve our right to them.\n\n{% endif %}The balance outstanding as at {{ date }} is {{ open_balance }}. This letter confirms receipt only and does not vary the terms of our engagement.\n\n{% if on_time %}Thank you for paying on time.{% else %}Thank you for your payment.{% endif %}\n\n{{ closing }}";

// ---------------------------------------------------------------------------------------
// Reminders: friendly, no legal statement beyond the agreed late charge and its basis.
pub const REMINDER_ZH_CN: &str = "付款提醒函\n\n致：{{ client_name }}\n\n您好！感谢您一直以来对{{ firm_name }}的信任。经核对，以下账单已过付款期限，可能是疏忽所致，特此提醒：\n\n{{ items_table }}\n\n未付金额合计：{{ total }}（{{ total_words }}）。{% if penalty %}逾期违约金按约定计算：{{ late_basis }}{% if late_clause %}（合同{{ late_clause }}）{% endif %}。{% endif %}烦请于{{ deadline }}前安排付款，付款方式如下：\n\n{{ payment_details }}\n\n如您已付款，请将付款凭证发送至{{ firm_email }}，并忽略本函。如有疑问，欢迎随时联系{{ lawyer_name }}律师。";
pub const REMINDER_ZH_TW: &str = "付款提醒函\n\n受文者：{{ client_name }}\n\n您好！感謝{{ you }}對{{ firm_name }}之信任。經核對，下列帳單已逾付款期限，或係一時疏忽，特此提醒：\n\n{{ items_table }}\n\n未付金額合計：{{ total }}（{{ total_words }}）。{% if penalty %}違約金依約定計算：{{ late_basis }}{% if late_clause %}（契約{{ late_clause }}）{% endif %}。{% endif %}敬請於{{ deadline }}前付款，付款方式如下：\n\n{{ payment_details }}\n\n如已付款，請將付款憑證寄至{{ firm_email }}，並請忽略本函。";
pub const REMINDER_RU: &str = "Напоминание об оплате\n\nБлагодарим за сотрудничество с {{ firm_name }}. По нашим данным, срок оплаты следующих счетов истёк — возможно, это просто недосмотр:\n\n{{ items_table }}\n\nИтого к оплате: {{ total }} ({{ total_words }}).{% if penalty %} Неустойка начисляется по договору{% if late_clause %} ({{ late_clause }}){% endif %}: {{ late_basis }}.{% endif %} Просим произвести оплату до {{ deadline }} включительно.\n\n{{ payment_details }}\n\nЕсли оплата уже произведена, пришлите, пожалуйста, платёжное поручение на {{ firm_email }} и не принимайте это письмо во внимание.";
pub const REMINDER_EN: &str = "Payment reminder\n\n{{ salutation }},\n\nThank you for choosing {{ firm_name }}. Our records show that the following invoices are past their due date — perhaps an oversight:\n\n{{ items_table }}\n\nThe amount outstanding is {{ total }} ({{ total_words }}).{% if penalty %} Late charges run under {% if late_clause %}{{ late_clause }} of {% endif %}our terms: {{ late_basis }}.{% endif %} We would be grateful for payment by {{ deadline }}.\n\n{{ payment_details }}\n\nIf you have already paid, please send the remittance details to {{ firm_email }} and disregard this reminder.\n\n{{ closing }}";

pub const SECOND_ZH_CN: &str = "再次付款提醒函\n\n致：{{ client_name }}\n\n本所此前已就下列逾期账单向贵方发出付款提醒，但截至{{ date }}仍未收到款项：\n\n{{ items_table }}\n\n逾期本金合计{{ principal }}{% if penalty %}，按约定（{% if late_clause %}合同{{ late_clause }}，{% endif %}{{ late_basis }}）计至{{ date }}的逾期违约金{{ interest }}{% endif %}，合计{{ total }}（{{ total_words }}）。请务必于{{ deadline }}前付清。如付款确有困难，请及时与{{ lawyer_name }}律师联系，商议分期或部分付款安排。\n\n{{ payment_details }}";
pub const SECOND_ZH_TW: &str = "再次付款提醒函\n\n受文者：{{ client_name }}\n\n本所前已就下列逾期帳單通知{{ you }}，惟截至{{ date }}仍未收到款項：\n\n{{ items_table }}\n\n逾期本金合計{{ principal }}{% if penalty %}，依約定（{% if late_clause %}契約{{ late_clause }}，{% endif %}{{ late_basis }}）計算至{{ date }}之違約金{{ interest }}{% endif %}，總計{{ total }}（{{ total_words }}）。請務必於{{ deadline }}前清償。如付款確有困難，請儘速與{{ lawyer_name }}律師聯繫，商議分期或部分清償。\n\n{{ payment_details }}";
pub const SECOND_RU: &str = "Повторное напоминание об оплате\n\nРанее мы направляли Вам напоминание об оплате следующих счетов, однако по состоянию на {{ date }} оплата не поступила:\n\n{{ items_table }}\n\nОсновной долг: {{ principal }};{% if penalty %} неустойка по договору ({% if late_clause %}{{ late_clause }}, {% endif %}{{ late_basis }}) на {{ date }}: {{ interest }};{% endif %} итого: {{ total }} ({{ total_words }}). Просим оплатить до {{ deadline }} включительно. Если оплата затруднительна, свяжитесь с нами ({{ signatory_title }} {{ lawyer_name }}): мы готовы обсудить рассрочку или частичную оплату.\n\n{{ payment_details }}";
pub const SECOND_EN: &str = "Second payment reminder\n\n{{ salutation }},\n\nWe wrote to you earlier about the invoices below, which remain unpaid as at {{ date }}:\n\n{{ items_table }}\n\nPrincipal outstanding: {{ principal }};{% if penalty %} late charges under {% if late_clause %}{{ late_clause }} of {% endif %}our terms ({{ late_basis }}) to date: {{ interest }};{% endif %} total: {{ total }} ({{ total_words }}). Please pay by {{ deadline }}. If payment in full is difficult, please contact {{ lawyer_name }} to agree instalments or a part payment.\n\n{{ payment_details }}\n\n{{ closing }}";

// ---------------------------------------------------------------------------------------
// 律师函 (People's Republic of China).
// - 委托关系 and the work done: the engagement contract's title, number and date and the
//   facts of the work (domain.md, "China, 律师函": who instructed, facts, basis, demand,
//   deadline, consequences).
// - Basis of a fee claim: 《民法典》第五百零九条 (perform fully as agreed), 第五百七十七条
//   (liability for breach), 第五百七十九条 (a party that fails to pay money may be required
//   to pay), and 第五百八十五条 where a 违约金 is agreed. Not 第六百七十六条 (loan contracts).
// - Limitation: 第一百九十五条 interrupts limitation when the creditor's demand reaches the
//   debtor (诉讼时效规定 (2020) 第八条: on arrival); the letter does not declare itself an
//   interruption — the firm keeps the EMS receipt.
// - Consequence per the engagement's dispute clause: 提起诉讼 (court) or 申请仲裁 (the named
//   institution), never both. Costs: as the court or tribunal allocates them (《诉讼费用交纳
//   办法》第二十九条: borne by the losing party) or as the contract provides.
pub const DEMAND_ZH_CN: &str = "律师函\n\n致：{{ client_name }}\n\n{{ you }}与{{ firm_name }}（以下简称“本所”）于{{ contract_date }}签订《{{ contract_title }}》（合同编号：{{ contract_number }}），委托本所提供法律服务。本所已依约履行委托事项，完成的工作包括：{{ work_done }}。\n\n依照上述合同约定，{{ you }}应按期支付律师服务费。截至{{ date }}，下列款项已逾期未付：\n\n{{ items_table }}\n\n上述欠款本金合计{{ principal }}（{{ principal_words }}）。{% if penalty %}依合同{{ late_clause }}约定（{{ late_basis }}），计至{{ date }}的逾期违约金为{{ interest }}，合计{{ total }}（{{ total_words }}）。{% endif %}\n\n根据《中华人民共和国民法典》第五百零九条、第五百七十七条、第五百七十九条{% if penalty %}、第五百八十五条{% endif %}的规定，{{ you }}应当按照约定全面履行付款义务{% if penalty %}，并按约定支付违约金{% endif %}。\n\n请{{ you }}于{{ deadline }}前付清上述款项。逾期未付，本所将依据合同约定{% if forum == \"arbitration\" %}向{{ arbitration_body }}申请仲裁{% else %}向有管辖权的人民法院提起诉讼{% endif %}，追索欠款{% if penalty %}及违约金{% endif %}；{% if forum == \"arbitration\" %}仲裁费{% else %}诉讼费{% endif %}等费用由{% if forum == \"arbitration\" %}仲裁庭{% else %}人民法院{% endif %}依法确定负担，合同另有约定的，本所将依约主张。\n\n{{ payment_details }}\n\n如{{ you }}已付款，请将付款凭证发送至{{ firm_email }}。";

// ---------------------------------------------------------------------------------------
// 催告函 (Taiwan).
// - A company is addressed as 貴公司 with its 法定代理人; a person as 台端.
// - 民法第229條第1項, quoted word for word: 「給付有確定期限者，債務人自期限屆滿時起，負遲延
//   責任。」 (each invoice's due date is the fixed time). Checked 2026-12-03 against the
//   text of 民法 as amended 民國110年1月20日 (法務部全國法規資料庫, law.moj.gov.tw, PCODE
//   B0000001; also web.law.ntpc.gov.tw's copy).
// - Agreed 違約金 (民法第250條第2項: unless agreed otherwise, for late performance the
//   agreed sum is the whole damages for the delay, so no 遲延利息 besides it) OR statutory default
//   interest at 5 % a year (民法第233條第1項, 第203條) — never both. §250 II, §233 I and §203
//   checked 2026-12-03 against law.moj.gov.tw (民法, 民國110年1月20日) and the Taipei City law
//   database (laws.taipei.gov.tw, FL001351).
// - Dates in 民國 years; amounts 新臺幣…元 (`format`).
// - Not printed, but why the letter goes out early: 律師之報酬 prescribes in two years
//   (民法第127條第5款), and a 催告 interrupts only if suit follows within six months
//   (民法第129條第1項第1款, 第130條).
pub const DEMAND_ZH_TW: &str = "催告函\n\n受文者：{{ client_name }}{% if debtor == \"organization\" %}（法定代理人：{{ legal_representative }}）{% endif %}\n\n主旨：請{{ you }}於{{ deadline }}前清償積欠本所之律師報酬，逾期將依法訴追。\n\n說明：\n\n一、{{ you }}於{{ contract_date }}委任本所處理法律事務，依約應給付之下列報酬迄今未付：\n\n{{ items_table }}\n\n二、上開本金合計{{ principal }}（{{ principal_words }}）。{% if penalty %}另依委任契約{{ late_clause }}約定（{{ late_basis }}）計算至{{ date }}之違約金為{{ interest }}，總計{{ total }}（{{ total_words }}）。{% endif %}\n\n三、依民法第二百二十九條第一項「給付有確定期限者，債務人自期限屆滿時起，負遲延責任」，{{ you }}已陷於給付遲延。{% if penalty %}依民法第二百五十條第二項，約定之違約金除另有訂定外，視為因不於適當時期履行債務所生損害之賠償總額，本所不另請求法定遲延利息。{% else %}依民法第二百三十三條第一項及第二百零三條，本所得請求自遲延時起按週年利率百分之五計算之法定遲延利息。{% endif %}\n\n四、請於{{ deadline }}前清償完畢。逾期未清償，本所將依法訴追。\n\n{{ payment_details }}";

// ---------------------------------------------------------------------------------------
// Претензия (Russia).
// - Basis: ГК РФ ст. 309, 310 (obligations performed as agreed, no unilateral refusal),
//   ст. 779, 781 (paid services: the client pays in the time and manner agreed).
// - Either the contractual неустойка (ст. 330, with its clause and basis) or interest under
//   ст. 395 (key rate of the Bank of Russia per period) — never both: п. 4 ст. 395 ГК РФ.
// - To an organization or ИП: ч. 5 ст. 4 АПК РФ — the claim may go to the arbitrazh court
//   30 calendar days after the претензия was sent (a waiting period counted from dispatch,
//   not a term to pay). A natural person gets a plain term to pay and no АПК citation.
// - The agreement's number and date, ИНН/ОГРН of both parties (addressee and letterhead
//   blocks), Приложения, the signatory's title from the firm's profile.
pub const DEMAND_RU: &str = "ПРЕТЕНЗИЯ\n\nМежду {{ firm_name }} ({{ firm_ids }}) и {{ client_name }}{% if client_ids %} ({{ client_ids }}){% endif %} заключён договор об оказании юридической помощи № {{ contract_number }} от {{ contract_date }} (далее — Договор). Юридическая помощь по Договору оказана{% if work_done %}: {{ work_done }}{% endif %}. В силу ст. 309, 310, 779 и 781 ГК РФ оказанные услуги подлежат оплате в сроки и в порядке, указанные в Договоре; односторонний отказ от исполнения обязательства не допускается.\n\nПо состоянию на {{ date }} не оплачены следующие счета:\n\n{{ items_table }}\n\nСумма основного долга: {{ principal }} ({{ principal_words }}).{% if penalty %} Неустойка по {{ late_clause }} Договора (ст. 330 ГК РФ; {{ late_basis }}) по состоянию на {{ date }}: {{ interest }}. Итого: {{ total }} ({{ total_words }}).{% else %} Кроме того, на сумму долга подлежат начислению проценты по ст. 395 ГК РФ в размере ключевой ставки Банка России, действовавшей в соответствующие периоды, со дня, следующего за днём, когда долг должен был быть уплачен, по день его фактической уплаты.{% endif %}\n\n{% if debtor == \"person\" %}Просим погасить задолженность в срок до {{ deadline }} включительно. В случае неоплаты в этот срок мы будем вынуждены обратиться в суд с иском о взыскании долга{% if penalty %}, неустойки{% else %}, процентов{% endif %} и судебных расходов.{% else %}Просим погасить задолженность в срок до {{ deadline }} включительно. Если претензия не будет удовлетворена, по истечении 30 календарных дней со дня её направления мы обратимся в арбитражный суд с иском о взыскании долга{% if penalty %}, неустойки{% else %}, процентов{% endif %} и судебных расходов (ч. 5 ст. 4 АПК РФ).{% endif %}\n\n{{ payment_details }}\n\nЕсли оплата уже произведена, просим направить копию платёжного поручения на {{ firm_email }}.\n\nПриложения:\n1. Копия Договора № {{ contract_number }} от {{ contract_date }}.\n2. Копии неоплаченных счетов ({{ invoice_count }} шт.).\n3. Расчёт задолженности{% if penalty %} и неустойки{% endif %}.\n4. Документ, подтверждающий полномочия лица, подписавшего претензию.";

// ---------------------------------------------------------------------------------------
// Letter before action (England & Wales).
// - An individual or sole trader: the Pre-Action Protocol for Debt Claims (in force 1
//   October 2017; it applies to a business claiming from an individual, a sole trader
//   included, not business to business): section 3, the Letter of Claim, states the amount,
//   whether interest continues, the agreement's date and that a copy may be asked, and
//   encloses an up-to-date statement of account (the table) and the Information Sheet, Reply
//   Form and Financial Statement of Annex 1 (printed as extra pages of this PDF,
//   `annex_pages`); the debtor replies within 30 days of the date of the Letter of Claim.
//   Checked 2026-12-03 against the protocol (justice.gov.uk, .../protocols/debt-pap.pdf, as
//   summarised section by section by Joanna Connolly Solicitors, Lexology and CPA): no
//   paragraph number is printed, only the protocol's name, so none is relied on here.
// - A business: the Practice Direction – Pre-Action Conduct and Protocols (its name since 6
//   April 2015, when it replaced the "Practice Direction – Pre-Action Conduct"), para 6(b):
//   the defendant responds within a reasonable time — 14 days in a straightforward case, no
//   more than 3 months in a very complex one. Checked 2026-12-03: para 6 lists the steps
//   (a) letter before claim, (b) response within a reasonable time, (c) key documents
//   (LexisPSL practice note on the 2015 PD; course notes quoting paras 3, 6, 13–16).
// - Interest: the agreed rate with its clause; otherwise, only business to business (s.2(1):
//   purchaser and supplier each acting in the course of a business), the Late Payment of
//   Commercial Debts (Interest) Act 1998: s.1 (the implied term: a qualifying debt carries
//   simple interest), s.4 (the period for which statutory interest runs, from the day after
//   the relevant day), s.5A (fixed-sum compensation for late payment). Checked 2026-12-03
//   against legislation.gov.uk (ukpga/1998/20, Part I as enacted and s.4 as amended) and the
//   Act's table of sections (s.5A "Compensation arising out of late payment").
// - A solicitor's own fees: Solicitors Act 1974 s.69 — a bill signed and delivered; no
//   action until one month after delivery.
// - "Dear Sirs" closes "Yours faithfully"; "Dear Mr Smith" closes "Yours sincerely".
pub const DEMAND_EN: &str = "Letter before action\n\n{{ salutation }},\n\nUnpaid fees: {{ contract_title }}\n\nWe acted for you under our terms of engagement dated {{ contract_date }}{% if contract_number %} (reference {{ contract_number }}){% endif %}{% if debtor != \"organization\" %}, a copy of which you may request from us{% endif %}{% if work_done %}. The work done: {{ work_done }}{% endif %}. Our bills listed below, signed in accordance with section 69 of the Solicitors Act 1974, were delivered to you on their dates of issue and remain unpaid as at {{ date }}:\n\n{{ items_table }}\n\nThe principal outstanding is {{ principal }} ({{ principal_words }}).{% if penalty %} Interest is charged under {{ late_clause }} of our terms ({{ late_basis }}); it amounts to {{ interest }} to date and continues to accrue, making {{ total }} ({{ total_words }}).{% elif debtor == \"person\" %} No interest or other charges have been added.{% else %} As this debt arises between businesses, we reserve the right to claim statutory interest and fixed-sum compensation under the Late Payment of Commercial Debts (Interest) Act 1998.{% endif %}\n\n{% if debtor == \"organization\" %}This letter is sent in accordance with the Practice Direction – Pre-Action Conduct and Protocols. Please pay the total, or send us your full written response to this claim, within 14 days, by {{ deadline }}. If we receive neither, we intend to issue proceedings against you to recover the debt, interest and costs without further notice.{% else %}This letter is sent under the Pre-Action Protocol for Debt Claims. Please read the enclosed Information Sheet, and complete and return the enclosed Reply Form (with the Financial Statement if you wish to propose payment terms) to us at {{ firm_address }} within 30 days of the date of this letter, by {{ deadline }}. If we receive neither payment nor the Reply Form by then, we may issue court proceedings against you. If you are seeking debt advice, tell us on the Reply Form.{% endif %}\n\n{{ payment_details }}\n\nIf you have already paid, please send the remittance details to {{ firm_email }}.\n\n{% if debtor == \"organization\" %}Enclosure: up-to-date statement of account.{% else %}Enclosures: up-to-date statement of account; Information Sheet; Reply Form; Financial Statement (Annex 1 to the Pre-Action Protocol for Debt Claims).{% endif %}\n\n{{ closing }}";

/// The Annex 1 pages that go with a letter of claim to an individual or sole trader
/// (Pre-Action Protocol for Debt Claims): the Information Sheet, the Reply Form and the
/// Financial Statement, as (title, body) pages in the layout of the protocol's forms. They
/// restate what the protocol's forms ask; the lawyer may replace them with the official
/// forms printed from the protocol.
pub const ANNEX_EN: [(&str, &str); 3] = [
    (
        "Information Sheet (Annex 1, Pre-Action Protocol for Debt Claims)",
        "You have received this because a creditor says you owe them money. The letter with it tells you the amount, how it is made up, and how to pay.\n\nYou should reply within 30 days of the date of the letter, using the Reply Form. If you do not reply, the creditor may start court proceedings against you.\n\nUse the Reply Form to say whether you agree you owe the debt, owe part of it, do not know whether you owe it, or dispute it. You may ask for copies of documents, including a copy of any written agreement. If you agree you owe the debt but need time to pay, complete the Financial Statement and propose how you can pay.\n\nIf you are seeking debt advice, say so on the Reply Form: the creditor should then allow you a reasonable time before starting court proceedings. Free, independent debt advice is available, for example from Citizens Advice or National Debtline (0808 808 4000).",
    ),
    (
        "Reply Form (Annex 1, Pre-Action Protocol for Debt Claims)",
        "Return this form to {{ firm_name }}, {{ firm_address }} (reference {{ letter_number }}) within 30 days of the date of the letter.\n\nYour name and address: ______________________________________________\n\nSection 1 — tick one box:\n[ ] A. I agree I owe the debt of {{ total }}.\n[ ] B. I agree I owe part of the debt. I agree I owe: ____________ because: ____________\n[ ] C. I do not know whether I owe the debt. I need these documents or information: ____________\n[ ] D. I dispute the debt because: ____________\n\n[ ] I am seeking debt advice from: ____________. I expect to have received it by: ____________\n\nSection 2 — if you agree you owe all or part of the debt:\n[ ] I will pay the amount I owe in full by: ____________\n[ ] I will pay by instalments of ____________ every ____________ (complete the Financial Statement).\n\nSigned: ____________________   Date: ____________",
    ),
    (
        "Financial Statement (Annex 1, Pre-Action Protocol for Debt Claims)",
        "Complete this statement if you want to propose paying by instalments.\n\nIncome each month — wages or salary (after deductions): ________; benefits: ________; pensions: ________; other income: ________; total income: ________\n\nOutgoings each month — rent or mortgage: ________; council tax: ________; gas, electricity, water: ________; food and housekeeping: ________; travel: ________; telephone and internet: ________; insurance: ________; childcare and maintenance: ________; other: ________; total outgoings: ________\n\nPriority debts (arrears of rent, mortgage, council tax, utilities, fines): ________\n\nOther debts and what you pay towards them each month: ________\n\nAmount available each month (income less outgoings and payments): ________\n\nSigned: ____________________   Date: ____________",
    ),
];
