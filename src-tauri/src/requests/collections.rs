//! Collections: the dunning ladder, holds, arrangements, the daily run, legal clocks and
//! the claim pack.
