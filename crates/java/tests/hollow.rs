//! The bodies left out of the parse and the rules skipped by their anchor words (`precheck_java::hollow`) change
//! no finding: every Java fixture, with each rule selected alone, then with every rule and at defaults, gives
//! the same findings with the shortcut on and off. A rule whose logic comes to read something its anchors do
//! not name fails here (give it the missing word, or no anchors). JV000 is the exception by design: it reports
//! a syntax error only in what the enabled rules read (a body none of them can report in is not parsed), so
//! with the shortcut its findings are a subset.

use std::path::Path;
use std::sync::atomic::Ordering;

use precheck_core::{Check, Config, RuleMeta};

fn java_fixtures() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/java");
    let mut out = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "java")
                && let Ok(bytes) = std::fs::read(&path)
            {
                let name = path.strip_prefix(&root).map_or_else(|_| path.clone(), Path::to_path_buf);
                out.push((name.to_string_lossy().replace('\\', "/"), bytes));
            }
        }
    }
    out.sort();
    out
}

/// The tests switch the shortcut (a global) on and off: one at a time.
static SWITCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn findings(select: Option<&str>, files: &[(String, Vec<u8>)], shortcut: bool) -> Vec<String> {
    precheck_java::hollow::ENABLED.store(shortcut, Ordering::Relaxed);
    let mut config = Config::default();
    config.rules.select = select.map(|s| vec![s.to_string()]);
    config.group_findings = false;
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_java::JavaCheck)];
    let report = precheck_runner::run_files(&config, &checks, files.to_vec()).expect("run");
    let mut out: Vec<String> = report.findings.iter().map(|f| format!("{f:?}")).collect();
    out.sort();
    out
}

#[test]
fn leaving_bodies_out_changes_no_finding() {
    let _one_at_a_time = SWITCH.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let files = java_fixtures();
    assert!(files.len() > 50, "the Java fixtures are missing");
    let codes: Vec<&str> = precheck_java::rules::RULES.iter().map(|r: &&RuleMeta| r.code).collect();
    let mut selections: Vec<Option<&str>> = codes.iter().map(|c| Some(*c)).collect();
    selections.extend([Some("JV"), None]);
    for select in selections {
        // Each fixture file on its own too: a rule's words in another file must not keep a body.
        for batch in std::iter::once(files.clone()).chain(files.iter().map(|f| vec![f.clone()])) {
            let with = findings(select, &batch, true);
            let without = findings(select, &batch, false);
            let lost: Vec<&String> = without.iter().filter(|f| !with.contains(f)).collect();
            let gained: Vec<&String> = with.iter().filter(|f| !without.contains(f)).collect();
            let files: Vec<&String> = batch.iter().map(|(p, _)| p).collect();
            assert!(gained.is_empty(), "{select:?} on {files:?}: found only with the shortcut: {gained:#?}");
            let syntax_only = select != Some("JV000") && lost.iter().all(|f| f.contains("code: \"JV000\""));
            assert!(lost.is_empty() || syntax_only, "{select:?} on {files:?}: lost with the shortcut: {lost:#?}");
        }
    }
    precheck_java::hollow::ENABLED.store(true, Ordering::Relaxed);
}

/// Sources written to sit on the edges of the scan's marks (`hollow::anchors`): what each mark looks for, next
/// to what it must not be fooled by (comments and white space in the way, look-alikes in strings, imports read
/// and not read). The findings with and without the shortcut must be the same here too.
const EDGES: &[(&str, &str)] = &[
    (
        "src/main/java/p/Imports.java",
        "package p;\nimport static java.util.concurrent.Executors.newFixedThreadPool;\nimport org.apache.log4j.Logger;\n\
         import java.util.List;\nclass Imports {\n    Object pool() { return newFixedThreadPool(2); }\n}\n",
    ),
    (
        "src/main/java/p/Marks.java",
        "package p;\nimport java.util.*;\nclass Marks {\n    private static final org.slf4j.Logger log = null;\n\
         void loops(List<String> xs, List<String> ys) {\n        for (String x : xs) { ys.add(x); }\n\
         for (String x : xs) { if (x.isEmpty()) xs . remove(x); }\n        for (String x : this.zs) { zs.add(x); }\n\
         for (String x : ys) /* c */ { ys.clear(); }\n    }\n    List<String> zs;\n\
         void braces(int a) {\n        if (a > 2) return;\n        else if (a < 0) { a = 1; } else a = 3;\n\
         while (a /* ) */ > 1) { a--; }\n        do a++; while (a < 5);\n        String s = \"if (a) b();\";\n    }\n\
         boolean magic(String s, List<String> xs) {\n        if (s.equals(\"x\") || xs.size() > 0) { return 0 != xs.size(); }\n\
         if (xs.size() >= 1L || xs.size ( ) < 1) { return true; }\n        return \"y\".equals(s) || s.equals(/* k */ K);\n    }\n\
         static final String K = \"k\";\n    void logs(String a) {\n        log.info(\"a=\" + a);\n        log.debug(\"a + {}\", a);\n\
         log /* x */ .trace(\"t\" + a);\n        long n = 10l;\n    }\n    void catches() {\n        try { f(); } catch (Exception e) {}\n\
         try { f(); } catch (Exception e) { /* fine */ }\n        try { f(); } catch (Exception e) {\n        }\n    }\n\
         void f() {}\n    Object anon() {\n        return new Object() {\n            public String toString() { return \"\"; }\n\
         public boolean equals(Object o) { return false; }\n        };\n    }\n    void out() { System.out.println(1); System . err.println(2); }\n}\n",
    ),
    (
        "src/main/java/p/More.java",
        "package p;\nimport java.util.*;\nclass More {\n    void lists(String[] a) {\n        List<String> xs = Arrays.asList(a);\n\
         xs.add(\"b\");\n        Arrays.asList(a).remove(\"c\");\n        List<String> ys = new ArrayList<>(); ys.add(\"d\");\n    }\n\
         void early(List<String> ys) { ys.add(\"x\"); List<String> zs = Arrays.asList(\"a\"); }\n\
         int fin() {\n        try { return 1; } finally { if (fin2()) { return 2; } }\n    }\n    int fin3() { return 3; }\n\
         boolean fin2() { try { f(); } finally { g(); } return true; }\n    void f() {}\n    void g() {}\n\
         String[] arr(List<String> xs) { return (String[]) xs.toArray(); }\n\
         Object[] arr2(List<String> xs) { return xs.toArray(new String[0]); }\n}\n",
    ),
];

#[test]
fn the_scan_marks_change_no_finding() {
    let _one_at_a_time = SWITCH.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let files: Vec<(String, Vec<u8>)> = EDGES.iter().map(|(p, t)| ((*p).to_string(), t.as_bytes().to_vec())).collect();
    let codes: Vec<&str> = precheck_java::rules::RULES.iter().map(|r: &&RuleMeta| r.code).collect();
    let mut selections: Vec<Option<&str>> = codes.iter().map(|c| Some(*c)).collect();
    selections.extend([Some("JV"), None]);
    let mut found = 0;
    for select in selections {
        for batch in std::iter::once(files.clone()).chain(files.iter().map(|f| vec![f.clone()])) {
            let with = findings(select, &batch, true);
            let without = findings(select, &batch, false);
            assert_eq!(with, without, "{select:?}");
            found += with.len();
        }
    }
    // The sources do hold findings (a test of nothing would pass too).
    assert!(found > 40, "{found} findings");
    precheck_java::hollow::ENABLED.store(true, Ordering::Relaxed);
}
