//! Keeping an index in step with its folder while a program runs (`lupa serve --dir`,
//! `lupa index --watch`).
//!
//! File system events only say *that* something changed, never *what* to index: each
//! quiet moment after a run of events, the watcher runs [`Index::sync`] on the whole
//! folder, which compares every file with the index (by size and time, confirmed by
//! a content hash) and commits the differences atomically. So an editor's
//! save-by-rename, a burst of a thousand new files, events the operating system
//! dropped (its queue overflowed) or a file still being written when a sync started
//! all end in the right index: the next sync sees whatever the last one missed.
//! Events inside the index's own folder are ignored, so a sync's commit does not set
//! off another.

use crate::error::{Error, Result};
use lupa::{Index, SyncOptions, SyncReport};
use notify::{Event, EventKind, RecursiveMode};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the folder must stay quiet after an event before a sync starts.
const QUIET: Duration = Duration::from_millis(100);
/// The longest a sync waits for quiet while events keep coming.
const MOST_DELAY: Duration = Duration::from_secs(1);
/// How long to wait before trying a failed sync again (another process may hold the
/// index's writer lock).
const RETRY: Duration = Duration::from_millis(500);
/// How often the polling fallback looks at the folder, where the operating system
/// cannot report changes.
const POLL_EVERY: Duration = Duration::from_secs(1);

/// What the watcher did, for the program to report.
#[derive(Debug)]
#[non_exhaustive]
pub enum WatchEvent {
    /// A sync ran (it may have changed nothing).
    Synced(SyncReport),
    /// A sync failed; it is tried again.
    Failed(lupa::Error),
}

/// Watches a folder and syncs its index after each change, on a thread of its own,
/// until [`Watcher::stop`] or drop.
pub struct Watcher {
    events: mpsc::Sender<Message>,
    thread: Option<JoinHandle<()>>,
    /// Kept alive for as long as the folder is watched.
    _watcher: Box<dyn notify::Watcher + Send>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").finish_non_exhaustive()
    }
}

enum Message {
    Changed(notify::Result<Event>),
    Stop,
}

impl Watcher {
    /// Starts watching `folder` (recursively) and syncing `index` with `options` after
    /// each change; `report` hears of every sync. Does not sync first: call
    /// [`Index::sync`] before, as `lupa index` does.
    pub fn start(
        index: Index,
        folder: &Path,
        options: SyncOptions,
        report: impl FnMut(WatchEvent) + Send + 'static,
    ) -> Result<Watcher> {
        let root = folder.canonicalize().map_err(|e| Error::Watch {
            path: folder.to_path_buf(),
            source: notify::Error::io(e),
        })?;
        let (sender, receiver) = mpsc::channel();
        let forward = sender.clone();
        let handler = move |event: notify::Result<Event>| {
            let _ = forward.send(Message::Changed(event));
        };
        let watch_error = |source| Error::Watch {
            path: folder.to_path_buf(),
            source,
        };
        // inotify can run out of watches on a very large tree; polling always works.
        let mut watcher: Box<dyn notify::Watcher + Send> =
            match notify::recommended_watcher(handler.clone()) {
                Ok(w) => Box::new(w),
                Err(_) => Box::new(
                    notify::PollWatcher::new(
                        handler.clone(),
                        notify::Config::default().with_poll_interval(POLL_EVERY),
                    )
                    .map_err(watch_error)?,
                ),
            };
        if watcher.watch(&root, RecursiveMode::Recursive).is_err() {
            watcher = Box::new(
                notify::PollWatcher::new(
                    handler,
                    notify::Config::default().with_poll_interval(POLL_EVERY),
                )
                .map_err(watch_error)?,
            );
            watcher
                .watch(&root, RecursiveMode::Recursive)
                .map_err(watch_error)?;
        }
        let skip: Option<PathBuf> = index
            .path()
            .map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()));
        let thread = std::thread::Builder::new()
            .name("lupa-watch".into())
            .spawn(move || run(index, root, skip, options, receiver, report))
            .map_err(Error::Runtime)?;
        Ok(Watcher {
            events: sender,
            thread: Some(thread),
            _watcher: watcher,
        })
    }

    /// Stops watching; waits for a sync in progress to commit.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        let _ = self.events.send(Message::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Whether `event` may change what the index should hold.
fn matters(event: &Event, skip: Option<&Path>) -> bool {
    if let EventKind::Access(kind) = event.kind {
        // Reading a file changes nothing; closing one written to does.
        if !matches!(
            kind,
            notify::event::AccessKind::Close(notify::event::AccessMode::Write)
        ) {
            return false;
        }
    }
    if event.need_rescan() || event.paths.is_empty() {
        return true;
    }
    event
        .paths
        .iter()
        .any(|p| skip.is_none_or(|skip| !p.starts_with(skip)))
}

fn run(
    index: Index,
    root: PathBuf,
    skip: Option<PathBuf>,
    options: SyncOptions,
    events: mpsc::Receiver<Message>,
    mut report: impl FnMut(WatchEvent),
) {
    // When the pending sync is due: the first change and the last one seen.
    let mut pending: Option<(Instant, Instant)> = None;
    let mut retry_at: Option<Instant> = None;
    loop {
        let due = match (pending, retry_at) {
            (Some((first, last)), _) => Some((last + QUIET).min(first + MOST_DELAY)),
            (None, retry) => retry,
        };
        let message = match due {
            Some(due) => match events.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(message) => Some(message),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            },
            None => match events.recv() {
                Ok(message) => Some(message),
                Err(_) => return,
            },
        };
        match message {
            Some(Message::Stop) => return,
            Some(Message::Changed(Ok(event))) => {
                if matters(&event, skip.as_deref()) {
                    let now = Instant::now();
                    pending = Some(pending.map_or((now, now), |(first, _)| (first, now)));
                }
            }
            // A watcher error (such as a dropped event) means something may have
            // changed: a sync finds out what.
            Some(Message::Changed(Err(_))) => {
                let now = Instant::now();
                pending = Some(pending.map_or((now, now), |(first, _)| (first, now)));
            }
            None => {
                pending = None;
                retry_at = None;
                match index.sync(&root, &options, &mut |_| {}) {
                    Ok(done) => report(WatchEvent::Synced(done)),
                    Err(e) => {
                        retry_at = Some(Instant::now() + RETRY);
                        report(WatchEvent::Failed(e));
                    }
                }
            }
        }
    }
}
