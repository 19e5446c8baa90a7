//! Throughput of the Java check in process (no process start, no file listing): `JAVA_SPEED_DIR=/path/to/repo
//! RAYON_NUM_THREADS=1 cargo test --release -p precheck-java --test speed -- --ignored --nocapture`. Skips when
//! the variable is unset; `JAVA_SPEED_REPEAT=5` runs each measurement five times. Figures go to benches/README.md; a timed assertion would only be flaky.
//!
//! MB/s count the Java the check reads: generated files (ANTLR's parsers, protoc's classes: `precheck_core::origin`)
//! are left out by the check, so they are left out of the byte count and of the parse-alone loop too. Counting
//! them made the check look cheaper than the parse alone (on seata, 6 ANTLR files are 4.0 of the 8.7 MB).

use std::path::Path;
use std::time::Instant;

use precheck_core::{Check, Config};

fn java_files(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if path.is_dir() {
            java_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "java" || x == "xml")
            && let Ok(bytes) = std::fs::read(&path)
        {
            out.push((path.to_string_lossy().into_owned(), bytes));
        }
    }
}

/// CPU seconds (user + system) of this process so far, exited threads included (the runner's pool ends with each
/// run), from /proc (Linux; 0 elsewhere): the machine is shared, so wall time measures the neighbours too. The
/// unit is 10 ms, so a 0.3 s run is repeated (`JAVA_SPEED_REPEAT`) and the mean taken.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of stat(5) (utime, stime), counted after the command name: indices 11 and 12.
    (ticks(11) + ticks(12)) / 100.0
}

/// The median of `xs` (sorted in place).
fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(0.0)
}

/// The mean of `xs`.
fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

#[test]
#[ignore = "a measurement: run by hand with JAVA_SPEED_DIR"]
fn throughput() {
    let Ok(dir) = std::env::var("JAVA_SPEED_DIR") else { return };
    let mut files = Vec::new();
    java_files(Path::new(&dir), &mut files);
    let files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(p, b)| (p.trim_start_matches(dir.as_str()).trim_start_matches('/').to_string(), b))
        .collect();
    let source = std::sync::Arc::new(precheck_runner::MemorySource::new(files.clone()));
    let attributes = precheck_core::Attributes::new(source, None);
    let globs = precheck_core::origin::OriginGlobs::default();
    let all_bytes: usize = files.iter().filter(|(p, _)| p.ends_with(".java")).map(|(_, b)| b.len()).sum();
    let texts: Vec<String> = files
        .iter()
        .filter(|(p, b)| {
            p.ends_with(".java") && precheck_core::origin::of_file(p, b, &attributes, &globs).is_authored()
        })
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    let java_bytes: usize = texts.iter().map(String::len).sum();
    let mb = java_bytes as f64 / 1_048_576.0;
    // JAVA_SPEED_REPEAT=n runs each measurement n times and prints the median (a 0.3 s run is noisy on a shared
    // machine, and the CPU clock counts in 10 ms); JAVA_SPEED_ONLY=parse|all|defaults runs one of them (for `perf record`).
    let repeat: usize = std::env::var("JAVA_SPEED_REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    let only = std::env::var("JAVA_SPEED_ONLY").unwrap_or_default();
    // Warm the parser (its thread-local allocation) outside the measurement.
    let _ = precheck_java::tree::parse("class A {}");
    let (mut parse, mut parse_cpu) = (Vec::new(), Vec::new());
    for _ in 0..repeat {
        if !only.is_empty() && only != "parse" {
            break;
        }
        let (start, cpu0) = (Instant::now(), cpu());
        for t in &texts {
            let tree = precheck_java::tree::parse(t);
            assert!(tree.is_some());
        }
        parse.push(start.elapsed().as_secs_f64());
        parse_cpu.push(cpu() - cpu0);
    }
    let (parse, parse_cpu) = (median(&mut parse), mean(&parse_cpu));
    #[allow(clippy::print_stdout, reason = "the measurement is the output")]
    {
        println!(
            "{} .java files read, {mb:.1} MB of the {:.1} MB of Java (generated files left out), {repeat} runs (wall: median, CPU: mean): \
             parse alone {parse:.3} s wall, {parse_cpu:.3} s CPU ({:.1} MB/s per CPU second)",
            texts.len(),
            all_bytes as f64 / 1_048_576.0,
            mb / parse_cpu.max(0.001),
        );
    }
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_java::JavaCheck)];
    for (label, key, select) in [("every JV rule", "all", "JV"), ("default set", "defaults", "")] {
        if !only.is_empty() && only != key {
            continue;
        }
        let mut config = Config::default();
        if !select.is_empty() {
            config.rules.select = Some(vec![select.into()]);
        }
        config.group_findings = false;
        let (mut wall, mut used, mut findings) = (Vec::new(), Vec::new(), 0);
        for _ in 0..repeat {
            let (start, cpu0) = (Instant::now(), cpu());
            let report = precheck_runner::run_files(&config, &checks, files.clone()).expect("run");
            wall.push(start.elapsed().as_secs_f64());
            used.push(cpu() - cpu0);
            findings = report.findings.len();
        }
        let (all, all_cpu) = (median(&mut wall), mean(&used));
        #[allow(clippy::print_stdout, reason = "the measurement is the output")]
        {
            println!(
                "{label}: check {all:.3} s wall, {all_cpu:.3} s CPU ({:.1} MB/s per CPU second), {findings} findings",
                mb / all_cpu.max(0.001),
            );
        }
    }
}
