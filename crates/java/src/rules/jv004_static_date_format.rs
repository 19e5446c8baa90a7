//! JV004 static-date-format: a `static` `SimpleDateFormat` field.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV004",
    "static-date-format",
    Severity::Warning,
    "a `static` `SimpleDateFormat` (or `DateFormat`) used without a lock",
    r#"## What it does
Finds `format` and `parse` called on a `static` field declared in the file as `SimpleDateFormat` or
`DateFormat`, unless the call holds a lock: inside a `synchronized` block or method, a static initialiser, after
a `lock()` (or `lockInterruptibly()`) with no `unlock()` in between, or under `if (lock.tryLock())`. A static
field of those types that is not `private` is reported where it is declared: its callers in other files cannot
be seen, and share it. p3c: `AvoidCallStaticSimpleDateFormatRule` (which looks at `format` calls only).

The Alibaba Java manual, 1.6 并发处理 (concurrency) [强制]: SimpleDateFormat 是线程不安全的类，一般不要定义为 static
变量，如果定义为 static，必须加锁，或者使用 DateUtils 工具类 — "SimpleDateFormat is not thread-safe: do not make
it static, or lock around it".

## Why
A `SimpleDateFormat` keeps its parse state in the instance. Shared between threads it returns wrong dates or
throws `NumberFormatException`, under load only.

## Example
```java
class Example {
    private static final SimpleDateFormat FORMAT = new SimpleDateFormat("yyyy-MM-dd");

    String today() {
        return FORMAT.format(new Date());
    }
}
```

## Use instead
```java
class Example {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    String today() {
        return LocalDate.now().format(FORMAT);
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["field_declaration", "constant_declaration", "method_invocation"];

const TYPES: &[&str] = &["SimpleDateFormat", "DateFormat"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    if node.kind() == "method_invocation" {
        check_call(cx, node, out);
        return;
    }
    let Some(ty) = node.child_by_field_name("type") else { return };
    let erased = tree::erased(cx.text(ty));
    // An interface's field is public and static without saying so.
    let in_interface = node.kind() == "constant_declaration";
    let is_static = in_interface || tree::has_modifier(node, "static");
    if !TYPES.contains(&erased) || !is_static || tree::has_modifier(node, "private") {
        return;
    }
    let name = node.child_by_field_name("declarator").and_then(|d| d.child_by_field_name("name"));
    let range = name.map_or(node.byte_range(), |n| n.byte_range());
    cx.report(
        out,
        &RULE,
        range,
        format!(
            "`{}` is a static `{erased}` other classes can use, which is not thread-safe",
            name.map_or("", |n| cx.text(n))
        ),
        "use `DateTimeFormatter` (immutable), a `ThreadLocal<SimpleDateFormat>`, or a local instance",
    );
}

/// `FORMAT.format(…)` / `parse(…)` on a static date-format field of this file, outside a lock.
fn check_call(cx: &Cx<'_>, call: Node<'_>, out: &mut Sink) {
    let (Some(name), Some(object)) = (call.child_by_field_name("name"), call.child_by_field_name("object")) else {
        return;
    };
    let method = cx.text(name);
    if !matches!(method, "format" | "parse") {
        return;
    }
    let field = match object.kind() {
        "identifier" => object,
        // `this.FORMAT`, `Dates.FORMAT`
        "field_access" => match object.child_by_field_name("field") {
            Some(f) => f,
            None => return,
        },
        _ => return,
    };
    let field_name = cx.text(field);
    let Some(ty) = static_field_type(cx, call, field_name) else { return };
    if !TYPES.contains(&tree::erased(ty)) || holds_lock(cx, call) {
        return;
    }
    cx.report(
        out,
        &RULE,
        call.byte_range(),
        format!("`{field_name}.{method}` on a static `{}` without a lock: it is not thread-safe", tree::erased(ty)),
        "use `DateTimeFormatter` (immutable), a `ThreadLocal<SimpleDateFormat>`, or lock around the call",
    );
}

/// The declared type of `name` when, seen from `at`, it is a `static` field of an enclosing type (not a
/// local or parameter of the same name).
fn static_field_type<'a>(cx: &Cx<'a>, at: Node<'_>, name: &str) -> Option<&'a str> {
    let resolved = tree::declared_type(cx, at, name)?;
    let mut scope = tree::ancestor(at, tree::TYPE_DECLS);
    while let Some(t) = scope {
        let body = t.child_by_field_name("body")?;
        for member in tree::named_children(body) {
            if !matches!(member.kind(), "field_declaration" | "constant_declaration") {
                continue;
            }
            let mut cursor = member.walk();
            let declares = member
                .children_by_field_name("declarator", &mut cursor)
                .any(|d| d.child_by_field_name("name").is_some_and(|n| cx.text(n) == name));
            if !declares {
                continue;
            }
            let ty = cx.text(member.child_by_field_name("type")?);
            // The same text as the resolved declaration: not shadowed by a local.
            let same = std::ptr::eq(ty.as_ptr(), resolved.as_ptr());
            let is_static = member.kind() == "constant_declaration" || tree::has_modifier(member, "static");
            return (same && is_static).then_some(ty);
        }
        scope = tree::ancestor(t, tree::TYPE_DECLS);
    }
    None
}

/// Whether the code at `call` runs holding a lock, syntactically: in a `synchronized` block or method, a static
/// initialiser (class initialisation is serialised), the `then` of `if (x.tryLock())`, or after an `x.lock()`
/// statement of an enclosing block with no `unlock()` between.
fn holds_lock(cx: &Cx<'_>, call: Node<'_>) -> bool {
    let invokes = |n: Node<'_>, names: &[&str]| {
        std::iter::once(n).chain(tree::descendants(n, true)).any(|d| {
            d.kind() == "method_invocation" && d.child_by_field_name("name").is_some_and(|x| names.contains(&cx.text(x)))
        })
    };
    let mut child = call;
    let mut at = call.parent();
    while let Some(n) = at {
        match n.kind() {
            "synchronized_statement" | "static_initializer" => return true,
            "method_declaration" => return tree::has_modifier(n, "synchronized"),
            "constructor_declaration" | "lambda_expression" | "class_body" => return false,
            "if_statement"
                if n.child_by_field_name("consequence") == Some(child)
                    && n.child_by_field_name("condition").is_some_and(|c| invokes(c, &["tryLock"])) =>
            {
                return true;
            }
            "block" | "constructor_body" | "switch_block_statement_group" => {
                let mut before = child.prev_named_sibling();
                while let Some(stmt) = before {
                    if stmt.kind() == "expression_statement"
                        && stmt.named_child(0).is_some_and(|e| {
                            e.kind() == "method_invocation"
                                && e.child_by_field_name("name")
                                    .is_some_and(|x| matches!(cx.text(x), "lock" | "lockInterruptibly"))
                        })
                    {
                        return true;
                    }
                    if matches!(stmt.kind(), "expression_statement" | "try_statement") && invokes(stmt, &["unlock"]) {
                        break;
                    }
                    before = stmt.prev_named_sibling();
                }
            }
            _ => {}
        }
        child = n;
        at = n.parent();
    }
    false
}
