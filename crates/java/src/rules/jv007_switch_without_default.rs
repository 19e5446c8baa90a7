//! JV007 switch-without-default: a `switch` statement with no `default` label.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV007",
    "switch-without-default",
    Severity::Warning,
    "a `switch` statement without `default`",
    r#"## What it does
Finds `switch` statements whose block has no `default` label. Switch expressions are left alone: the compiler
already requires them to be exhaustive. p3c: `SwitchStatementRule`.

The Alibaba Java manual, 1.5 控制语句 (control statements) [强制]: 在一个 switch 块内，每个 case 要么通过
continue/break/return 等来终止，要么注释说明程序将继续执行到哪一个 case 为止；在一个 switch 块内，都必须包含一个
default 语句并且放在最后，即使它什么代码也没有 — "every switch block has a `default`, last, even if it is empty".

## Why
A value nobody thought of (a new enum constant, an unexpected code from another system) passes through silently.
An explicit `default` says what should happen, even if that is to throw.

## Example
```java
class Example {
    String label(int code) {
        switch (code) {
            case 1:
                return "new";
            case 2:
                return "paid";
        }
        return null;
    }
}
```

## Use instead
```java
class Example {
    String label(int code) {
        switch (code) {
            case 1:
                return "new";
            case 2:
                return "paid";
            default:
                throw new IllegalArgumentException("code " + code);
        }
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["switch_expression"];

/// Parents under which a `switch` is a statement, not an expression.
const STATEMENT_PARENTS: &[&str] = &[
    "block",
    "switch_block_statement_group",
    "labeled_statement",
    "if_statement",
    "while_statement",
    "for_statement",
    "enhanced_for_statement",
    "do_statement",
    "constructor_body",
    "program",
];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    if !node.parent().is_some_and(|p| STATEMENT_PARENTS.contains(&p.kind())) {
        return;
    }
    let Some(body) = node.child_by_field_name("body") else { return };
    let has_default = tree::named_children(body).into_iter().any(|group| {
        tree::named_children(group)
            .into_iter()
            .any(|c| c.kind() == "switch_label" && (cx.text(c).starts_with("default") || cx.text(c).contains("default")))
    });
    if has_default {
        return;
    }
    let head_end = node.child_by_field_name("condition").map_or(node.start_byte() + 6, |c| c.end_byte());
    cx.report(
        out,
        &RULE,
        node.start_byte()..head_end,
        format!("`{}` has no `default` label", cx.text(node).get(..head_end - node.start_byte()).unwrap_or("switch")),
        "add a `default:` at the end that handles (or rejects) every other value",
    );
}
