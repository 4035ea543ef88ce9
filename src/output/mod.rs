//! What bahth prints: terminal text, JSON, progress bars.

pub mod counts;
pub mod export;
pub mod json;
pub mod progress;
pub mod stories;
pub mod text;
