//! One module per kind of object, as CPython's `Objects/` has one file per
//! type: built-in types (storage where it is the type's own, and methods)
//! and the object model of user-defined classes.
//!
//! - [`dict`], [`set`], [`list`] (and `tuple`'s methods), [`tuple`]
//!   (its storage and kept hash), [`string`], [`int`],
//!   [`float`], [`range`], [`generator`], [`exception`], [`module`];
//! - [`class`] (type objects of user classes, MRO, versions, the
//!   attribute cache), [`instance`] (instances, their attributes, and
//!   `object`'s own methods), [`shape`] (hidden classes), [`descriptor`]
//!   (`staticmethod`, `classmethod`, `property`, `super`).
//!
//! Generic dispatch that consults them lives in [`crate::protocol`]; the
//! operations over built-in values in [`crate::ops`].

pub mod class;
pub mod descriptor;
pub mod dict;
pub mod exception;
pub mod float;
pub mod function;
pub mod generator;
pub mod instance;
pub mod int;
pub mod list;
pub mod module;
pub mod range;
pub mod set;
pub mod shape;
pub mod slots;
pub mod string;
pub mod tuple;
