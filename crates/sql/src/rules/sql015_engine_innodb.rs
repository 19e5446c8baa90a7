//! SQL015 engine-innodb: a storage engine other than InnoDB.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl};
use sqlparser::tokenizer::Token;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL015",
    "engine-innodb",
    Severity::Error,
    "`ENGINE=` other than InnoDB",
    r#"## What it does
Reports `ENGINE=MyISAM` (or any engine other than InnoDB) in CREATE TABLE and ALTER TABLE, also on
statements sqlparser cannot parse, and `SET [GLOBAL | SESSION] default_storage_engine = MyISAM`, which gives
every later CREATE without `ENGINE=` that engine.

## Why
Only InnoDB has transactions, row locks and crash safety (Bytebase, goInception support_engine,
SOAR TBL.002).

## Example
```sql
CREATE TABLE t (…) ENGINE=MyISAM;
```

## Use instead
`ENGINE=InnoDB`.
"#,
);

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let opts: Vec<&crate::ddl::TableOpt> = match cx.ddl {
        Some(Ddl::Create(ct)) => ct.options.iter().collect(),
        Some(Ddl::Alter(a)) => {
            a.ops.iter().filter_map(|o| if let AlterOp::Option(t) = o { Some(t) } else { None }).collect()
        }
        _ => return default_engine(cx, out),
    };
    for o in opts.into_iter().filter(|o| o.key == "ENGINE") {
        if !o.value.eq_ignore_ascii_case("innodb") {
            out.add(
                &RULE,
                (o.start, o.end),
                format!("table engine `{}` is not InnoDB", o.value),
                "use `ENGINE=InnoDB`",
            );
        }
    }
}

/// `SET [GLOBAL | SESSION | PERSIST] default_storage_engine = MyISAM`: every CREATE after it without an
/// `ENGINE=` gets that engine.
fn default_engine(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let toks = &cx.stmt.toks;
    if !toks.first().is_some_and(|t| t.is("SET")) {
        return;
    }
    let mut i = 1;
    while toks.get(i).is_some_and(|t| t.is("GLOBAL") || t.is("SESSION") || t.is("PERSIST") || t.is("LOCAL")) {
        i += 1;
    }
    let names_it = toks.get(i).is_some_and(|t| t.is("default_storage_engine") || t.is("storage_engine"));
    let Some(value) = toks.get(i + 2).filter(|_| names_it && toks.get(i + 1).is_some_and(|t| t.t == Token::Eq)) else {
        return;
    };
    let engine = match &value.t {
        Token::Word(w) => w.value.clone(),
        Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => s.clone(),
        _ => return,
    };
    if !engine.eq_ignore_ascii_case("innodb") {
        out.add(
            &RULE,
            (value.start, value.end),
            format!("default table engine `{engine}` is not InnoDB"),
            "use `default_storage_engine = InnoDB`",
        );
    }
}
