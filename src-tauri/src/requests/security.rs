//! Nothing lost, nothing leaked: the app lock, secrets, the practice key, backup, restore,
//! the audit trail.
