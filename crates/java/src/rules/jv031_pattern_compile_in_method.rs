//! JV031 pattern-compile-in-method: `Pattern.compile` of a constant regex inside a method body.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV031",
    "pattern-compile-in-method",
    Severity::Warning,
    "`Pattern.compile` of a literal regex inside a method",
    r#"## What it does
Finds `Pattern.compile("literal")` inside a method or constructor body (not in a field initialiser or a static
block). p3c: `AvoidPatternCompileInMethodRule`.

The Alibaba Java manual, 1.13 其他 (other) [强制]: 在使用正则表达式时，利用好其预编译功能，可以有效加快正则匹配速度。
说明：不要在方法体内定义：Pattern pattern = Pattern.compile("规则") — "use precompiled regexes: do not compile a
pattern inside a method body".

## Why
Compiling a regex costs far more than matching it; in a method it is compiled again on every call.

## Example
```java
class Example {
    boolean valid(String id) {
        return Pattern.compile("^[0-9]{8}$").matcher(id).matches();
    }
}
```

## Use instead
```java
class Example {
    private static final Pattern ID = Pattern.compile("^[0-9]{8}$");

    boolean valid(String id) {
        return ID.matcher(id).matches();
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["method_invocation"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some((object, name)) = tree::qualified_call(node) else { return };
    if cx.text(name) != "compile" || tree::simple(cx.text(object)) != "Pattern" {
        return;
    }
    let literal = node.child_by_field_name("arguments").and_then(|a| a.named_child(0)).is_some_and(|a| a.kind() == "string_literal");
    let in_body = tree::ancestor(node, &["method_declaration", "constructor_declaration", "field_declaration", "static_initializer", "class_body"])
        .is_some_and(|a| matches!(a.kind(), "method_declaration" | "constructor_declaration"));
    if !literal || !in_body {
        return;
    }
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        "a constant regex compiled on every call".into(),
        "compile it once into a `private static final Pattern`",
    );
}
