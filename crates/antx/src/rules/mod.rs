//! One module per AX rule: its metadata, explanation and logic, each a `check(&Model, &mut Sink)` over the
//! shared model.

use precheck_core::Sink;

use crate::model::Model;

precheck_core::declare_rules! {
    /// Every rule's check over the shared model, in code order.
    pub static CHECKS: [fn(&Model, &mut Sink<'_>)] = check;
    ax001_malformed_descriptor,
    ax002_unbound_element,
    ax003_unknown_attribute,
    ax004_bad_property_name,
    ax005_invalid_required_flag,
    ax006_unknown_validator,
    ax007_invalid_validator_config,
    ax008_default_fails_validator,
    ax009_bad_default_reference,
    ax010_blank_template,
    ax011_template_not_found,
    ax012_duplicate_destfile,
    ax013_render_in_place,
    ax014_invalid_charset,
    ax015_undeclared_placeholder,
    ax016_unused_property,
    ax017_velocity_syntax_error,
    ax018_runtime_placeholder_hint,
    ax019_unknown_context_tool,
    ax020_unused_template,
    ax021_missing_required_value,
    ax022_invalid_property_value,
    ax023_bad_value_reference,
    ax024_undeclared_property_key,
    ax025_duplicate_property_key,
    ax026_overridden_shared_value,
    ax027_non_ascii_properties,
    ax028_committed_secret_value,
    ax029_inconsistent_declarations,
    ax030_invalid_shared_set,
}

/// Runs every rule over the model.
pub fn check_all(m: &Model, sink: &mut Sink<'_>) {
    for (_, check) in CHECKS {
        check(m, sink);
    }
}

/// Whether a reference is to an object autoconfig puts in every descriptor's Velocity context
/// (`ConfigEntryFactoryImpl.populateCommonContext`: `stringUtil`, `numberUtil`; `populateWarContext`:
/// `component`): defined, not a placeholder.
pub fn is_tool(name: &str) -> bool {
    const TOOLS: &[&str] = &["stringUtil", "numberUtil", "component"];
    let first = name.split('.').next().unwrap_or_default();
    TOOLS.contains(&first)
}

/// The Velocity-tools `GenericTools` keys: what a template written for another Velocity runtime expects (AX019
/// reports a call on one; AX015 leaves it to AX019).
pub const VELOCITY_TOOLS: &[&str] = &[
    "date",
    "esc",
    "math",
    "number",
    "text",
    "convert",
    "display",
    "render",
    "sorter",
    "alternator",
    "list",
    "field",
    "class",
    "loop",
];

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
                let tools_call = r.call && VELOCITY_TOOLS.contains(&first);
                if r.name == "D"
                    || scan.locals.contains(first)
                    || is_tool(&r.name)
                    || declared.contains(&r.name)
                    || tools_call
                {
                    continue;
                }
                list.push((d, g, file, r));
            }
        }
    }
    list
}
