//! Integration tests: one binary, one module per area.

mod clinic;
mod commands;
mod crash;
mod escalation;
mod hostile;
mod journal;
mod key_log;
mod keyring_os;
mod logging;
mod model;
mod outbox;
mod practice;
mod quiet;
mod reminders;
mod safety;
mod seams;
mod strict;
mod support;
mod transfer;
mod vault;
