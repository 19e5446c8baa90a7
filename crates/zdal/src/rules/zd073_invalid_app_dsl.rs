//! ZD073 invalid-app-dsl: an `<App>` (console format) file that cannot be imported or started.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::{FileKind, Model, name_parts};
use precheck_xml::beans::Loc;
use precheck_xml::reader::{Doc, Elem};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD073",
    "invalid-app-dsl",
    Severity::Error,
    "an `<App>` (console format) file that cannot be imported or started",
    r#"## What it does
Checks the console/export format: an `<App name dbmode idcName>` root, `<AppDataSource>` children and nested `<datasource dataSourceType="RW|PHYSICS">` elements. It reports:

- `name`, `dbmode` or `idcName` of `<App>` differing from the file name `{name}-{dbmode}[-{idcName}]-ds.xml`;
- a data source named in an RW `<datasource>`'s `readwriteRule` that is not one of its PHYSICS `<datasource>` children;
- a PHYSICS `<datasource>` that breaks the physical data source checks: blank `name`, `jdbcUrl` blank or naming none of oracle/mysql/db2, blank `userName` or `password`, negative `minConn`/`maxConn` or `minConn` above `maxConn`.

## Why
The import and the client built from it apply the same checks as to Spring-configured physical data sources ("the jdbcUrl is invalidate,must contain [oracle,mysql,db2]", "the maxConn[..] must >= minConn[..", …), and the read/write rule can only weight data sources it contains: the import fails, or the application does not start.

## Example
```xml
<datasource name="order_rw" dataSourceType="RW" readwriteRule="order_0:r10w10,order_1:r10w0">
  <datasource name="order_0" dataSourceType="PHYSICS">…</datasource>
</datasource>
```

## Use instead
Add the PHYSICS `<datasource name="order_1">`, or drop `order_1` from the `readwriteRule`.
"#,
).repo();

fn attr_loc(file: usize, e: &Elem, name: &str) -> Option<(String, Loc)> {
    e.attr(name).map(|a| (a.value.trim().to_string(), Loc { file, range: a.value_range.clone() }))
}

/// A child element's text, or the attribute of the same name.
fn field(doc: &Doc, src: &str, file: usize, e: &Elem, name: &str) -> Option<(String, Loc)> {
    doc.children(e)
        .find(|c| c.local() == name)
        .map(|c| (c.text.trim().to_string(), Loc { file, range: c.text_range(src) }))
        .or_else(|| attr_loc(file, e, name))
}

fn is_type(e: &Elem, t: &str) -> bool {
    e.attr("dataSourceType").is_some_and(|a| a.value.trim().eq_ignore_ascii_case(t))
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (fid, f) in m.files.iter().enumerate() {
        if f.kind != FileKind::AppDsl {
            continue;
        }
        let Some(doc) = &f.doc else { continue };
        let Some(root) = doc.root() else { continue };
        check_names(m, out, fid, root);
        for e in &doc.elems {
            if e.local() != "datasource" {
                continue;
            }
            if is_type(e, "RW") {
                check_rw(m, out, fid, doc, e);
            } else if is_type(e, "PHYSICS") {
                check_physics(m, out, fid, doc, e);
            }
        }
    }
}

fn check_names(m: &Model, out: &mut Sink<'_>, fid: usize, root: &Elem) {
    let f = &m.files[fid];
    let app = attr_loc(fid, root, "name");
    let Some(parts) = name_parts(f.name(), "-ds.xml", app.as_ref().map(|(a, _)| a.as_str())) else { return };
    for (attr, want) in
        [("name", Some(parts.app.clone())), ("dbmode", Some(parts.dbmode.clone())), ("idcName", parts.zone.clone())]
    {
        let (Some(want), Some((value, loc))) = (want, attr_loc(fid, root, attr)) else { continue };
        if value.is_empty() || Model::deferred(&value) || value == want {
            continue;
        }
        let file = f.name().to_string();
        out.emit(&RULE, || {
            at(m, &RULE, &loc, format!("`<App {attr}>` is `{value}` but the file name `{file}` says `{want}`"))
                .with_help(format!("set `{attr}` to `{want}`, or rename the file"))
        });
    }
}

