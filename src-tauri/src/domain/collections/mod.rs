//! Collections: pure rules for chasing unpaid fees (no I/O; "today" is a parameter).

pub mod clocks;
