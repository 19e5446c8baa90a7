//! The progress bar for long runs on a terminal, and colour detection (NO_COLOR, terminals).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs with fewer files than this finish before a bar would be worth drawing.
const MIN_FILES_FOR_BAR: u64 = 2_000;

/// Whether colour may be used on a stream that is `terminal`, by the conventions CLI tools share: `NO_COLOR`
/// (any non-empty value) turns it off; `FORCE_COLOR` or `CLICOLOR_FORCE` (non-empty, not `0`) turn it on even
/// when the stream is no terminal (CI logs that render ANSI); `TERM=dumb` and `CLICOLOR=0` turn it off on a
/// terminal.
pub fn color_allowed(terminal: bool) -> bool {
    decide(terminal, |name| std::env::var(name).ok())
}

fn decide(terminal: bool, var: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
    let forced = |name: &str| var(name).is_some_and(|v| !v.is_empty() && v != "0");
    if set("NO_COLOR") {
        return false;
    }
    if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") {
        return true;
    }
    terminal && var("TERM").as_deref() != Some("dumb") && var("CLICOLOR").as_deref() != Some("0")
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

#[cfg(test)]
mod tests {
    use super::decide;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn colour_conventions() {
        assert!(decide(true, with(&[])));
        assert!(!decide(false, with(&[])));
        assert!(!decide(true, with(&[("NO_COLOR", "1")])));
        assert!(decide(true, with(&[("NO_COLOR", "")])));
        assert!(!decide(true, with(&[("TERM", "dumb")])));
        assert!(!decide(true, with(&[("CLICOLOR", "0")])));
        assert!(decide(false, with(&[("FORCE_COLOR", "1")])));
        assert!(decide(false, with(&[("CLICOLOR_FORCE", "1")])));
        assert!(!decide(false, with(&[("FORCE_COLOR", "0")])));
        assert!(!decide(false, with(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")])));
        assert!(decide(true, with(&[("FORCE_COLOR", "1"), ("TERM", "dumb")])));
    }
}
