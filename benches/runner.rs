//! Criterion benches for the runner on a generated tree: the full scan of a working tree and of in-memory
//! files, with the built-in checks. Run with `cargo bench --bench runner`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use precheck_core::{Config, Input};

/// A deterministic tree: `n` files of about 4 KB, every 97th with a conflict block. Text files, not `.java`:
/// the lines are not Java, and since the java check exists a `.java` name would make this a bench of
/// tree-sitter's error recovery (0.6 s of the run) instead of the runner's own cost; Java speed has its own
/// measurement (`benches/java_speed.sh`, `crates/java/tests/speed.rs`).
fn generated(n: usize) -> Vec<(String, Vec<u8>)> {
    (0..n)
        .map(|i| {
            let mut text = String::with_capacity(4096);
            for line in 0..80 {
                text.push_str(&format!("    value_{i}_{line} = settle(batch, {line}); // ledger entry\n"));
                if i % 97 == 0 && line == 40 {
                    text.push_str("<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> feature\n");
                }
            }
            (format!("module{}/src/file{i}.txt", i % 20), text.into_bytes())
        })
        .collect()
}

fn bench_runner(c: &mut Criterion) {
    let checks = precheck_checks::builtin();
    let config = Config::default();
    let files = generated(2_000);

    c.bench_function("run_files 2000 files (8 MB, in memory)", |b| {
        b.iter(|| {
            let report = precheck_runner::run_files(&config, &checks, files.clone()).map(|r| r.findings.len());
            black_box(report)
        })
    });

    let dir = tempfile::tempdir().inspect(|d| {
        for (path, bytes) in &files {
            let full = d.path().join(path);
            if let Some(parent) = full.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(full, bytes);
        }
    });
    if let Ok(dir) = dir {
        let input = Input { dir: dir.path().to_path_buf(), ..Input::default() };
        c.bench_function("run 2000 files (8 MB, working tree)", |b| {
            b.iter(|| black_box(precheck_runner::run(&config, &input, &checks).map(|r| r.findings.len())))
        });
    }
}

criterion_group!(benches, bench_runner);
criterion_main!(benches);
