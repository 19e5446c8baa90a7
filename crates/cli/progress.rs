//! The progress bar for long runs on a terminal, and colour detection (NO_COLOR, terminals).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs with fewer files than this finish before a bar would be worth drawing.
const MIN_FILES_FOR_BAR: u64 = 2_000;

/// Whether colour may be used on a stream that is `terminal`, honouring NO_COLOR (any non-empty value).
pub fn color_allowed(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn stderr_color() -> bool {
    color_allowed(std::io::stderr().is_terminal())
}

/// A progress bar on stderr, drawn only when stderr is a terminal and the run is long.
pub struct Bar(ProgressBar);

impl Bar {
    pub fn new() -> Option<Bar> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::hidden();
        Some(Bar(bar))
    }
}

impl precheck_core::Progress for Bar {
    fn start(&self, total: u64) {
        if total < MIN_FILES_FOR_BAR {
            return;
        }
        self.0.set_length(total);
        let style = ProgressStyle::with_template("{spinner} checking {pos}/{len} files {wide_bar} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        self.0.set_style(style);
        self.0.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
    }

    fn advance(&self) {
        self.0.inc(1);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
