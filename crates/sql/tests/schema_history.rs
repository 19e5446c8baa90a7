//! The schema a script sees is the one its earlier migrations leave, however many there are: the catalogue
//! is kept at checkpoints (repo.rs), and a script between two checkpoints must see exactly the tables created
//! before it and none created after.

use precheck_core::{Check, Config};

#[test]
fn each_script_sees_the_migrations_before_it_and_no_later_one() {
    // V1..V20 each create t<N> with a string column; V<N> also queries t<N-1> (created before: SQL080) and
    // t<N+1> (created after: unknown, so not reported).
    let files: Vec<(String, Vec<u8>)> = (1..=20)
        .map(|n| {
            let text = format!(
                "CREATE TABLE t{n} (id bigint NOT NULL, code varchar(20) NOT NULL, PRIMARY KEY (id));\n\
                 SELECT id FROM t{prev} WHERE code = 1;\n\
                 SELECT id FROM t{next} WHERE code = 2;\n",
                prev = n - 1,
                next = n + 1,
            );
            (format!("db/migration/V{n}__t{n}.sql"), text.into_bytes())
        })
        .collect();
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_sql::SqlCheck)];
    let config = Config::parse("[rules]\nselect = [\"SQL080\"]\n", "precheck.toml").expect("config");
    let report = precheck_runner::run_files(&config, &checks, files).expect("run");
    let mut got: Vec<String> =
        report.findings.iter().map(|f| format!("{}:{}", f.primary.path, f.primary.start.line)).collect();
    got.sort();
    // V1 queries t0, which no migration creates.
    let mut want: Vec<String> = (2..=20).map(|n| format!("db/migration/V{n}__t{n}.sql:2")).collect();
    want.sort();
    assert_eq!(got, want);
}
