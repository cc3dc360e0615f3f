//! Integration tests: one binary, one module per area.

mod commands;
mod logging;
mod support;
