//! The key-slot file (`vault.keys`) beside the database.
//!
//! The data key (DEK) never touches the disk in the clear. Each slot holds
//! the DEK encrypted with XChaCha20-Poly1305 under a key-encryption key from
//! one unlock method. The associated data binds each wrapping to its purpose,
//! the format version and this vault's id, so a slot cannot be moved to
//! another vault or reinterpreted as another kind.

use super::kdf::{KdfError, KdfParams};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub const FORMAT: &str = "alongside-keyslots";
pub const VERSION: u32 = 1;

pub type DataKey = Zeroizing<[u8; 32]>;

/// `vault.keys.prev`: the key file's previous version.
pub fn prev_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".prev");
    path.with_file_name(name)
}

#[derive(Debug, thiserror::Error)]
pub enum SlotError {
    #[error("the key file cannot be read")]
    Read(#[source] std::io::Error),
    #[error("the key file cannot be written")]
    Write(#[source] std::io::Error),
    #[error("the key file is damaged or not an Alongside key file")]
    Damaged,
    #[error("the key does not open this slot")]
    WrongKey,
    #[error("no slot of this kind")]
    NoSlot,
    #[error(transparent)]
    Kdf(#[from] KdfError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    Passphrase,
    Recovery,
    Keyring,
}

impl SlotKind {
    fn label(self) -> &'static str {
        match self {
            Self::Passphrase => "passphrase",
            Self::Recovery => "recovery",
            Self::Keyring => "keyring",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub kind: SlotKind,
    /// Present for passphrase and recovery slots; the keyring slot's key is
    /// random and lives in the OS keyring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kdf: Option<StoredKdf>,
    pub nonce: String,
    pub wrapped_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredKdf {
    pub algorithm: String,
    #[serde(flatten)]
    pub params: KdfParams,
    pub salt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotFile {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub slots: Vec<Slot>,
}

impl SlotFile {
    pub fn new() -> Self {
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        Self {
            format: FORMAT.into(),
            version: VERSION,
            vault_id: hex::encode(id),
            slots: Vec::new(),
        }
    }

    /// Reads the key file; when it is missing or damaged, the previous
    /// version kept beside it (`vault.keys.prev`). One bad write or a
    /// damaged sector must not cost the member every way in.
    pub fn load(path: &Path) -> Result<Self, SlotError> {
        match Self::load_one(path) {
            Ok(file) => Ok(file),
            Err(e) => match Self::load_one(&prev_path(path)) {
                Ok(file) => {
                    tracing::warn!("the key file could not be read; using its previous version");
                    Ok(file)
                }
                Err(_) => Err(e),
            },
        }
    }

    fn load_one(path: &Path) -> Result<Self, SlotError> {
        let bytes = std::fs::read(path).map_err(SlotError::Read)?;
        let file: Self = serde_json::from_slice(&bytes).map_err(|_| SlotError::Damaged)?;
        if file.format != FORMAT || file.version != VERSION || file.vault_id.len() != 32 {
            return Err(SlotError::Damaged);
        }
        Ok(file)
    }

    /// Writes the key file atomically, first keeping the version it
    /// replaces (when that one is sound) as `vault.keys.prev`.
    pub fn save(&self, path: &Path) -> Result<(), SlotError> {
        if let Ok(bytes) = std::fs::read(path) {
            if Self::load_one(path).is_ok() {
                crate::fsutil::write_atomic(&prev_path(path), &bytes).map_err(SlotError::Write)?;
            }
        }
        crate::fsutil::write_atomic(path, &self.to_json()?).map_err(SlotError::Write)
    }

    /// Like `save`, for a change that takes a way in away (a new
    /// passphrase or recovery code, auto-unlock off): the previous version
    /// would still open with the old secret, so it is replaced by this one.
    pub fn save_revoking(&self, path: &Path) -> Result<(), SlotError> {
        self.save_revoking_with(path, crate::fsutil::write_atomic)
    }

    /// The previous version is written first and the current one last, so
    /// the change is made exactly when the current file holds it: if that
    /// write fails (or the app stops before it), the current file still
    /// opens with the old secret, as the error the member sees says, and
    /// the previous version is put back as it was.
    fn save_revoking_with(
        &self,
        path: &Path,
        write: impl Fn(&Path, &[u8]) -> std::io::Result<()>,
    ) -> Result<(), SlotError> {
        let json = self.to_json()?;
        let prev = prev_path(path);
        let kept = std::fs::read(&prev).ok();
        write(&prev, &json).map_err(SlotError::Write)?;
        if let Err(e) = write(path, &json) {
            if let Some(old) = kept {
                let _ = write(&prev, &old);
            }
            return Err(SlotError::Write(e));
        }
        Ok(())
    }

    fn to_json(&self) -> Result<Vec<u8>, SlotError> {
        serde_json::to_vec_pretty(self).map_err(|_| SlotError::Damaged)
    }

    pub fn has(&self, kind: SlotKind) -> bool {
        self.slots.iter().any(|s| s.kind == kind)
    }

    pub fn remove(&mut self, kind: SlotKind) {
        self.slots.retain(|s| s.kind != kind);
    }

    /// Wraps `dek` for a secret that goes through the KDF (passphrase or
    /// recovery code), replacing any slot of that kind.
    pub fn put_with_secret(
        &mut self,
        kind: SlotKind,
        secret: &[u8],
        params: KdfParams,
        dek: &DataKey,
    ) -> Result<(), SlotError> {
        self.put_secret_slot(kind, secret, params, dek, random(), random())
    }

    fn put_secret_slot(
        &mut self,
        kind: SlotKind,
        secret: &[u8],
        params: KdfParams,
        dek: &DataKey,
        salt: [u8; 16],
        nonce: [u8; 24],
    ) -> Result<(), SlotError> {
        let kek = params.derive(secret, &salt)?;
        let slot = Slot {
            kind,
            kdf: Some(StoredKdf {
                algorithm: "argon2id".into(),
                params,
                salt: B64.encode(salt),
            }),
            nonce: B64.encode(nonce),
            wrapped_key: B64.encode(self.wrap(kind, &kek, &nonce, dek)?),
        };
        self.remove(kind);
        self.slots.push(slot);
        Ok(())
    }

    /// Wraps `dek` under a random key that the caller keeps elsewhere (the
    /// OS keyring).
    pub fn put_with_key(
        &mut self,
        kind: SlotKind,
        kek: &[u8; 32],
        dek: &DataKey,
    ) -> Result<(), SlotError> {
        self.put_key_slot(kind, kek, dek, random())
    }

    fn put_key_slot(
        &mut self,
        kind: SlotKind,
        kek: &[u8; 32],
        dek: &DataKey,
        nonce: [u8; 24],
    ) -> Result<(), SlotError> {
        let slot = Slot {
            kind,
            kdf: None,
            nonce: B64.encode(nonce),
            wrapped_key: B64.encode(self.wrap(kind, kek, &nonce, dek)?),
        };
        self.remove(kind);
        self.slots.push(slot);
        Ok(())
    }

    pub fn open_with_secret(&self, kind: SlotKind, secret: &[u8]) -> Result<DataKey, SlotError> {
        let slot = self.slot(kind)?;
        let kdf = slot.kdf.as_ref().ok_or(SlotError::Damaged)?;
        if kdf.algorithm != "argon2id" {
            return Err(SlotError::Damaged);
        }
        let salt: [u8; 16] = decode(&kdf.salt)?;
        let kek = kdf.params.derive(secret, &salt)?;
        self.unwrap(slot, &kek)
    }

    pub fn open_with_key(&self, kind: SlotKind, kek: &[u8; 32]) -> Result<DataKey, SlotError> {
        self.unwrap(self.slot(kind)?, kek)
    }

    fn slot(&self, kind: SlotKind) -> Result<&Slot, SlotError> {
        self.slots
            .iter()
            .find(|s| s.kind == kind)
            .ok_or(SlotError::NoSlot)
    }

    fn aad(&self, kind: SlotKind) -> String {
        format!("{FORMAT}/v{VERSION}/{}/{}", kind.label(), self.vault_id)
    }

    fn wrap(
        &self,
        kind: SlotKind,
        kek: &[u8; 32],
        nonce: &[u8; 24],
        dek: &DataKey,
    ) -> Result<Vec<u8>, SlotError> {
        let aad = self.aad(kind);
        XChaCha20Poly1305::new(kek.into())
            .encrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: dek.as_ref(),
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| SlotError::Damaged)
    }

    fn unwrap(&self, slot: &Slot, kek: &[u8; 32]) -> Result<DataKey, SlotError> {
        let nonce: [u8; 24] = decode(&slot.nonce)?;
        let wrapped = B64
            .decode(&slot.wrapped_key)
            .map_err(|_| SlotError::Damaged)?;
        let aad = self.aad(slot.kind);
        let plain = Zeroizing::new(
            XChaCha20Poly1305::new(kek.into())
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &wrapped,
                        aad: aad.as_bytes(),
                    },
                )
                .map_err(|_| SlotError::WrongKey)?,
        );
        let mut dek = Zeroizing::new([0u8; 32]);
        if plain.len() != dek.len() {
            return Err(SlotError::Damaged);
        }
        dek.copy_from_slice(&plain);
        Ok(dek)
    }
}

impl Default for SlotFile {
    fn default() -> Self {
        Self::new()
    }
}

pub fn random<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut out);
    out
}

pub fn new_data_key() -> DataKey {
    Zeroizing::new(random::<32>())
}

fn decode<const N: usize>(text: &str) -> Result<[u8; N], SlotError> {
    B64.decode(text)
        .ok()
        .and_then(|v| <[u8; N]>::try_from(v.as_slice()).ok())
        .ok_or(SlotError::Damaged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::kdf::tests::PINNED as PINNED_KDF;

    const PASSPHRASE: &[u8] = b"correct horse battery staple";

    fn fixed_file() -> SlotFile {
        let dek = Zeroizing::new([0x42u8; 32]);
        let mut file = SlotFile {
            format: FORMAT.into(),
            version: VERSION,
            vault_id: "00112233445566778899aabbccddeeff".into(),
            slots: Vec::new(),
        };
        file.put_secret_slot(
            SlotKind::Passphrase,
            PASSPHRASE,
            PINNED_KDF,
            &dek,
            [1; 16],
            [2; 24],
        )
        .unwrap();
        file.put_key_slot(SlotKind::Keyring, &[3; 32], &dek, [4; 24])
            .unwrap();
        file
    }

    /// The exact bytes of a key file (the wrapped keys were checked against
    /// libsodium's XChaCha20-Poly1305 and libargon2). If this changes,
    /// existing vaults no longer open: bump VERSION and keep reading the old
    /// format instead.
    const PINNED: &str = r#"{
  "format": "alongside-keyslots",
  "version": 1,
  "vault_id": "00112233445566778899aabbccddeeff",
  "slots": [
    {
      "kind": "passphrase",
      "kdf": {
        "algorithm": "argon2id",
        "memory_kib": 65536,
        "iterations": 3,
        "parallelism": 1,
        "salt": "AQEBAQEBAQEBAQEBAQEBAQ=="
      },
      "nonce": "AgICAgICAgICAgICAgICAgICAgICAgIC",
      "wrapped_key": "wfz7s0h90xnM7ALTCGKgUO4ZgVPpVxJElHpJyTX15Rv15cf2ozbekF8u7qBdyEjl"
    },
    {
      "kind": "keyring",
      "nonce": "BAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE",
      "wrapped_key": "K6G9VtVzEaQNwM76vXQ+qZ10sPViwSPd1cw4S4jpxFYEQr3wcC6G1aJpvS1hrKlc"
    }
  ]
}"#;

    #[test]
    fn format_is_pinned() {
        let json = serde_json::to_string_pretty(&fixed_file()).unwrap();
        assert_eq!(json, PINNED, "{json}");
    }

    #[test]
    fn pinned_file_opens_with_its_secrets() {
        let file: SlotFile = serde_json::from_str(PINNED).unwrap();
        let dek = file
            .open_with_secret(SlotKind::Passphrase, PASSPHRASE)
            .unwrap();
        assert_eq!(*dek, [0x42; 32]);
        let dek = file.open_with_key(SlotKind::Keyring, &[3; 32]).unwrap();
        assert_eq!(*dek, [0x42; 32]);
        assert!(matches!(
            file.open_with_secret(SlotKind::Passphrase, b"Correct horse battery staple"),
            Err(SlotError::WrongKey)
        ));
        assert!(matches!(
            file.open_with_key(SlotKind::Keyring, &[5; 32]),
            Err(SlotError::WrongKey)
        ));
        assert!(matches!(
            file.open_with_secret(SlotKind::Recovery, PASSPHRASE),
            Err(SlotError::NoSlot)
        ));
    }

    #[test]
    fn a_slot_is_bound_to_its_vault_and_purpose() {
        let mut other_vault = fixed_file();
        other_vault.vault_id = "ffeeddccbbaa99887766554433221100".into();
        assert!(matches!(
            other_vault.open_with_secret(SlotKind::Passphrase, PASSPHRASE),
            Err(SlotError::WrongKey)
        ));
        let mut relabelled = fixed_file();
        relabelled.slots[0].kind = SlotKind::Recovery;
        assert!(matches!(
            relabelled.open_with_secret(SlotKind::Recovery, PASSPHRASE),
            Err(SlotError::WrongKey)
        ));
    }

    #[test]
    fn saved_files_load_back_and_damage_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.keys");
        let file = fixed_file();
        file.save(&path).unwrap();
        assert_eq!(SlotFile::load(&path).unwrap(), file);
        std::fs::write(&path, b"{\"format\":\"something-else\"}").unwrap();
        assert!(matches!(SlotFile::load(&path), Err(SlotError::Damaged)));
        let mut weakened = file.clone();
        weakened.slots[0].kdf.as_mut().unwrap().params.memory_kib = 8;
        assert!(matches!(
            weakened.open_with_secret(SlotKind::Passphrase, PASSPHRASE),
            Err(SlotError::Kdf(KdfError::TooWeak))
        ));
    }

