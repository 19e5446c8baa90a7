//! precheck-checks: the registry of built-in checks, one line per check crate.
//!
//! Adding a check crate means adding its line to [`builtin`]; the runner, the CLI (`rules`, `explain`,
//! `init`, `--only`) and the fixture tests find it from here.

use precheck_core::{Check, RuleMeta};

/// Every built-in check, in a fixed order.
pub fn builtin() -> Vec<Box<dyn Check>> {
    vec![
        Box::new(precheck_conflict::ConflictCheck), // conflict: CF
        Box::new(precheck_code::CodeCheck),         // code: TXT, RS
        Box::new(precheck_antx::AntxCheck),         // antx: AX
        Box::new(precheck_zdal::ZdalCheck),         // zdal: ZD
        Box::new(precheck_sql::SqlCheck),           // sql: SQL (and the ZD routing codes)
        Box::new(precheck_jar::JarCheck),           // jar: JAR
        Box::new(precheck_java::JavaCheck),         // java: JV
    ]
}

/// Every rule of `checks` plus precheck's own `PC` rules, in code order.
pub fn all_rules(checks: &[Box<dyn Check>]) -> Vec<&'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = precheck_core::pc::RULES.to_vec();
    for check in checks {
        rules.extend(check.rules().iter().copied());
    }
    rules.sort_by_key(|r| r.code);
    rules
}

/// GitHub code scanning's `security-severity` of the rules that find secrets, by code (SARIF output).
pub fn security_severity() -> Vec<(&'static str, &'static str)> {
    precheck_code::secrets::SECURITY_SEVERITY.iter().map(|(rule, score)| (rule.code, *score)).collect()
}
