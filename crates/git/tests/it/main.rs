//! precheck-git against the real `git`: every answer is compared with what git itself says.

mod changes;
mod common;
mod push;
mod repo;
mod sources;
