//! JV028 system-exit: `System.exit` outside `main`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV028",
    "system-exit",
    Severity::Warning,
    "`System.exit` outside a `main` method",
    r#"## What it does
Finds `System.exit(...)` and `Runtime.getRuntime().exit/halt(...)` outside `static main` methods and test code.

The Alibaba Java manual's 1.7 异常处理 [强制] asks that an error be handled or thrown to the caller (异常捕获后不要用来
做流程控制，… 如果不想处理它，请将该异常抛给它的调用者); ending the JVM from library or service code does neither.

## Why
In an application server, a framework or a test runner, `System.exit` kills every other request, every other
application and the build, without running their `finally` blocks.

## Example
```java
class Loader {
    void load(String path) {
        if (path == null) {
            System.exit(1);
        }
    }
}
```

## Use instead
```java
class Loader {
    void load(String path) {
        if (path == null) {
            throw new IllegalArgumentException("no path");
        }
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["method_invocation"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some((object, name)) = tree::qualified_call(node) else { return };
    let call = (cx.text(object), cx.text(name));
    let exits = matches!(call, ("System", "exit") | ("Runtime.getRuntime()", "exit" | "halt"));
    if !exits || tree::in_test(cx, node) {
        return;
    }
    if tree::in_static_main(cx, node) {
        return;
    }
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        format!("`{}` ends the whole JVM from outside `main`", cx.text(node)),
        "throw an exception and let the entry point decide how to exit",
    );
}
