//! JV025 test-class-naming: a class of `@Test` methods not named `…Test`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV025",
    "test-class-naming",
    Severity::Warning,
    "a test class whose name does not end in `Test`",
    r#"## What it does
Finds classes with `@Test` (`@ParameterizedTest`, `@RepeatedTest`) methods whose name ends in none of `Test`,
`Tests`, `TestCase` or `IT`, nor starts with `Test`. p3c: `TestClassShouldEndWithTestNamingRule`, which accepts
only the `Test` suffix; the other names are the ones Maven Surefire (and Failsafe, for `IT`) runs by default, so
a class named so does run, and the finding is kept for the classes that silently never do.

The Alibaba Java manual, 1.1 命名风格 [强制]: 测试类命名以它要测试的类的名称开始，以 Test 结尾 — "a test class is named
after the class it tests, ending in Test".

## Why
Maven Surefire runs only `**/Test*.java`, `**/*Test.java`, `**/*Tests.java` and `**/*TestCase.java` by default: a
test class named otherwise never runs in the build.

## Example
```java
class OrderChecks {
    @Test
    void totals() {
    }
}
```

## Use instead
```java
class OrderTest {
    @Test
    void totals() {
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["class_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(name) = node.child_by_field_name("name") else { return };
    let text = cx.text(name);
    if ["Test", "Tests", "TestCase", "IT"].iter().any(|s| text.ends_with(s))
        || text.starts_with("Test")
        || tree::has_modifier(node, "abstract")
        || !tree::class_has_test_methods(cx, node)
        // A nested class of a test (JUnit 5 `@Nested`) is named for what it groups.
        || tree::ancestor(node, &["class_declaration"]).is_some()
    {
        return;
    }
    cx.report(
        out,
        &RULE,
        name.byte_range(),
        format!("test class `{text}` does not end in `Test`"),
        &format!("rename it `{text}Test`: Maven Surefire runs only `*Test`, `*Tests`, `*TestCase` and `Test*` classes by default"),
    );
}
