//! Exit codes and the error type that carries one.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (search: at least one hit; index: the run completed, skipped files included) |
//! | 1 | search ran and found nothing |
//! | 2 | error: bad usage, a query with no words, missing/corrupt/locked index, I/O |

/// Success.
pub const EXIT_OK: i32 = 0;
/// A search that found nothing.
pub const EXIT_NO_HITS: i32 = 1;
/// Any error.
pub const EXIT_ERROR: i32 = 2;

/// An error the user must act on, with the message to show.
#[derive(Debug)]
pub struct UserError(pub String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

/// Builds an `anyhow::Error` with a user-facing message.
pub fn user(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UserError(msg.into()))
}
