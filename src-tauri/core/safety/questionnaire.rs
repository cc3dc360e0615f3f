//! The two self-check questionnaires, PHQ-9 and GAD-7, scored exactly as
//! published: each item 0–3 ("Not at all" … "Nearly every day"), the total
//! their sum, and the published cut-points. Their wording is data in the UI
//! (`ui/src/lib/safety/instruments/`); the backend only needs the shape.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum Instrument {
    #[serde(rename = "phq-9")]
    Phq9,
    #[serde(rename = "gad-7")]
    Gad7,
}

/// Names the published severity ranges use. The UI words them gently and
/// never as a diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    Minimal,
    Mild,
    Moderate,
    ModeratelySevere,
    Severe,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    pub total: u8,
    pub max: u8,
    pub band: Band,
    /// PHQ-9 item 9 (thoughts of being better off dead or of hurting
    /// oneself) answered above "Not at all": crisis help comes first.
    pub help_first: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// A score from a partly answered questionnaire would read lower than
    /// it is, so none is given.
    #[error("every question needs an answer before there is a score")]
    Unanswered,
    #[error("an answer is outside the questionnaire's scale or count")]
    Invalid,
}

impl Instrument {
    pub const ALL: [Instrument; 2] = [Instrument::Phq9, Instrument::Gad7];

    pub fn items(self) -> usize {
        match self {
            Self::Phq9 => 9,
            Self::Gad7 => 7,
        }
    }

    pub fn max(self) -> u8 {
        // Items × 3; both are small constants.
        (self.items() * 3) as u8
    }

