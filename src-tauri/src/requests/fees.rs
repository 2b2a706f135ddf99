//! Fees and money: quotes, engagements and plans, invoices, payments, receivables, late
//! charges and statutory interest.
