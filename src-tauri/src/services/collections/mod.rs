//! Collections' use cases: chasing unpaid fees.

pub mod clocks;
