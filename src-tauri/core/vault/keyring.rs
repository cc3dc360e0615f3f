//! The OS keyring (Secret Service on Linux) holding the random key of the
//! "unlock automatically on this device" slot. Tests swap in the keyring
//! crate's mock store, which can inject failures.

use std::sync::Arc;
use zeroize::Zeroizing;

const SERVICE: &str = "org.alongside.companion";

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("the system keyring is not available")]
    Unavailable(#[source] keyring_core::Error),
    #[error("the system keyring refused the request")]
    Failed(#[source] keyring_core::Error),
    #[error("the keyring holds no key for this vault")]
    Missing,
}

#[derive(Clone)]
enum Backend {
    Os,
    Store(Arc<keyring_core::CredentialStore>),
}

#[derive(Clone)]
pub struct Keyring {
    backend: Backend,
}

impl Keyring {
    /// The desktop's keyring.
    pub fn os() -> Self {
        Self {
            backend: Backend::Os,
        }
    }

    /// Any keyring-core store; tests pass the mock store.
    pub fn with_store(store: Arc<keyring_core::CredentialStore>) -> Self {
        Self {
            backend: Backend::Store(store),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring_core::Entry, KeyringError> {
        let entry = match &self.backend {
            Backend::Os => keyring::Entry::new(SERVICE, name).map(|e| e.inner),
            Backend::Store(store) => keyring_core::Entry::new_in_store(store, SERVICE, name),
        };
        entry.map_err(classify)
    }

    /// Whether a key could be stored now: the store answers at all.
    pub fn available(&self) -> bool {
        match self
            .entry("availability-probe")
            .and_then(|e| e.get_secret().map_err(classify))
        {
            Ok(_) => true,
            Err(KeyringError::Failed(keyring_core::Error::NoEntry))
            | Err(KeyringError::Missing) => true,
            Err(_) => false,
        }
    }

    pub fn get(&self, name: &str) -> Result<Zeroizing<[u8; 32]>, KeyringError> {
        let secret = Zeroizing::new(self.entry(name)?.get_secret().map_err(classify)?);
        let mut key = Zeroizing::new([0u8; 32]);
        if secret.len() != key.len() {
            return Err(KeyringError::Missing);
        }
        key.copy_from_slice(&secret);
        Ok(key)
    }

    pub fn set(&self, name: &str, key: &[u8; 32]) -> Result<(), KeyringError> {
        self.entry(name)?.set_secret(key).map_err(classify)
    }

    /// Removes the key; a key that is already gone is not an error.
    pub fn delete(&self, name: &str) -> Result<(), KeyringError> {
        match self.entry(name)?.delete_credential().map_err(classify) {
            Ok(()) | Err(KeyringError::Missing) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

fn classify(e: keyring_core::Error) -> KeyringError {
    use keyring_core::Error as E;
    match e {
        E::NoEntry => KeyringError::Missing,
        E::NoDefaultStore | E::NoStorageAccess(_) | E::PlatformFailure(_) => {
            KeyringError::Unavailable(e)
        }
        other => KeyringError::Failed(other),
    }
}
