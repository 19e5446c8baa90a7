//! Values computed from content alone, shared by the runs of one semantic-conflict comparison (CF007).
//!
//! A matrix of N branches re-runs the checks on every merged tree and once on each side, and those trees hold
//! mostly the same blobs: the interface a mapper binds and its parameter classes, the schema's statements. A
//! [`Memo`] keeps what was built from such content (a parsed file, a parsed statement) under a key that names
//! the content exactly (its path and git object id, or the text itself), so the next run that reads the same
//! content takes it from there. The runner offers one to its re-runs through the run's [`crate::Facts`]
//! ([`crate::RepoCtx::memo`]); an ordinary run has none, so nothing outlives its run there.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A map from (value type, key) to a value built once from the content the key names.
#[derive(Default)]
pub struct Memo {
    map: Mutex<HashMap<(TypeId, String), Arc<dyn Any + Send + Sync>>>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo").finish_non_exhaustive()
    }
}

impl Memo {
    /// The value of type `T` for `key`, built by `make` the first time. `key` must name everything the value
    /// is built from (for a file: its path and content id). `make` runs without the map locked; a caller
    /// asking for the same key meanwhile (the merged trees are checked in parallel, and they start with the
    /// same files) waits for it rather than building it again. `make` must not ask for its own key.
    pub fn get_or_insert<T: Send + Sync + 'static>(&self, key: &str, make: impl FnOnce() -> T) -> Arc<T> {
        let cell = {
            let mut map = self.map.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let entry = map
                .entry((TypeId::of::<T>(), key.to_string()))
                .or_insert_with(|| Arc::new(OnceLock::<Arc<T>>::new()) as Arc<dyn Any + Send + Sync>);
            Arc::clone(entry)
        };
        // Keyed by the value's TypeId, so the downcast cannot fail; were it to, a value built now is right.
        match cell.downcast::<OnceLock<Arc<T>>>() {
            Ok(cell) => Arc::clone(cell.get_or_init(|| Arc::new(make()))),
            Err(_) => Arc::new(make()),
        }
    }
}

/// A memo key for what is built from the file `path` whose git object id is `id`, with `what` telling apart
/// the several things built from one file.
pub fn blob_key(what: &str, path: &str, id: &crate::ContentId) -> String {
    let mut key = String::with_capacity(what.len() + path.len() + 42);
    key.push_str(what);
    key.push('\0');
    key.push_str(path);
    key.push('\0');
    for b in id {
        key.push_str(&format!("{b:02x}"));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_built_once_per_key_and_type() {
        let memo = Memo::default();
        let mut built = 0;
        let a = memo.get_or_insert("k", || {
            built += 1;
            7u32
        });
        let b = memo.get_or_insert("k", || {
            built += 1;
            8u32
        });
        assert_eq!((*a, *b, built), (7, 7, 1));
        // Another type under the same key is another value.
        assert_eq!(*memo.get_or_insert("k", || "x".to_string()), "x");
        assert_eq!(*memo.get_or_insert("other", || 9u32), 9);
    }

    #[test]
    fn blob_keys_name_path_and_content() {
        let id = [0xab; 20];
        assert_eq!(blob_key("t", "a/B.java", &id), format!("t\0a/B.java\0{}", "ab".repeat(20)));
        assert_ne!(blob_key("t", "a", &id), blob_key("u", "a", &id));
    }
}
