//! ZD060 invalid-rule-token: a `#…#` token of a rule expression with a bad shape.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::Model;
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD060",
    "invalid-rule-token",
    Severity::Error,
    "a `#…#` token of a rule expression with a bad shape",
    r#"## What it does
Checks every `#…#` token of the db and tb rules: it has 1 part (`#user_id#`) or 3 (`#gmt_create,1_month,12#`: column, step — an int or N_date/N_month/N_year — and an int count).

## Why
Zdal refuses to start: "错误的参数个数，必须为1个或者3个…" or "输入的参数不为Integer类型".

## Example
```xml
<value>#user_id,1#.longValue() % 4</value>
```

## Use instead
Write `#col#`, or `#col,step,count#` with integers.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut ids: Vec<&BeanId> = m.table_rules.keys().collect();
    ids.sort();
    for &b in ids {
        let info = &m.table_rules[&b];
        if m.beans[b].is_abstract {
            continue;
        }
        for (expr, loc) in info.db_rules.iter().chain(&info.tb_rules) {
            for t in grammar::tokens(expr).0 {
                if let Some(msg) = &t.error {
                    let sub = m.sub_loc(loc, expr, t.off, t.len);
                    out.emit(&RULE, || {
                        at(m, &RULE, &sub, msg.clone()).with_help("write `#col#`, or `#col,step,count#`")
                    });
                }
            }
        }
    }
}
