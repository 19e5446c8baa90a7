//! precheck-xml: the one XML layer the check crates read XML through.
//!
//! - [`reader`]: a small strict XML reader over decoded text that keeps the byte range of every element,
//!   attribute name, attribute value and text run (built iteratively, so deep nesting cannot overflow the
//!   stack), with one table of entities; a lenient mode ([`reader::parse_lenient`]) keeps what was read before
//!   the first error and accepts what an event reader would (for callers whose answer must not change when a
//!   file is malformed further down). Each error carries an [`ErrorKind`] beside its message, so a reader
//!   keeps its own wording. `Options::events` tokenizes as the event reader (quick-xml) the POM, descriptor,
//!   mapper and TXT018 readers used before did, records text runs in document order, and
//!   `XmlError::event_message` says an error in that reader's words, which their findings quote.
//! - [`decode`]: an XML file's bytes as text, by its byte-order mark or declared encoding (GBK and GB2312
//!   read as GB18030), with the first undecodable byte mapped to its place in the text.
//! - [`beans`]: the Spring beans model (`<bean>` with `id`, `class`, `parent`, properties, constructor
//!   arguments, inline beans, every value with its place), and the walks that follow `parent=` and `ref`.
//!
//! It sits below the check crates and depends on precheck-core only (for decoding).

#![warn(clippy::string_slice)]

pub mod beans;
pub mod decode;
pub mod reader;

pub use reader::{Attr, Doc, Elem, ErrorKind, Options, Run, RunKind, XmlError, parse, parse_lenient, parse_with};
