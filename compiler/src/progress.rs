//! Terminal progress for `edgeboxc build`: a spinner per running stage on a terminal, a line
//! per stage as it starts when stderr is not a terminal (a CI log then shows what runs instead
//! of a long silence), and, with `--verbose`, a line per stage with its time and size.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::{Observer, Stage, StageReport};

/// Renders pipeline progress on stderr.
pub struct TerminalProgress {
    verbose: bool,
    terminal: bool,
    bar: Option<ProgressBar>,
}

impl TerminalProgress {
    /// A renderer; `verbose` prints a summary line per stage.
    pub fn new(verbose: bool) -> TerminalProgress {
        TerminalProgress {
            verbose,
            terminal: std::io::stderr().is_terminal(),
            bar: None,
        }
    }
}

impl Observer for TerminalProgress {
    fn started(&mut self, stage: Stage, detail: &str) {
        if !self.terminal {
            eprintln!("edgeboxc: {}: {detail}", stage.name());
            return;
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:>9} {wide_msg} {elapsed}")
                .expect("valid template"),
        );
        bar.set_prefix(stage.name());
        bar.set_message(detail.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        self.bar = Some(bar);
    }

    fn finished(&mut self, report: &StageReport) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if self.verbose {
            eprintln!(
                "{:>9}  {:>8.1} ms  {:>10} bytes{}",
                report.stage.name(),
                report.duration.as_secs_f64() * 1e3,
                report.output_size,
                if report.cached { "  (cached)" } else { "" }
            );
        }
    }
}