    #[test]
    fn a_damaged_key_file_falls_back_to_its_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.keys");
        let first = fixed_file();
        first.save(&path).unwrap();
        assert!(
            !prev_path(&path).exists(),
            "nothing to keep on the first write"
        );
        let mut second = first.clone();
        second.remove(SlotKind::Keyring);
        second.save(&path).unwrap();
        assert_eq!(SlotFile::load_one(&prev_path(&path)).unwrap(), first);

        // Half a file, as a crash of some other writer or a bad sector leaves it.
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert_eq!(SlotFile::load(&path).unwrap(), first);
        // A damaged current file is not kept as the "previous" one.
        second.save(&path).unwrap();
        assert_eq!(SlotFile::load_one(&prev_path(&path)).unwrap(), first);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(SlotFile::load(&path).unwrap(), first);
        std::fs::remove_file(prev_path(&path)).unwrap();
        assert!(matches!(SlotFile::load(&path), Err(SlotError::Read(_))));
    }

    #[test]
    fn a_revoking_save_leaves_no_copy_the_old_secret_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.keys");
        let file = fixed_file();
        file.save(&path).unwrap();
        let dek = file
            .open_with_secret(SlotKind::Passphrase, PASSPHRASE)
            .unwrap();
        let mut changed = file.clone();
        changed
            .put_with_secret(SlotKind::Passphrase, b"a new passphrase", PINNED_KDF, &dek)
            .unwrap();
        changed.save_revoking(&path).unwrap();
        for copy in [path.clone(), prev_path(&path)] {
            let on_disk = SlotFile::load_one(&copy).unwrap();
            assert!(matches!(
                on_disk.open_with_secret(SlotKind::Passphrase, PASSPHRASE),
                Err(SlotError::WrongKey)
            ));
        }
    }

    /// The current file's write fails after the previous version's: the
    /// change failed, and on disk it failed too — the old secret still
    /// opens the current file and the previous one, the new one neither.
    #[test]
    fn a_revoking_save_that_fails_leaves_the_old_secret_working() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.keys");
        let file = fixed_file();
        file.save(&path).unwrap();
        file.save(&path).unwrap();
        let dek = file
            .open_with_secret(SlotKind::Passphrase, PASSPHRASE)
            .unwrap();
        let mut changed = file.clone();
        changed
            .put_with_secret(SlotKind::Passphrase, b"a new passphrase", PINNED_KDF, &dek)
            .unwrap();
        let current = path.clone();
        let failed = changed.save_revoking_with(&path, |p, bytes| {
            if p == current.as_path() {
                Err(std::io::Error::other("disk full"))
            } else {
                crate::fsutil::write_atomic(p, bytes)
            }
        });
        assert!(matches!(failed, Err(SlotError::Write(_))));
        for copy in [path.clone(), prev_path(&path)] {
            let on_disk = SlotFile::load_one(&copy).unwrap();
            assert!(on_disk
                .open_with_secret(SlotKind::Passphrase, PASSPHRASE)
                .is_ok());
            assert!(matches!(
                on_disk.open_with_secret(SlotKind::Passphrase, b"a new passphrase"),
                Err(SlotError::WrongKey)
            ));
        }
    }
}
