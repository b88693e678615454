//! The EdgeBox compiler: one module per pipeline stage or command, tied together by the CLI.

pub mod cli;
pub mod doctor;
pub mod fsutil;
pub mod gen_opcodes;
