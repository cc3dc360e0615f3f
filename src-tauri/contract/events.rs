//! What the app tells the window without being asked. A leaf: the shell
//! and the commands emit these without reaching the command list.

use super::declare::events;
use alongside_core::progress::TransferProgress;
use alongside_core::reminders::notice::ReminderShown;
use alongside_core::vault::LockReason;

events! {
    /// The vault locked by itself (idle, the desktop's screen lock), and why.
    VAULT_LOCKED = "vault-locked": LockReason;
    /// An automatic backup was made or failed; `backup_settings` says which.
    BACKUP_FINISHED = "backup-finished": ();
    /// How far an import, restore or backup the member started has got.
    TRANSFER_PROGRESS = "transfer-progress": TransferProgress;
    /// The clinic's sessions (or the sign-in) changed in the background.
    SESSIONS_UPDATED = "sessions-updated": ();
    /// A reminder came; `onDesktop` false means the window must show it.
    REMINDER_SHOWN = "reminder-shown": ReminderShown;
    /// Reminders were shown, missed or snoozed: lists of them are stale.
    REMINDERS_CHANGED = "reminders-changed": ();
    /// A notification's Open: bring this screen up.
    OPEN_SCREEN = "open-screen": String;
    /// The member closed the window before choosing whether Alongside keeps
    /// running in the tray: ask, then answer with `shell_close`.
    CLOSE_ASKED = "close-asked": ();
}
