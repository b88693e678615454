//! The freeze report: one line per function, frozen or not and why.

use std::fmt;

use edgebox_bytecode::Function;

use crate::analysis::Rejection;

/// What happened to one function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Compiled to C.
    Frozen {
        /// Reachable instructions compiled.
        instructions: usize,
        /// With a native int32 path.
        native: bool,
    },
    /// Left to the interpreter, and why.
    Rejected(Rejection),
    /// Freezing was turned off (`--no-freeze`).
    Disabled,
}

/// One function of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionReport {
    /// Function name (`<anonymous>` when it has none).
    pub name: String,
    /// `file:line:column` of its definition, when the bytecode has debug info.
    pub location: String,
    /// Its ordinal in the bytecode file.
    pub ordinal: u32,
    /// What happened.
    pub outcome: Outcome,
}

impl FunctionReport {
    pub(crate) fn new(function: &Function, outcome: Outcome) -> FunctionReport {
        FunctionReport {
            name: function
                .name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "<anonymous>".into()),
            location: format!(
                "{}:{}:{}",
                function.filename.as_deref().unwrap_or("?"),
                function.line,
                function.column
            ),
            ordinal: function.ordinal,
            outcome,
        }
    }
}

/// What was frozen in one bytecode file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Every function, in ordinal order.
    pub functions: Vec<FunctionReport>,
}

impl Report {
    /// The functions that were frozen.
    pub fn frozen(&self) -> impl Iterator<Item = &FunctionReport> {
        self.functions
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Frozen { .. }))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let frozen = self.frozen().count();
        writeln!(
            f,
            "froze {frozen} of {} functions ({} opcodes supported)",
            self.functions.len(),
            crate::supported_opcodes().len()
        )?;
        for func in &self.functions {
            let what = match &func.outcome {
                Outcome::Frozen {
                    instructions,
                    native: true,
                } => format!("frozen, {instructions} instructions, native int32 path"),
                Outcome::Frozen { instructions, .. } => {
                    format!("frozen, {instructions} instructions")
                }
                Outcome::Rejected(why) => format!("not frozen: {why}"),
                Outcome::Disabled => "not frozen: --no-freeze".to_string(),
            };
            writeln!(
                f,
                "  #{:<3} {} ({}): {what}",
                func.ordinal, func.name, func.location
            )?;
        }
        Ok(())
    }
}
