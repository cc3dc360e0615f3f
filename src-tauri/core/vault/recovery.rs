//! The recovery code: 28 symbols of Crockford base32 (140 random bits),
//! shown once as seven groups of four. Typing is forgiving: case, spaces,
//! dashes and the look-alikes O/I/L are accepted.

use rand::Rng;
use zeroize::Zeroizing;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const SYMBOLS: usize = 28;
const GROUP: usize = 4;
// Recovery codes carry at least 128 random bits.
const _: () = assert!(SYMBOLS * 5 >= 128);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("that is not a recovery code")]
pub struct MalformedCode;

/// A normalised recovery code (no separators).
pub struct RecoverySecret(Zeroizing<String>);

impl RecoverySecret {
    pub fn generate() -> Self {
        let mut rng = rand::rngs::OsRng;
        let code: String = (0..SYMBOLS)
            .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
            .collect();
        Self(Zeroizing::new(code))
    }

    pub fn parse(typed: &str) -> Result<Self, MalformedCode> {
        let mut out = Zeroizing::new(String::with_capacity(SYMBOLS));
        for ch in typed.chars() {
            let ch = match ch.to_ascii_uppercase() {
                ' ' | '-' | '\t' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if ALPHABET.contains(&(c as u8)) && c.is_ascii() => c,
                _ => return Err(MalformedCode),
            };
            out.push(ch);
        }
        if out.len() != SYMBOLS {
            return Err(MalformedCode);
        }
        Ok(Self(out))
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// `ABCD-EFGH-…` for display.
    pub fn grouped(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(SYMBOLS + SYMBOLS / GROUP));
        for (i, ch) in self.0.chars().enumerate() {
            if i > 0 && i % GROUP == 0 {
                out.push('-');
            }
            out.push(ch);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_grouped_and_parse_back() {
        let code = RecoverySecret::generate();
        let shown = code.grouped();
        assert_eq!(shown.len(), 34);
        assert_eq!(shown.matches('-').count(), 6);
        let typed = shown.to_lowercase().replace('-', " ");
        assert_eq!(
            RecoverySecret::parse(&typed).unwrap().as_bytes(),
            code.as_bytes()
        );
    }

    #[test]
    fn look_alikes_are_forgiven_and_junk_refused() {
        let a = RecoverySecret::parse("OIL0-1234-5678-9ABC-DEFG-HJKM-NPQR").unwrap();
        assert_eq!(a.as_bytes(), b"0110123456789ABCDEFGHJKMNPQR");
        assert!(RecoverySecret::parse("too short").is_err());
        assert!(RecoverySecret::parse("UUUU-1234-5678-9ABC-DEFG-HJKM-NPQR").is_err());
        assert!(RecoverySecret::parse("ÄBCD-1234-5678-9ABC-DEFG-HJKM-NPQR").is_err());
    }

    #[test]
    fn codes_differ_each_time() {
        let a = RecoverySecret::generate();
        let b = RecoverySecret::generate();
        assert_ne!(a.as_bytes(), b.as_bytes());
    }
}
