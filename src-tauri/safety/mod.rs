//! Crisis help. The crisis lines themselves are static data in the UI so
//! they render with no backend call, offline and while the vault is locked;
//! this module only decides which contact links may be handed to the system.

pub mod contact_link;

pub use contact_link::{ContactLink, ContactLinkError};