    pub fn id(self) -> &'static str {
        match self {
            Self::Phq9 => "phq-9",
            Self::Gad7 => "gad-7",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.id() == id)
    }

    /// PHQ-9: 0–4, 5–9, 10–14, 15–19, 20–27. GAD-7: 0–4, 5–9, 10–14, 15–21.
    pub fn band(self, total: u8) -> Band {
        match (self, total) {
            (_, 0..=4) => Band::Minimal,
            (_, 5..=9) => Band::Mild,
            (_, 10..=14) => Band::Moderate,
            (Self::Phq9, 15..=19) => Band::ModeratelySevere,
            _ => Band::Severe,
        }
    }

    /// The score of answers already given in full (a stored result).
    pub fn score_given(self, answers: &[u8]) -> Result<Score, ScoreError> {
        let answers: Vec<Option<u8>> = answers.iter().copied().map(Some).collect();
        self.score(&answers)
    }

    pub fn score(self, answers: &[Option<u8>]) -> Result<Score, ScoreError> {
        if answers.len() != self.items() {
            return Err(ScoreError::Invalid);
        }
        let mut total = 0u8;
        for answer in answers {
            match answer {
                None => return Err(ScoreError::Unanswered),
                Some(v) if *v > 3 => return Err(ScoreError::Invalid),
                Some(v) => total += v,
            }
        }
        Ok(Score {
            total,
            max: self.max(),
            band: self.band(total),
            help_first: self == Self::Phq9 && answers[8].is_some_and(|v| v > 0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every answer sheet of `n` items, as base-4 digits of 0..4^n.
    fn sheets(n: u32) -> impl Iterator<Item = Vec<Option<u8>>> {
        (0..4u32.pow(n)).map(move |mut code| {
            (0..n)
                .map(|_| {
                    let v = (code % 4) as u8;
                    code /= 4;
                    Some(v)
                })
                .collect()
        })
    }

    fn expected_band(instrument: Instrument, total: u8) -> Band {
        // Written out from the published tables, apart from `band`'s match.
        let cuts: &[(u8, Band)] = match instrument {
            Instrument::Phq9 => &[
                (20, Band::Severe),
                (15, Band::ModeratelySevere),
                (10, Band::Moderate),
                (5, Band::Mild),
                (0, Band::Minimal),
            ],
            Instrument::Gad7 => &[
                (15, Band::Severe),
                (10, Band::Moderate),
                (5, Band::Mild),
                (0, Band::Minimal),
            ],
        };
        cuts.iter()
            .find(|(from, _)| total >= *from)
            .map(|(_, b)| *b)
            .unwrap()
    }

    #[test]
    fn every_gad7_answer_sheet_scores_its_sum_and_band() {
        let mut seen = 0;
        let mut by_total = [0u32; 22];
        for sheet in sheets(7) {
            let sum: u8 = sheet.iter().map(|a| a.unwrap()).sum();
            let score = Instrument::Gad7.score(&sheet).unwrap();
            assert_eq!(score.total, sum);
            assert_eq!(score.max, 21);
            assert_eq!(
                score.band,
                expected_band(Instrument::Gad7, sum),
                "{sheet:?}"
            );
            assert!(!score.help_first);
            by_total[usize::from(sum)] += 1;
            seen += 1;
        }
        assert_eq!(seen, 16_384);
        // Every total from 0 to 21 is reachable, each boundary included.
        assert!(by_total.iter().all(|&n| n > 0));
    }

    #[test]
    fn gad7_cut_points_are_5_10_15() {
        let bands: Vec<Band> = [0, 4, 5, 9, 10, 14, 15, 21]
            .map(|t| Instrument::Gad7.band(t))
            .into();
        use Band::*;
        assert_eq!(
            bands,
            [Minimal, Minimal, Mild, Mild, Moderate, Moderate, Severe, Severe]
        );
    }

    #[test]
    fn every_phq9_total_and_boundary() {
        use Band::*;
        let want = [
            (0, Minimal),
            (4, Minimal),
            (5, Mild),
            (9, Mild),
            (10, Moderate),
            (14, Moderate),
            (15, ModeratelySevere),
            (19, ModeratelySevere),
            (20, Severe),
            (27, Severe),
        ];
        for (total, band) in want {
            assert_eq!(Instrument::Phq9.band(total), band, "{total}");
        }
        // Each total 0..=27 from a sheet that fills items in order.
        for total in 0..=27u8 {
            let sheet: Vec<Option<u8>> = (0..9u8)
                .map(|i| Some(total.saturating_sub(i * 3).min(3)))
                .collect();
            let score = Instrument::Phq9.score(&sheet).unwrap();
            assert_eq!((score.total, score.max), (total, 27));
            assert_eq!(score.band, expected_band(Instrument::Phq9, total));
        }
    }

    #[test]
    fn a_random_sample_of_phq9_sheets_scores_its_sum() {
        // A fixed-seed linear congruential walk: reproducible without a crate.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..50_000 {
            let sheet: Vec<Option<u8>> = (0..9)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    Some((state >> 33) as u8 % 4)
                })
                .collect();
            let sum: u8 = sheet.iter().map(|a| a.unwrap()).sum();
            let score = Instrument::Phq9.score(&sheet).unwrap();
            assert_eq!(score.total, sum);
            assert_eq!(score.band, expected_band(Instrument::Phq9, sum));
            assert_eq!(score.help_first, sheet[8] != Some(0));
        }
    }

    #[test]
    fn item_9_above_zero_puts_help_first_whatever_the_total() {
        let mut sheet = vec![Some(0); 9];
        assert!(!Instrument::Phq9.score(&sheet).unwrap().help_first);
        for v in 1..=3 {
            sheet[8] = Some(v);
            let score = Instrument::Phq9.score(&sheet).unwrap();
            assert!(score.help_first);
            assert_eq!(score.band, Band::Minimal);
        }
    }

    #[test]
    fn missing_or_impossible_answers_refuse_to_score() {
        let mut sheet = vec![Some(1); 9];
        sheet[3] = None;
        assert_eq!(Instrument::Phq9.score(&sheet), Err(ScoreError::Unanswered));
        assert_eq!(
            Instrument::Gad7.score(&[Some(1); 6]),
            Err(ScoreError::Invalid)
        );
        assert_eq!(
            Instrument::Gad7.score(&[Some(1); 8]),
            Err(ScoreError::Invalid)
        );
        let mut sheet = vec![Some(0); 7];
        sheet[6] = Some(4);
        assert_eq!(Instrument::Gad7.score(&sheet), Err(ScoreError::Invalid));
        assert_eq!(
            Instrument::Gad7.score(&[None; 7]),
            Err(ScoreError::Unanswered)
        );
    }
}
