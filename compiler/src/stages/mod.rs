//! The pipeline's stages, one module each, in the order `edgeboxc build` runs them. Each takes
//! bytes (or files) and returns bytes, so each can be run alone, tested alone and cached by the
//! hash of its inputs.

pub mod aot;
pub mod app;
pub mod artifacts;
pub mod bundle;
pub mod bytecode;
pub mod engine;
pub mod freeze;
pub mod link;
pub mod snapshot;

// Tools the stages above share.
pub mod clang;
pub mod optimize;
