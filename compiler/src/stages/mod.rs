//! The pipeline's stages. Each takes bytes (or files) and returns bytes, so each can be run
//! alone, tested alone and cached by the hash of its inputs.

pub mod bytecode;
pub mod link;
pub mod optimize;
pub mod snapshot;
