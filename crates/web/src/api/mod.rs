//! Machine-facing APIs, apart from the pages: their callers authenticate with tokens, not
//! sessions, and read JSON, not French pages.

pub mod osdi;
