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
    /// The name earlier versions gave the key (a `DefaultHasher` of the
    /// path, which a new Rust may compute differently): read once, moved.
    legacy_name: String,
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
        use sha2::{Digest, Sha256};
        use std::hash::{Hash, Hasher};
        // SHA-256 of the path: the same name from every build, whatever
        // its compiler, so an update never loses the key.
        let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
        let key_name = format!("{purpose}-{}", hex::encode(&digest[..8]));
        let mut h = std::collections::hash_map::DefaultHasher::new();
        path.hash(&mut h);
        let legacy_name = format!("{purpose}-{:016x}", h.finish());
        Self {
            path,
            keyring,
            key_name,
            legacy_name,
            magic,
        }
    }

    /// The key, moved from the name an earlier version used if it is
    /// still there.
    fn key(&self) -> Result<Zeroizing<[u8; 32]>, KeyringError> {
        match self.keyring.get(&self.key_name) {
            Err(KeyringError::Missing) => {
                let key = self.keyring.get(&self.legacy_name)?;
                self.keyring.set(&self.key_name, &key)?;
                let _ = self.keyring.delete(&self.legacy_name);
                Ok(key)
            }
            other => other,
        }
    }

    /// What the keyring holds the key under.
    pub fn key_name(&self) -> &str {
        &self.key_name
    }

    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    pub fn write(&self, plain: &[u8]) -> Result<(), SealError> {
        let key = match self.key() {
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
        let key = self.key().ok()?;
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
        let _ = self.keyring.delete(&self.legacy_name);
        self.keyring
            .delete(&self.key_name)
            .map_err(SealError::Keyring)
    }
}

fn cipher(key: &[u8; 32]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyring() -> Keyring {
        Keyring::with_store(keyring_core::mock::Store::new().unwrap())
    }

    /// The key's name is SHA-256 of the path, pinned: every build names it
    /// the same, so an update never loses what the keyring holds.
    #[test]
    fn the_keys_name_is_stable() {
        let path =
            PathBuf::from("/home/member/.local/share/org.alongside.companion/safety-plan.sealed");
        let file = SealedFile::new(path, keyring(), "safety-plan", b"T1");
        assert_eq!(file.key_name(), "safety-plan-b4813f0cdb4b0bf6");
    }

    /// A key an earlier version stored under its `DefaultHasher` name still
    /// opens the file, and is moved to the stable name.
    #[test]
    fn a_key_under_the_earlier_name_is_moved() {
        let dir = tempfile::tempdir().unwrap();
        let ring = keyring();
        let file = SealedFile::new(dir.path().join("s.sealed"), ring.clone(), "test", b"T1");
        file.write(b"kept").unwrap();
        let key = ring.get(&file.key_name).unwrap();
        ring.set(&file.legacy_name, &key).unwrap();
        ring.delete(&file.key_name).unwrap();
        assert_eq!(file.read().unwrap().as_slice(), b"kept");
        assert!(ring.get(&file.key_name).is_ok());
        assert!(matches!(
            ring.get(&file.legacy_name),
            Err(KeyringError::Missing)
        ));
        file.remove().unwrap();
        assert!(matches!(
            ring.get(&file.key_name),
            Err(KeyringError::Missing)
        ));
    }
}
