//! The progress bar of the chunked runs (`simulate`, `exit-time`, `sgd`):
//! the run layer reports finished chunks ([`Progress`]), this draws them on
//! stderr — only when stderr is a terminal, so piped and captured output
//! never sees it.

use std::io::IsTerminal;

use sgdpde_run::progress::Progress;

/// A bar of finished chunks, cleared when dropped.
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    /// A bar for `what` (e.g. "paths"), hidden unless stderr is a terminal.
    pub fn new(what: &str) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            indicatif::ProgressBar::new(0)
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(&format!(
                "{{bar:30}} {{pos}}/{{len}} chunks of {what}, {{elapsed}} (eta {{eta}})"
            ))
            .expect("valid template"),
        );
        Self(bar)
    }
}

impl Progress for Bar {
    fn chunks(&self, done: u64, total: u64) {
        if self.0.length() != Some(total) {
            self.0.set_length(total);
        }
        // Workers finish out of order: never move the bar back, except
        // when a new run (the second ensemble of `sgd`) starts over.
        if done == 1 || done > self.0.position() {
            self.0.set_position(done);
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
