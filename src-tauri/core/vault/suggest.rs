//! Suggested passphrases: six words drawn with the OS's random source from
//! a word list in the member's language (`words/`, see its README). About
//! 65 bits, far past the strength floor, and easier to remember and type
//! than a string of symbols.

use rand::seq::SliceRandom;
use serde::Serialize;
use ts_rs::TS;

const WORDS: usize = 6;
const ENGLISH: &str = include_str!("words/en.txt");
const SPANISH: &str = include_str!("words/es.txt");

#[derive(Serialize, TS)]
pub struct SuggestedPassphrase {
    pub passphrase: String,
}

impl std::fmt::Debug for SuggestedPassphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SuggestedPassphrase(‹redacted›)")
    }
}

/// `language` is the UI's ("en", "es"); anything else gets English.
pub fn suggest(language: &str) -> SuggestedPassphrase {
    let list = if language == "es" { SPANISH } else { ENGLISH };
    let words: Vec<&str> = list.lines().filter(|w| !w.is_empty()).collect();
    let mut rng = rand::rngs::OsRng;
    let picked: Vec<&str> = (0..WORDS)
        .filter_map(|_| words.choose(&mut rng).copied())
        .collect();
    SuggestedPassphrase {
        passphrase: picked.join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn list(text: &str) -> HashSet<&str> {
        text.lines().collect()
    }

    #[test]
    fn six_words_from_the_members_language_that_pass_the_floor() {
        for (language, words) in [("en", list(ENGLISH)), ("es", list(SPANISH))] {
            assert!(words.len() > 1900, "{language}: {}", words.len());
            for _ in 0..20 {
                let suggested = suggest(language).passphrase;
                let picked: Vec<&str> = suggested.split(' ').collect();
                assert_eq!(picked.len(), WORDS, "{suggested}");
                assert!(picked.iter().all(|w| words.contains(w)), "{suggested}");
                assert!(super::super::strength::assess(&suggested).acceptable);
            }
        }
        assert_ne!(suggest("en").passphrase, suggest("en").passphrase);
        assert!(list(ENGLISH).contains(suggest("fr").passphrase.split(' ').next().unwrap_or("")));
    }

    #[test]
    fn the_lists_hold_no_distressing_words() {
        for word in [
            "suicide", "kill", "blood", "panic", "muerte", "matar", "sangre", "abuso",
        ] {
            assert!(
                !list(ENGLISH).contains(word) && !list(SPANISH).contains(word),
                "{word}"
            );
        }
        assert_eq!(
            list(ENGLISH).len(),
            ENGLISH.lines().count(),
            "no repeated words"
        );
        assert_eq!(
            list(SPANISH).len(),
            SPANISH.lines().count(),
            "no repeated words"
        );
    }
}
