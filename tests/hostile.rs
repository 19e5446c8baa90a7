//! End to end: hostile and degenerate input never aborts precheck, never blows up its memory and never
//! loses the report. Each test generates its reproducer in a throw-away repository and asserts an exit of 0
//! or 1 with a report, and, where `/usr/bin/time` can measure it (GNU time), a peak RSS within 200 MB plus
//! the largest file checked. Time is measured in benches/, not here.

mod common;

use std::path::Path;
use std::process::Output;

use common::TestRepo;

/// Runs precheck in `repo` with `args`, under GNU time when it is there. Returns the output and the peak RSS
/// in KiB (`None` without GNU time).
fn run(repo: &TestRepo, args: &[&str]) -> (Output, Option<u64>) {
    let bin = assert_cmd::cargo::cargo_bin("precheck");
    let time = Path::new("/usr/bin/time");
    let gnu_time = time.exists()
        && std::process::Command::new(time)
            .args(["-f", "%M", "true"])
            .output()
            .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stderr).trim().parse::<u64>().is_ok());
    let mut cmd = if gnu_time {
        let mut c = std::process::Command::new(time);
        c.args(["-f", "peak-rss-kb %M"]).arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    cmd.current_dir(repo.path()).env("NO_COLOR", "1").env("PRECHECK_CACHE_DIR", "").env_remove("GIT_DIR").args(args);
    let out = cmd.output().expect("run precheck");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss = stderr.lines().rev().find_map(|l| l.strip_prefix("peak-rss-kb ")?.trim().parse().ok());
    (out, rss)
}

/// Exit 0 or 1, a summary line, and a peak RSS of at most `bound_kb`.
fn assert_reported_within(out: &Output, rss: Option<u64>, bound_kb: u64) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}\n{stdout}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.lines().last().is_some_and(|l| l.starts_with("Found ") || l.starts_with("No findings")), "{stdout}");
    if let Some(kb) = rss {
        assert!(kb <= bound_kb, "peak RSS {kb} KiB, over {bound_kb} KiB");
    }
}

/// Files over `max-file-size` are refused from their size, in every source, by every reader: the per-file
/// pass, run-wide facts that read every XML and SQL file, and the fingerprints of the PC003 finding itself.
/// The committed files are 48 MB (git hashes them at 200 MB/s) over a 1 MB cap; the untracked one is 1 GB.
#[test]
fn files_over_the_size_cap_are_never_read() {
    let repo = TestRepo::new();
    repo.write("precheck.toml", "max-file-size = \"1MB\"\n");
    let sparse = |name: &str, len: u64| {
        let file = std::fs::File::create(repo.path().join(name)).expect("create");
        file.set_len(len).expect("set_len");
    };
    sparse("huge.xml", 48 << 20);
    sparse("huge.sql", 48 << 20);
    repo.git(&["-c", "core.compression=0", "add", "-A"]);
    repo.git(&["commit", "-q", "-m", "48 MB of XML and SQL"]);
    sparse("untracked.sql", 1 << 30);
    for args in [
        &["check", "--format", "concise"][..],
        &["check", "--head", "HEAD", "--format", "concise"],
        &["check", "--staged", "--format", "concise"],
    ] {
        let (out, rss) = run(&repo, args);
        // Nothing of them is read: far below the size of one of them.
        assert_reported_within(&out, rss, 40 * 1024);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("huge.xml:1:1: PC003 file not checked: 50.3 MB is over max-file-size"), "{stdout}");
    }
}
