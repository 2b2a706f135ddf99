//! The client file: clients, matters, the communication log, follow-ups, complaints,
//! imports and retention.
