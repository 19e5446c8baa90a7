//! JV034 missing-override: `equals`, `hashCode` or `toString` overridden without `@Override`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV034",
    "missing-override",
    Severity::Warning,
    "`equals`/`hashCode`/`toString` without `@Override`",
    r#"## What it does
Finds `boolean equals(Object)`, `int hashCode()` and `String toString()` declared without `@Override`: the
overrides of `Object` that the syntax alone can recognise.

The Alibaba Java manual, 1.4 OOP 规约 [强制]: 所有的覆写方法，必须加 @Override 注解 — "every overriding method carries
@Override"; it notes that `getObject()` versus `get0bject()` is caught only by the annotation.

## Why
Without the annotation, `equals(Money other)` compiles as an overload that collections never call; with it, the
compiler rejects the mistake.

## Example
```java
class Money {
    public int hashCode() {
        return 1;
    }
}
```

## Use instead
```java
class Money {
    @Override
    public int hashCode() {
        return 1;
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["method_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let (Some(name), Some(params), Some(ty)) =
        (node.child_by_field_name("name"), node.child_by_field_name("parameters"), node.child_by_field_name("type"))
    else {
        return;
    };
    let params = tree::named_children(params);
    let overrides = match (cx.text(name), params.as_slice(), cx.text(ty)) {
        ("equals", [p], "boolean") => p.child_by_field_name("type").is_some_and(|t| tree::erased(cx.text(t)) == "Object"),
        ("hashCode", [], "int") | ("toString", [], "String") => true,
        _ => false,
    };
    if !overrides || tree::has_annotation(cx, node, "Override") || tree::has_modifier(node, "static") {
        return;
    }
    cx.report(
        out,
        &RULE,
        name.byte_range(),
        format!("`{}` overrides `Object#{}` without `@Override`", cx.text(name), cx.text(name)),
        "add `@Override`",
    );
}
