//! The EdgeBox host: WAMR, the sandbox policy and the EdgeBox host ABI, shared by the two thin
//! binaries `edgebox` (one run, src/main.rs) and `edgeboxd` (HTTP, a pool of instances,
//! runtime-min/daemon) so that both enforce exactly the same rules.

pub mod artifact;
pub mod cli;
mod control;
mod host_abi;
mod keychain;
pub mod run;
pub mod serve;
pub mod trace;
mod wamr;
mod watchdog;

pub use host_abi::serve::{Exchange, Gone, Progress};
pub use keychain::KeychainError;
pub use watchdog::Limit;
