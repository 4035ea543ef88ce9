//! What bahth prints: terminal text, JSON, progress bars.

pub mod progress;
