//! Argon2id: turns a passphrase (or recovery code) into the key that wraps
//! the data key. Parameters are stored with each slot so they can be raised
//! later without breaking existing vaults.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// What new slots use: 256 MiB, 3 passes, one lane. About 0.5 s on one
/// core of the 2-core test machine (scripts/bench-unlock): slow enough to
/// pace guessing, quick enough not to feel like waiting.
pub const DEFAULT: KdfParams = KdfParams {
    memory_kib: 256 * 1024,
    iterations: 3,
    parallelism: 1,
};

/// Slots weaker than this are refused when read, so a tampered key file
/// cannot quietly lower the cost of guessing.
const MIN_MEMORY_KIB: u32 = 64 * 1024;
const MIN_ITERATIONS: u32 = 3;
/// And stronger than this: a tampered file could otherwise make one try
/// allocate gigabytes or run for minutes. Four times today's cost leaves
/// room to raise the default later.
const MAX_MEMORY_KIB: u32 = 1024 * 1024;
const MAX_ITERATIONS: u32 = 12;
const MAX_PARALLELISM: u32 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KdfError {
    #[error("key derivation parameters are below the minimum")]
    TooWeak,
    #[error("key derivation parameters are above the maximum")]
    TooCostly,
    #[error("key derivation failed")]
    Failed,
}

impl KdfParams {
    pub fn check(&self) -> Result<(), KdfError> {
        if self.memory_kib < MIN_MEMORY_KIB
            || self.iterations < MIN_ITERATIONS
            || self.parallelism == 0
        {
            return Err(KdfError::TooWeak);
        }
        if self.memory_kib > MAX_MEMORY_KIB
            || self.iterations > MAX_ITERATIONS
            || self.parallelism > MAX_PARALLELISM
        {
            return Err(KdfError::TooCostly);
        }
        Ok(())
    }

    pub fn derive(&self, secret: &[u8], salt: &[u8; 16]) -> Result<Zeroizing<[u8; 32]>, KdfError> {
        self.check()?;
        let params =
            argon2::Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
                .map_err(|_| KdfError::Failed)?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(secret, salt, out.as_mut())
            .map_err(|_| KdfError::Failed)?;
        Ok(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The parameters of the pinned vectors; still accepted when read.
    pub const PINNED: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    #[test]
    fn defaults_meet_the_minimums() {
        assert_eq!(DEFAULT.check(), Ok(()));
        assert_eq!(PINNED.check(), Ok(()));
    }

    #[test]
    fn weak_parameters_are_refused() {
        let weak = KdfParams {
            memory_kib: 1024,
            ..DEFAULT
        };
        assert_eq!(weak.derive(b"x", &[0; 16]).unwrap_err(), KdfError::TooWeak);
        let few = KdfParams {
            iterations: 1,
            ..DEFAULT
        };
        assert_eq!(few.check(), Err(KdfError::TooWeak));
    }

    #[test]
    fn costly_parameters_from_a_tampered_file_are_refused_before_deriving() {
        for costly in [
            KdfParams {
                memory_kib: u32::MAX,
                ..DEFAULT
            },
            KdfParams {
                iterations: 1_000_000,
                ..DEFAULT
            },
            KdfParams {
                parallelism: 255,
                ..DEFAULT
            },
        ] {
            // Would allocate 4 TiB or run for hours if it got as far as Argon2.
            assert_eq!(
                costly.derive(b"x", &[0; 16]).unwrap_err(),
                KdfError::TooCostly
            );
        }
        let raised = KdfParams {
            memory_kib: 1024 * 1024,
            iterations: 12,
            parallelism: 4,
        };
        assert_eq!(raised.check(), Ok(()));
    }

    /// Pins Argon2id itself: a library change that altered the output would
    /// lock every member out. The value matches the reference libargon2.
    #[test]
    fn argon2id_fixed_vector() {
        let key = PINNED
            .derive(b"correct horse battery staple", &[7u8; 16])
            .unwrap();
        assert_eq!(
            hex::encode(AsRef::<[u8]>::as_ref(&key)),
            "6ad10af97f1744119bd7135c85121dc589794f9c5d646200b8ad4d6becf15084"
        );
    }
}
