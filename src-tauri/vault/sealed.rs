//! A small file the app may read while the vault is locked, sealed with
//! XChaCha20-Poly1305 under a random key kept in the OS keyring: the
//! reminders' standby, and the safety plan's copy when the member opts in.
//! Without a keyring there is no such file. All calls block (the keyring is
//! asked over D-Bus).

use super::keyring::{Keyring, KeyringError};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::path::PathBuf;
use zeroize::Zeroizing;

const NONCE: usize = 24;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the keyring has no place for the file's key")]
    Keyring(#[source] KeyringError),
    #[error("the sealed file could not be written or removed")]
    Io(#[source] std::io::Error),
    #[error("the file could not be sealed")]
    Seal,
}

#[derive(Clone)]
pub struct SealedFile {
    path: PathBuf,
    keyring: Keyring,
    key_name: String,
    magic: &'static [u8],
}

impl std::fmt::Debug for SealedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedFile")
            .field("path", &self.path)
            .finish()
    }
}

impl SealedFile {
    /// `purpose` names the key (with a hash of the path: one key per data
    /// folder, and the name says nothing about the member); `magic` starts
    /// the file.
    pub fn new(path: PathBuf, keyring: Keyring, purpose: &str, magic: &'static [u8]) -> Self {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        path.hash(&mut h);
        let key_name = format!("{purpose}-{:016x}", h.finish());
        Self {
            path,
            keyring,
            key_name,
            magic,
        }
    }

    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    pub fn write(&self, plain: &[u8]) -> Result<(), SealError> {
        let key = match self.keyring.get(&self.key_name) {
            Ok(key) => key,
            Err(KeyringError::Missing) => {
                let mut key = Zeroizing::new([0u8; 32]);
                rand::thread_rng().fill_bytes(key.as_mut());
                self.keyring
                    .set(&self.key_name, &key)
                    .map_err(SealError::Keyring)?;
                key
            }
            Err(e) => return Err(SealError::Keyring(e)),
        };
        let mut nonce = [0u8; NONCE];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = cipher(&key)
            .encrypt(XNonce::from_slice(&nonce), plain)
            .map_err(|_| SealError::Seal)?;
        let mut bytes = self.magic.to_vec();
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        crate::fsutil::write_atomic(&self.path, &bytes).map_err(SealError::Io)
    }

    /// `None` when there is no file, no key, or it does not open.
    pub fn read(&self) -> Option<Zeroizing<Vec<u8>>> {
        let bytes = std::fs::read(&self.path).ok()?;
        let rest = bytes.strip_prefix(self.magic)?;
        if rest.len() < NONCE {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE);
        let key = self.keyring.get(&self.key_name).ok()?;
        cipher(&key)
            .decrypt(XNonce::from_slice(nonce), sealed)
            .ok()
            .map(Zeroizing::new)
    }

    /// The file and its key; either already gone is not an error.
    pub fn remove(&self) -> Result<(), SealError> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(SealError::Io(e)),
        }
        self.keyring
            .delete(&self.key_name)
            .map_err(SealError::Keyring)
    }
}

fn cipher(key: &[u8; 32]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}
