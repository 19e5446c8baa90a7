//! One module per AX rule: its metadata, explanation and logic, each a `check(&Model, &mut Out)` over the
//! shared model.

use std::collections::HashSet;
use std::sync::Arc;

use precheck_core::{Finding, RuleMeta, Sink};

use crate::model::Model;

pub mod ax001_malformed_descriptor;
pub mod ax002_unbound_element;
pub mod ax003_unknown_attribute;
pub mod ax004_bad_property_name;
pub mod ax005_invalid_required_flag;
pub mod ax006_unknown_validator;
pub mod ax007_invalid_validator_config;
pub mod ax008_default_fails_validator;
pub mod ax009_bad_default_reference;
pub mod ax010_blank_template;
pub mod ax011_template_not_found;
pub mod ax012_duplicate_destfile;
pub mod ax013_render_in_place;
pub mod ax014_invalid_charset;
pub mod ax015_undeclared_placeholder;
pub mod ax016_unused_property;
pub mod ax017_velocity_syntax_error;
pub mod ax018_runtime_placeholder_hint;
pub mod ax019_unknown_context_tool;
pub mod ax020_unused_template;
pub mod ax021_missing_required_value;
pub mod ax022_invalid_property_value;
pub mod ax023_bad_value_reference;
pub mod ax024_undeclared_property_key;
pub mod ax025_duplicate_property_key;
pub mod ax026_overridden_shared_value;
pub mod ax027_non_ascii_properties;
pub mod ax028_committed_secret_value;
pub mod ax029_inconsistent_declarations;
pub mod ax030_invalid_shared_set;

/// Every AX rule, in code order.
pub static RULES: [&RuleMeta; 30] = [
    &ax001_malformed_descriptor::RULE,
    &ax002_unbound_element::RULE,
    &ax003_unknown_attribute::RULE,
    &ax004_bad_property_name::RULE,
    &ax005_invalid_required_flag::RULE,
    &ax006_unknown_validator::RULE,
    &ax007_invalid_validator_config::RULE,
    &ax008_default_fails_validator::RULE,
    &ax009_bad_default_reference::RULE,
    &ax010_blank_template::RULE,
    &ax011_template_not_found::RULE,
    &ax012_duplicate_destfile::RULE,
    &ax013_render_in_place::RULE,
    &ax014_invalid_charset::RULE,
    &ax015_undeclared_placeholder::RULE,
    &ax016_unused_property::RULE,
    &ax017_velocity_syntax_error::RULE,
    &ax018_runtime_placeholder_hint::RULE,
    &ax019_unknown_context_tool::RULE,
    &ax020_unused_template::RULE,
    &ax021_missing_required_value::RULE,
    &ax022_invalid_property_value::RULE,
    &ax023_bad_value_reference::RULE,
    &ax024_undeclared_property_key::RULE,
    &ax025_duplicate_property_key::RULE,
    &ax026_overridden_shared_value::RULE,
    &ax027_non_ascii_properties::RULE,
    &ax028_committed_secret_value::RULE,
    &ax029_inconsistent_declarations::RULE,
    &ax030_invalid_shared_set::RULE,
];

/// The sink, deduplicating: one properties file or template can be reached through several packages or
/// generates, and the same finding must be reported once.
pub struct Out<'s, 'p> {
    sink: &'s mut Sink<'p>,
    seen: HashSet<(&'static str, Arc<str>, usize, usize, String)>,
}

impl<'s, 'p> Out<'s, 'p> {
    pub fn new(sink: &'s mut Sink<'p>) -> Self {
        Out { sink, seen: HashSet::new() }
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.sink.enabled(rule)
    }

    pub fn emit(&mut self, rule: &'static RuleMeta, build: impl FnOnce() -> Finding) {
        if !self.sink.enabled(rule) {
            return;
        }
        let f = build();
        let key = (f.code, Arc::clone(&f.primary.path), f.primary.range.start, f.primary.range.end, f.message.clone());
        if self.seen.insert(key) {
            self.sink.push(f);
        }
    }
}

/// Runs every rule over the model.
pub fn check_all(m: &Model, sink: &mut Sink<'_>) {
    let out = &mut Out::new(sink);
    ax001_malformed_descriptor::check(m, out);
    ax002_unbound_element::check(m, out);
    ax003_unknown_attribute::check(m, out);
    ax004_bad_property_name::check(m, out);
    ax005_invalid_required_flag::check(m, out);
    ax006_unknown_validator::check(m, out);
    ax007_invalid_validator_config::check(m, out);
    ax008_default_fails_validator::check(m, out);
    ax009_bad_default_reference::check(m, out);
    ax010_blank_template::check(m, out);
    ax011_template_not_found::check(m, out);
    ax012_duplicate_destfile::check(m, out);
    ax013_render_in_place::check(m, out);
    ax014_invalid_charset::check(m, out);
    ax015_undeclared_placeholder::check(m, out);
    ax016_unused_property::check(m, out);
    ax017_velocity_syntax_error::check(m, out);
    ax018_runtime_placeholder_hint::check(m, out);
    ax019_unknown_context_tool::check(m, out);
    ax020_unused_template::check(m, out);
    ax021_missing_required_value::check(m, out);
    ax022_invalid_property_value::check(m, out);
    ax023_bad_value_reference::check(m, out);
    ax024_undeclared_property_key::check(m, out);
    ax025_duplicate_property_key::check(m, out);
    ax026_overridden_shared_value::check(m, out);
    ax027_non_ascii_properties::check(m, out);
    ax028_committed_secret_value::check(m, out);
    ax029_inconsistent_declarations::check(m, out);
    ax030_invalid_shared_set::check(m, out);
}

/// Whether a reference is to one of the tool objects older internal antx put in the context.
pub fn is_tool(name: &str) -> bool {
    const TOOLS: &[&str] = &["stringUtil", "numberUtil"];
    let first = name.split('.').next().unwrap_or_default();
    TOOLS.contains(&first)
}

/// An undeclared reference: the owning descriptor, the generate, the template and the reference.
pub type Undeclared<'m> = (usize, &'m crate::model::Gen, &'m crate::model::SourceFile, &'m crate::velocity::Reference);

/// The rendered references of every generate, with the owning descriptor, the generate and the template:
/// references Velocity defines itself (`D`, `#set`, `#foreach`, macro parameters) and tool objects removed.
pub fn undeclared(m: &Model) -> Vec<Undeclared<'_>> {
    let mut list = Vec::new();
    for (d, desc) in m.descriptors.iter().enumerate() {
        if desc.parsed.is_none() {
            continue;
        }
        let declared = m.declared_names(d);
        for g in &desc.gens {
            let Some((file, scan)) = m.scan_of(g) else { continue };
            for r in &scan.references {
                let first = r.name.split('.').next().unwrap_or_default();
                if r.name == "D" || scan.locals.contains(first) || is_tool(&r.name) || declared.contains(&r.name) {
                    continue;
                }
                list.push((d, g, file, r));
            }
        }
    }
    list
}
