//! The EdgeBox compiler: one module per pipeline stage or command, tied together by the CLI.

pub mod cache;
pub mod cli;
pub mod doctor;
pub mod fsutil;
pub mod gen_opcodes;
pub mod pipeline;
pub mod progress;
pub mod runtime;
pub mod stages;
