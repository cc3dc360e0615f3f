//! The macros the contract is written in. `commands!` turns each line into
//! a Tauri command (its name and argument names are the ones the UI uses),
//! the invoke handler and the table TypeScript is generated from; `events!`
//! gives each event a typed constant. A line's implementation is a plain
//! function in `commands/` called with the injected values first (`state`,
//! `app`, `window`) and then the arguments in order, so the compiler checks
//! that the declared types are the ones it takes and returns.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};
use std::marker::PhantomData;
use ts_rs::{Config, TypeVisitor, TS};

/// The declarations of every named type the contract reaches.
#[derive(Default)]
pub struct Declarations {
    pub(super) cfg: Config,
    seen: HashSet<TypeId>,
    pub(super) decls: BTreeMap<String, String>,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        if T::output_path().is_some() {
            self.decls.insert(T::ident(&self.cfg), T::decl(&self.cfg));
            T::visit_dependencies(self);
        }
        T::visit_generics(self);
    }
}

/// A type as TypeScript sees it: its name, and how to reach its declaration
/// and those of the types it uses.
#[derive(Clone, Copy)]
pub struct TsType {
    pub name: fn(&Config) -> String,
    pub collect: fn(&mut Declarations),
}

impl TsType {
    pub const fn of<T: TS + 'static>() -> Self {
        Self {
            name: T::name,
            collect: collect::<T>,
        }
    }
}

fn collect<T: TS + 'static>(into: &mut Declarations) {
    into.visit::<T>();
}

/// One command as the UI calls it.
pub struct CommandSig {
    pub name: &'static str,
    pub args: &'static [(&'static str, TsType)],
    pub returns: TsType,
    /// What a successful call makes stale (`stale.rs`), refreshed before it answers.
    pub stale: &'static [alongside_core::stale::Stale],
}

/// One event the shell sends to the window, with the payload it carries.
pub struct Event<T> {
    pub name: &'static str,
    payload: PhantomData<fn(T)>,
}

impl<T: serde::Serialize + Clone> Event<T> {
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            payload: PhantomData,
        }
    }

    /// Tells the window; a window that is gone is not an error worth more
    /// than a line in the log.
    pub fn emit<R: tauri::Runtime>(&self, app: &tauri::AppHandle<R>, payload: T) {
        use tauri::Emitter;
        if let Err(e) = app.emit(self.name, payload) {
            tracing::warn!(event = self.name, "could not tell the window: {e}");
        }
    }
}

pub struct EventSig {
    pub name: &'static str,
    pub constant: &'static str,
    pub payload: TsType,
}

/// The type of a value the command gets from Tauri rather than the UI.
macro_rules! injected {
    (state) => { tauri::State<'_, alongside_core::app_state::AppState> };
    (app) => { tauri::AppHandle<R> };
    (window) => { tauri::WebviewWindow<R> };
}

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $mode:tt $(<$r:ident>)? $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty
            = $imp:path [ $($inj:ident),* ] $(stale [ $($stale:ident),* ])?;
    )*) => {
        $( commands!(@one $mode [$($r)?] $name ($($arg: $ty),*) $ret, $imp, [$($inj),*], [$($($stale),*)?]); )*

        /// Every command the UI may call.
        pub fn handler<R: tauri::Runtime>(
        ) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// The same commands, for the generated TypeScript and the tests.
        pub const COMMANDS: &[$crate::contract::CommandSig] = &[$(
            $crate::contract::CommandSig {
                name: stringify!($name),
                args: &[$((stringify!($arg), $crate::contract::TsType::of::<$ty>())),*],
                returns: $crate::contract::TsType::of::<$ret>(),
                stale: &[$($(::alongside_core::stale::Stale::$stale),*)?],
            }
        ),*];
    };

    (@one async [$($r:ident)?] $name:ident ($($arg:ident : $ty:ty),*) $ret:ty, $imp:path, [$($inj:ident),*], [$($stale:ident),*]) => {
        #[tauri::command]
        async fn $name $(<$r: tauri::Runtime>)? (
            refresher: tauri::State<'_, alongside_core::app_state::AppState>,
            $($inj: injected!($inj),)* $($arg: $ty),*
        ) -> Result<$ret, $crate::error::AppError> {
            const STALE: &[::alongside_core::stale::Stale] = &[$(::alongside_core::stale::Stale::$stale),*];
            let done = $imp($($inj,)* $($arg),*).await;
            // What the change made stale is brought up to date before the
            // UI hears it is done, so its next read sees the change; after a
            // failure too, since a clinic round that failed part-way may
            // have stored some of what it read.
            if !STALE.is_empty() {
                refresher.refresh(STALE).await;
            }
            done
        }
    };

    (@one sync [$($r:ident)?] $name:ident ($($arg:ident : $ty:ty),*) $ret:ty, $imp:path, [$($inj:ident),*], [$($stale:ident),*]) => {
        $(compile_error!(concat!("a sync command cannot refresh ", stringify!($stale), ": make it async"));)*
        #[tauri::command]
        fn $name $(<$r: tauri::Runtime>)? (
            $($inj: injected!($inj),)* $($arg: $ty),*
        ) -> Result<$ret, $crate::error::AppError> {
            $imp($($inj,)* $($arg),*)
        }
    };
}

macro_rules! events {
    ($(
        $(#[doc = $doc:literal])*
        $constant:ident = $name:literal : $payload:ty;
    )*) => {
        $(
            $(#[doc = $doc])*
            pub const $constant: $crate::contract::Event<$payload> =
                $crate::contract::Event::new($name);
        )*

        pub const EVENTS: &[$crate::contract::EventSig] = &[$(
            $crate::contract::EventSig {
                name: $name,
                constant: stringify!($constant),
                payload: $crate::contract::TsType::of::<$payload>(),
            }
        ),*];
    };
}

pub(crate) use {commands, events, injected};
