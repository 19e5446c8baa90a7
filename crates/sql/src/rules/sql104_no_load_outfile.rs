//! SQL104 no-load-outfile: `LOAD DATA` and `SELECT … INTO OUTFILE / DUMPFILE`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL104",
    "no-load-outfile",
    Severity::Warning,
    "`LOAD DATA` or `SELECT … INTO OUTFILE`",
    r#"## What it does
Reports `LOAD DATA [LOCAL] INFILE`, `LOAD XML` and `SELECT … INTO OUTFILE` / `INTO DUMPFILE`, whether or not
the parser reads the statement (it reads neither).

## Why
Both read or write files on the database server (or, with LOCAL, the client): they need the FILE privilege,
are bounded by `secure_file_priv`, and are a classic path for data exfiltration; a big `LOAD DATA` is one
transaction that replicas apply at once, so they lag (SOAR RES.008).

## Example
```sql
LOAD DATA INFILE '/tmp/coupon.csv' INTO TABLE coupon;
```

## Use instead
Import and export through the application or the platform's data tools, in batches.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let toks = cx.toks();
    if let [first, second, ..] = toks {
        if first.is("LOAD") && (second.is("DATA") || second.is("XML")) {
            out.add(
                &RULE,
                (first.start, second.end),
                "`LOAD DATA` reads a file into the table in one transaction".into(),
                "import through the application or the platform's data tools, in batches",
            );
            return;
        }
    }
    for w in toks.windows(2) {
        if w[0].is("INTO") && (w[1].is("OUTFILE") || w[1].is("DUMPFILE")) {
            let kw = w[1].word().unwrap_or("").to_ascii_uppercase();
            out.add(
                &RULE,
                (w[0].start, w[1].end),
                format!("`INTO {kw}` writes a file on the database server"),
                "export through the application or the platform's data tools",
            );
        }
    }
}
