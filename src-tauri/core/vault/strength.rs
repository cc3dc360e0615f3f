//! How hard a passphrase is to guess (zxcvbn). The UI shows the score as a
//! meter; the vault refuses the weak whatever the UI does.

use serde::Serialize;
use ts_rs::TS;

/// zxcvbn scores 0–4; below this a passphrase is refused. Score 3 means
/// at least 10^8 guesses: the vault's key file and the backups can be
/// attacked offline, where nothing slows guessing but Argon2id/scrypt.
const MIN_SCORE: u8 = 3;
/// Also refused: anything shorter, whatever its score.
const MIN_CHARS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct PassphraseStrength {
    pub score: u8,
    pub acceptable: bool,
}

pub fn assess(passphrase: &str) -> PassphraseStrength {
    let score = u8::from(zxcvbn::zxcvbn(passphrase, &["alongside", "journal", "therapy"]).score());
    PassphraseStrength {
        score,
        acceptable: score >= MIN_SCORE && passphrase.chars().count() >= MIN_CHARS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_is_refused_and_a_few_words_are_fine() {
        for weak in ["", "password", "12345678", "alongside1", "qwertyuiop"] {
            assert!(!assess(weak).acceptable, "{weak}");
        }
        let good = assess("lantern orchard velvet tide");
        assert!(good.acceptable);
        assert!(good.score >= 3);
    }

    #[test]
    fn a_score_of_two_is_no_longer_enough() {
        // Both were accepted before the floor rose from 2 to 3.
        for middling in ["correcthorse", "Maria1987!"] {
            assert_eq!(assess(middling).score, 2, "{middling}");
            assert!(!assess(middling).acceptable, "{middling}");
        }
    }
}
