//! JV019 equals-without-hashcode: a class overriding `equals` but not `hashCode`, or the reverse.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV019",
    "equals-without-hashcode",
    Severity::Error,
    "`equals` overridden without `hashCode` (or the reverse)",
    r#"## What it does
Finds a class that declares `equals(Object)` but no `hashCode()`, or `hashCode()` but no `equals(Object)`.
p3c: `EqualsHashCodeRule`.

The Alibaba Java manual, 1.9 集合处理 [强制]: 关于 hashCode 和 equals 的处理：只要覆写 equals，就必须覆写 hashCode —
"whenever you override equals, override hashCode".

## Why
Equal objects with different hash codes are different keys in a `HashMap` and different members of a
`HashSet`: lookups miss and duplicates pile up.

## Example
```java
class Money {
    private long cents;

    @Override
    public boolean equals(Object o) {
        return o instanceof Money && ((Money) o).cents == cents;
    }
}
```

## Use instead
```java
class Money {
    private long cents;

    @Override
    public boolean equals(Object o) {
        return o instanceof Money && ((Money) o).cents == cents;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(cents);
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["class_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(body) = node.child_by_field_name("body") else { return };
    let (mut equals, mut hash_code) = (None, None);
    for m in tree::named_children(body) {
        if m.kind() != "method_declaration" {
            continue;
        }
        let (Some(name), Some(params)) = (m.child_by_field_name("name"), m.child_by_field_name("parameters")) else {
            continue;
        };
        let params = tree::named_children(params);
        match (cx.text(name), params.as_slice()) {
            ("equals", [p]) if p.child_by_field_name("type").is_some_and(|t| tree::erased(cx.text(t)) == "Object") => {
                equals = Some(name)
            }
            ("hashCode", []) => hash_code = Some(name),
            _ => {}
        }
    }
    let class = node.child_by_field_name("name").map_or("", |n| cx.text(n));
    let (found, missing) = match (equals, hash_code) {
        (Some(e), None) => (e, "hashCode"),
        (None, Some(h)) => (h, "equals"),
        _ => return,
    };
    cx.report(
        out,
        &RULE,
        found.byte_range(),
        format!("`{class}` overrides `{}` but not `{missing}`", cx.text(found)),
        "override both from the same fields (`Objects.equals` / `Objects.hash`)",
    );
}