fn check_rw(m: &Model, out: &mut Sink<'_>, fid: usize, doc: &Doc, e: &Elem) {
    let Some(attr) = e.attr("readwriteRule") else { return };
    let value = attr.value.as_str();
    if Model::deferred(value) {
        return;
    }
    let children: Vec<(&str, &Elem)> = doc
        .children(e)
        .filter(|c| c.local() == "datasource" && is_type(c, "PHYSICS"))
        .filter_map(|c| c.attr("name").map(|a| (a.value.trim(), c)))
        .collect();
    // Members with offsets; a value the weight grammar rejects is still split on `,` and `:`.
    let members: Vec<(String, usize, usize)> = match grammar::parse_weights(value) {
        Ok(items) => items.into_iter().map(|i| (i.ds, i.off, i.len)).collect(),
        Err(_) => {
            let mut v = Vec::new();
            let mut off = 0;
            for item in value.split(',') {
                let ds = item.split(':').next().unwrap_or("");
                let lead = ds.len() - ds.trim_start().len();
                if !ds.trim().is_empty() {
                    v.push((ds.trim().to_string(), off + lead, ds.trim().len()));
                }
                off += item.len() + 1;
            }
            v
        }
    };
    let rw = e.attr("name").map_or("", |a| a.value.trim()).to_string();
    let rw_loc = Loc { file: fid, range: e.tag.clone() };
    for (ds, off, len) in members {
        if children.iter().any(|(n, _)| *n == ds) {
            continue;
        }
        let raw = m.files[fid].text.get(attr.value_range.clone()).unwrap_or("");
        let loc = if raw == value && off + len <= raw.len() {
            Loc { file: fid, range: attr.value_range.start + off..attr.value_range.start + off + len }
        } else {
            Loc { file: fid, range: attr.value_range.clone() }
        };
        let known: Vec<&str> = children.iter().map(|(n, _)| *n).collect();
        let help = if known.is_empty() {
            format!("add a PHYSICS `<datasource name=\"{ds}\">` inside `{rw}`")
        } else {
            format!("name one of the PHYSICS data sources of `{rw}`: {}", known.join(", "))
        };
        out.emit(&RULE, || {
            at(
                m,
                &RULE,
                &loc,
                format!(
                    "`readwriteRule` of `{rw}` names `{ds}`, which is not one of its PHYSICS `<datasource>` children"
                ),
            )
            .with_help(help)
            .with_label(m.span(&rw_loc), "RW data source defined here")
        });
    }
}

fn check_physics(m: &Model, out: &mut Sink<'_>, fid: usize, doc: &Doc, e: &Elem) {
    let src = &m.files[fid].text;
    let tag = Loc { file: fid, range: e.tag.clone() };
    let name = attr_loc(fid, e, "name");
    let label = name.as_ref().map_or(String::new(), |(n, _)| n.clone());
    let mut report = |loc: &Loc, message: String, help: &str| {
        out.emit(&RULE, || at(m, &RULE, loc, message).with_help(help.to_string()));
    };
    match &name {
        Some((n, _)) if !n.is_empty() => {}
        other => {
            let loc = other.as_ref().map_or(&tag, |(_, l)| l);
            report(
                loc,
                "PHYSICS `<datasource>` has no `name`: \"the physicalDataSource's name is null\"".into(),
                "give the data source a `name`",
            );
        }
    }
    match field(doc, src, fid, e, "jdbcUrl") {
        Some((url, _)) if Model::deferred(&url) => {}
        Some((url, loc)) => {
            let lower = url.to_ascii_lowercase();
            if url.is_empty() || !["oracle", "mysql", "db2"].iter().any(|v| lower.contains(v)) {
                report(
                    &loc,
                    format!(
                        "`jdbcUrl` of `{label}` is `{url}`: \"the jdbcUrl is invalidate,must contain [oracle,mysql,db2]\""
                    ),
                    "write a JDBC URL naming oracle, mysql or db2",
                );
            }
        }
        None => report(
            &tag,
            format!(
                "PHYSICS `<datasource>` `{label}` has no `jdbcUrl`: \"the jdbcUrl is invalidate,must contain [oracle,mysql,db2]\""
            ),
            "add a `jdbcUrl`",
        ),
    }
    for what in ["userName", "password"] {
        match field(doc, src, fid, e, what) {
            Some((v, _)) if !v.is_empty() => {}
            found => {
                let loc = found.as_ref().map_or(&tag, |(_, l)| l);
                report(
                    loc,
                    format!("`{what}` of `{label}` is blank: \"the {what} is null\""),
                    "fill it in, or use a `${…}` placeholder",
                );
            }
        }
    }
    let int = |what: &str| field(doc, src, fid, e, what).and_then(|(v, loc)| v.parse::<i64>().ok().map(|n| (n, loc)));
    let (min, max) = (int("minConn"), int("maxConn"));
    for (what, v) in [("minConn", &min), ("maxConn", &max)] {
        if let Some((n, loc)) = v {
            if *n < 0 {
                report(loc, format!("`{what}` of `{label}` is {n}, below 0"), "use a count of 0 or more");
            }
        }
    }
    if let (Some((lo, _)), Some((hi, loc))) = (&min, &max) {
        if lo > hi && *hi >= 0 {
            report(
                loc,
                format!(
                    "`maxConn` {hi} of `{label}` is below `minConn` {lo}: \"the maxConn[{hi}] must >= minConn[{lo}]\""
                ),
                "make `maxConn` at least `minConn`",
            );
        }
    }
}
