//! JV009 missing-braces: an `if`, `else`, `for`, `while` or `do` body without braces.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::Cx;

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV009",
    "missing-braces",
    Severity::Warning,
    "an `if`/`else`/`for`/`while`/`do` body without braces",
    r#"## What it does
Finds the bodies of `if`, `else`, `for`, `while` and `do` that are a single statement rather than a block
(`else if` is fine). p3c: `NeedBraceRule`.

The Alibaba Java manual, 1.5 控制语句 [强制]: 在 if/else/for/while/do 语句中必须使用大括号。即使只有一行代码，也禁止
不采用大括号的编码方式 — "if/else/for/while/do always take braces, even around a single line".

## Why
A second line added under an unbraced `if` looks guarded and is not (Apple's `goto fail`).

## Example
```java
class Example {
    int abs(int x) {
        if (x < 0)
            return -x;
        return x;
    }
}
```

## Use instead
```java
class Example {
    int abs(int x) {
        if (x < 0) {
            return -x;
        }
        return x;
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["if_statement", "for_statement", "enhanced_for_statement", "while_statement", "do_statement"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let keyword = match node.kind() {
        "if_statement" => "if",
        "for_statement" | "enhanced_for_statement" => "for",
        "while_statement" => "while",
        _ => "do",
    };
    let field = if keyword == "if" { "consequence" } else { "body" };
    if let Some(body) = node.child_by_field_name(field)
        && body.kind() != "block"
    {
        report(cx, out, body, keyword);
    }
    if let Some(alt) = node.child_by_field_name("alternative")
        && !matches!(alt.kind(), "block" | "if_statement")
    {
        report(cx, out, alt, "else");
    }
}

fn report(cx: &Cx<'_>, out: &mut Sink, body: Node<'_>, keyword: &str) {
    cx.report(
        out,
        &RULE,
        body.byte_range(),
        format!("the body of this `{keyword}` has no braces"),
        "wrap the body in `{ … }`",
    );
}
