//! End to end: hostile and degenerate input never aborts precheck, never blows up its memory and never
//! loses the report. Each test generates its reproducer in a throw-away repository and asserts an exit of 0
//! or 1 with a report, and, where `/usr/bin/time` can measure it (GNU time), a peak RSS within 200 MB plus
//! the largest file checked. Time is measured in benches/, not here.

mod common;

use common::{TestRepo, assert_reported, assert_reported_within, run_measured as run};

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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Mistakes on the command line and in the repository's layout are exit 2 with one line (clap's refusals one
/// line and a hint), never a clean run; names the listing cannot carry are PC003, never dropped.
#[test]
fn contract_gaps_are_usage_errors_or_findings() {
    let repo = TestRepo::new();
    repo.write("a.txt", "ok\n");
    repo.commit("init");
    let one_line = |args: &[&str], want: &str| {
        let out = repo.precheck().args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stderr), want, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    };
    one_line(&["-C", "/etc/passwd", "check"], "precheck: error: cannot change to `/etc/passwd`: not a directory\n");
    one_line(
        &["check", "no/such/path"],
        "precheck: error: path `no/such/path` matches no file of the revision checked\n",
    );
    one_line(
        &["check", "--frobnicate"],
        "precheck: error: unexpected argument '--frobnicate' found\nhint: a similar argument exists: '--format'\n",
    );
    one_line(
        &["chekc"],
        "precheck: error: unrecognized subcommand 'chekc'\nhint: a similar subcommand exists: 'check'\n",
    );
    std::fs::create_dir(repo.path().join("precheck.toml")).expect("mkdir");
    one_line(&["check"], "precheck: error: precheck.toml: is a directory, not a configuration file\n");
    std::fs::remove_dir(repo.path().join("precheck.toml")).expect("rmdir");

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"bad\xff.txt");
        std::fs::write(repo.path().join(name), "x\n").expect("write");
        let out = repo.precheck().args(["check", "--format", "concise"]).output().expect("run");
        assert_eq!(
            text(&out.stdout),
            "bad\u{FFFD}.txt:1:1: PC003 file not checked: its name is not valid UTF-8\nFound 1 finding (1 warning) in 1 file.\n"
        );
    }

    // More threads than help: capped, said once, and the run is the same.
    let out = repo.precheck().args(["check", "-j", "10000", "--format", "concise", "a.txt"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).starts_with("precheck: warning: -j 10000 is more threads than help here; using "));
    assert_eq!(text(&out.stderr).lines().count(), 1);
}

/// One element with 20,000 attributes (a duplicate at the end) in a plain XML file and in a Zdal file: the
/// XML rule and the Zdal reader find the duplicate with a set, not by comparing each attribute with all the
/// others (100k attributes took 22 s and 25 s).
#[test]
fn an_element_with_many_attributes_is_read_in_one_pass() {
    let repo = TestRepo::new();
    let attrs: String = (0..20_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    repo.write("plain.xml", &format!("<?xml version=\"1.0\"?>\n<root{attrs} a7=\"again\"/>\n"));
    repo.write(
        "conf/app-dev-ds.xml",
        &format!(
            "<?xml version=\"1.0\"?>\n<!-- com.alipay.zdal -->\n<beans><bean id=\"x\"{attrs} a7=\"again\"/></beans>\n"
        ),
    );
    repo.commit("attributes");
    let (out, rss) = run(&repo, &["check", "--select", "ALL", "--format", "concise"]);
    assert_reported(&out, rss, 1024);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("plain.xml:2:1: TXT018 invalid XML: duplicate attribute `a7`"), "{stdout}");
    assert!(stdout.contains("conf/app-dev-ds.xml:3:") && stdout.contains("ZD001"), "{stdout}");
}
