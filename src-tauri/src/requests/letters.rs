//! Letters: preview, write, batches, output (save, open, print), dispatch records and
//! e-mail.
