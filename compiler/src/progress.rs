//! Terminal progress for `edgeboxc build`: a spinner per running stage (indicatif hides it when
//! stderr is not a terminal) and, with `--verbose`, a line per stage with its time and size.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::{Observer, Stage, StageReport};

/// Renders pipeline progress on stderr.
pub struct TerminalProgress {
    verbose: bool,
    bar: Option<ProgressBar>,
}

impl TerminalProgress {
    /// A renderer; `verbose` prints a summary line per stage.
    pub fn new(verbose: bool) -> TerminalProgress {
        TerminalProgress { verbose, bar: None }
    }
}

impl Observer for TerminalProgress {
    fn started(&mut self, stage: Stage, detail: &str) {
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
