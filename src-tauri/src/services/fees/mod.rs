//! Fees and money: quotes (`quotes`), engagements, plan versions, invoices, credit notes and
//! client credit (`billing`), payments and their allocation (`payments`), what clients owe
//! (`receivables`), contractual late charges (`late_charges`) and statutory interest over
//! the rate tables (`interest`).

pub mod billing;
pub mod interest;
pub mod late_charges;
pub mod payments;
pub mod quotes;
pub mod receivables;
