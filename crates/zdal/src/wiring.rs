//! The `ZdalDataSource` beans of application contexts, with `parent=` resolved inside their file (a context
//! is not part of a ds/rule pair, so the pair namespace does not apply). ZD003, ZD074 and ZD075 read them.

use crate::model::{FileKind, Model};
use precheck_xml::beans::{self as spring, BeanId, Kind, Loc};

/// A string property of a `ZdalDataSource` and where it is written.
pub type Setting = Option<(String, Loc)>;

/// One concrete (non-abstract) `ZdalDataSource` bean.
#[derive(Clone, Debug)]
pub struct ZdalDs {
    pub bean: BeanId,
    pub app_name: Setting,
    pub app_ds_name: Setting,
    pub dbmode: Setting,
    pub zone: Setting,
    pub config_path: Setting,
}

/// The bean and its `parent=` ancestors in the same file, nearest first (cycles and depth cut).
pub fn chain(m: &Model, b: BeanId) -> Vec<BeanId> {
    spring::chain(&m.beans, b, |parent, bean| {
        m.files[bean.file].beans.iter().rev().copied().find(|&c| m.beans[c].id() == Some(parent))
    })
}

/// A string property through the chain (the nearest definition wins); a non-text value gives `""`.
pub fn setting(m: &Model, chain: &[BeanId], name: &str) -> Setting {
    spring::setting(&m.beans, chain, name)
}

/// Every concrete `ZdalDataSource` of the application contexts, in bean order.
pub fn zdal_data_sources(m: &Model) -> Vec<ZdalDs> {
    let mut out = Vec::new();
    for (b, bean) in m.beans.iter().enumerate() {
        if m.files[bean.file].kind != FileKind::Context || bean.is_abstract {
            continue;
        }
        let chain = chain(m, b);
        let kind = chain.iter().find_map(|&c| m.beans[c].class.as_ref().map(|(class, _)| Kind::of_class(class)));
        if kind != Some(Kind::ZdalDataSource) {
            continue;
        }
        out.push(ZdalDs {
            bean: b,
            app_name: setting(m, &chain, "appName"),
            app_ds_name: setting(m, &chain, "appDsName"),
            dbmode: setting(m, &chain, "dbmode"),
            zone: setting(m, &chain, "zone"),
            config_path: setting(m, &chain, "configPath"),
        });
    }
    out
}
