//! Copying a secret (the recovery code) to the clipboard, and taking it off
//! again: a minute later the clipboard is cleared, unless the member has
//! copied something else since. Clipboard managers may still keep a copy;
//! the UI says to paste it somewhere safe straight away. Plain text (a
//! crisis line's number) is copied through the same board and stays.

use crate::error::ErrorCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use zeroize::Zeroizing;

pub const CLEAR_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum ClipboardError {
    #[error("the clipboard is not available")]
    Unavailable,
    #[error("only a short line of text is copied this way")]
    TooLong,
}

impl crate::error::Coded for ClipboardError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Unavailable => ErrorCode::ClipboardUnavailable,
            Self::TooLong => ErrorCode::InvalidLink,
        }
    }
}

pub type Result<T> = std::result::Result<T, ClipboardError>;

/// The desktop's clipboard, or a stand-in for tests.
pub trait Board: Send {
    fn set_text(&mut self, text: &str) -> Result<()>;
    fn text(&mut self) -> Result<String>;
    fn clear(&mut self) -> Result<()>;
}

pub struct SecretClipboard {
    board: Arc<Mutex<Box<dyn Board>>>,
    copies: Arc<AtomicU64>,
    clear_after: Duration,
}

impl SecretClipboard {
    pub fn new(board: Box<dyn Board>, clear_after: Duration) -> Self {
        Self {
            board: Arc::new(Mutex::new(board)),
            copies: Arc::new(AtomicU64::new(0)),
            clear_after,
        }
    }

    /// The desktop's clipboard, opened once and kept: on X11 the copied text
    /// is served by this process for as long as the handle lives.
    pub fn system() -> Result<&'static Self> {
        static SYSTEM: OnceLock<SecretClipboard> = OnceLock::new();
        if let Some(board) = SYSTEM.get() {
            return Ok(board);
        }
        let board = arboard::Clipboard::new().map_err(|_| ClipboardError::Unavailable)?;
        Ok(SYSTEM.get_or_init(|| Self::new(Box::new(SystemBoard(board)), CLEAR_AFTER)))
    }

    /// Puts `text` on the clipboard to stay; a secret copied before it is
    /// then not cleared over it.
    pub fn copy_plain(&self, text: &str) -> Result<()> {
        lock(&self.board).set_text(text)?;
        self.copies.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Puts `text` on the clipboard and clears it after the wait if it is
    /// still there and nothing was copied through here since.
    pub fn copy(&self, text: Zeroizing<String>) -> Result<()> {
        lock(&self.board).set_text(&text)?;
        let copy = self.copies.fetch_add(1, Ordering::SeqCst) + 1;
        let (board, copies, wait) = (self.board.clone(), self.copies.clone(), self.clear_after);
        std::thread::spawn(move || {
            std::thread::sleep(wait);
            let mut board = lock(&board);
            let unchanged = board.text().is_ok_and(|now| *now == *text);
            if copies.load(Ordering::SeqCst) == copy && unchanged && board.clear().is_err() {
                tracing::warn!("could not clear the clipboard");
            }
        });
        Ok(())
    }
}

/// A poisoned lock only means another copy panicked mid-way; the board
/// itself is still usable.
fn lock(board: &Mutex<Box<dyn Board>>) -> std::sync::MutexGuard<'_, Box<dyn Board>> {
    board
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct SystemBoard(arboard::Clipboard);

impl Board for SystemBoard {
    fn set_text(&mut self, text: &str) -> Result<()> {
        self.0
            .set_text(text)
            .map_err(|_| ClipboardError::Unavailable)
    }

    fn text(&mut self) -> Result<String> {
        self.0.get_text().map_err(|_| ClipboardError::Unavailable)
    }

    fn clear(&mut self) -> Result<()> {
        self.0.clear().map_err(|_| ClipboardError::Unavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Default)]
    struct Fake(Arc<Mutex<String>>);

    impl Board for Fake {
        fn set_text(&mut self, text: &str) -> Result<()> {
            *self.0.lock().unwrap() = text.to_owned();
            Ok(())
        }
        fn text(&mut self) -> Result<String> {
            Ok(self.0.lock().unwrap().clone())
        }
        fn clear(&mut self) -> Result<()> {
            self.0.lock().unwrap().clear();
            Ok(())
        }
    }

    /// Long enough that a loaded test machine keeps the steps below in order.
    const WAIT: Duration = Duration::from_millis(1000);

    fn secret(text: &str) -> Zeroizing<String> {
        Zeroizing::new(text.to_owned())
    }

    #[test]
    fn the_secret_is_cleared_after_the_wait() {
        let fake = Fake::default();
        let clipboard = SecretClipboard::new(Box::new(fake.clone()), WAIT);
        clipboard.copy(secret("7KQ2-ABCD")).unwrap();
        assert_eq!(fake.clone().text().unwrap(), "7KQ2-ABCD");
        std::thread::sleep(WAIT * 2);
        assert_eq!(fake.clone().text().unwrap(), "");
    }

    #[test]
    fn something_the_member_copied_since_is_left_alone() {
        let fake = Fake::default();
        let clipboard = SecretClipboard::new(Box::new(fake.clone()), WAIT);
        clipboard.copy(secret("7KQ2-ABCD")).unwrap();
        fake.clone().set_text("a recipe").unwrap();
        std::thread::sleep(WAIT * 2);
        assert_eq!(fake.clone().text().unwrap(), "a recipe");

        // Copied twice: the first timer must not cut the second copy short.
        clipboard.copy(secret("CODE")).unwrap();
        std::thread::sleep(WAIT / 2);
        clipboard.copy(secret("CODE")).unwrap();
        std::thread::sleep(WAIT * 7 / 10); // past the first timer, before the second
        assert_eq!(fake.clone().text().unwrap(), "CODE");
        std::thread::sleep(WAIT);
        assert_eq!(fake.clone().text().unwrap(), "");
    }
}
