//! The object model of user-defined classes, one module per kind of
//! object: [`class`] (type objects, MRO, versions), [`instance`]
//! (instances and their attributes), [`shape`] (hidden classes),
//! [`descriptor`] (`staticmethod`, `classmethod`, `property`, `super`).
//! Generic dispatch that consults them lives in [`crate::protocol`].

pub mod class;
pub mod descriptor;
pub mod instance;
pub mod shape;
