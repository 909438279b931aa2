//! Searches are CPU work: they run on a fixed set of search threads, away from the
//! threads that serve connections, so those stay free and at most one search per
//! thread is in flight, which bounds their memory.
//!
//! Fixed threads rather than tokio's blocking pool: a search thread keeps its
//! analyzers and their stem cache (snippets analyze every hit's text) warm from one
//! search to the next; the blocking pool hands jobs to whichever of its threads is
//! free, new ones included, each starting cold.
//!
//! A request waits in the queue within its time budget; past the bound on waiting
//! requests it is turned away at once (the server is saturated, and a queue longer
//! than that would only answer late). A job still queued when its budget runs out is
//! not run; one that outlives its budget is answered as timed out, and keeps its
//! thread until it ends.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;
use tokio::time::{timeout_at, Instant};

/// Why a job did not run to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PoolError {
    /// Too many requests are waiting already.
    Busy,
    /// The time budget ran out, waiting or running.
    TimedOut,
    /// The job panicked (a bug); the message, if it had one.
    Panicked(String),
}

type Job = Box<dyn FnOnce() + Send>;

pub(crate) struct Pool {
    jobs: mpsc::Sender<Job>,
    /// Jobs queued or running.
    in_flight: Arc<AtomicUsize>,
    /// Past this many jobs in flight, new ones are turned away.
    most_in_flight: usize,
}

/// One job in flight, until dropped: after it ran, or unrun.
struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Pool {
    /// `threads` search threads (at least one); at most `max_waiting` jobs wait for
    /// them.
    pub(crate) fn new(threads: usize, max_waiting: usize) -> std::io::Result<Pool> {
        let threads = threads.max(1);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("lupa-search-{n}"))
                .spawn(move || loop {
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(poisoned) => poisoned.into_inner().recv(),
                    };
                    match job {
                        Ok(job) => job(),
                        // The pool is gone.
                        Err(_) => return,
                    }
                })?;
        }
        Ok(Pool {
            jobs,
            in_flight: Arc::new(AtomicUsize::new(0)),
            most_in_flight: threads + max_waiting,
        })
    }

    /// Runs `job` on a search thread, if it can start and end before `deadline`.
    pub(crate) async fn run<T, F>(&self, deadline: Instant, job: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        if self.in_flight.fetch_add(1, Ordering::AcqRel) >= self.most_in_flight {
            self.in_flight.fetch_sub(1, Ordering::AcqRel);
            return Err(PoolError::Busy);
        }
        let slot = InFlight(self.in_flight.clone());
        let (answer, answered) = oneshot::channel();
        let wrapped: Job = Box::new(move || {
            let _slot = slot;
            if Instant::now() >= deadline {
                let _ = answer.send(Err(PoolError::TimedOut));
                return;
            }
            let result = catch_unwind(AssertUnwindSafe(job))
                .map_err(|panic| PoolError::Panicked(panic_message(panic.as_ref())));
            let _ = answer.send(result);
        });
        if self.jobs.send(wrapped).is_err() {
            return Err(PoolError::Busy);
        }
        match timeout_at(deadline, answered).await {
            Ok(Ok(result)) => result,
            Ok(Err(_dropped)) => Err(PoolError::Busy),
            Err(_) => Err(PoolError::TimedOut),
        }
    }
}

/// The message of a panic, when it has one.
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "the search failed".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bounds_running_and_waiting_jobs() {
        let pool = Arc::new(Pool::new(1, 1).unwrap());
        let deadline = Instant::now() + Duration::from_secs(5);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut jobs = Vec::new();
        for _ in 0..2 {
            let (pool, running, most) = (pool.clone(), running.clone(), most.clone());
            jobs.push(tokio::spawn(async move {
                pool.run(deadline, move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(100));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            }));
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
        // One runs, one waits: a third is turned away.
        assert_eq!(pool.run(deadline, || ()).await, Err(PoolError::Busy));
        for job in jobs {
            assert_eq!(job.await.ok(), Some(Ok(())));
        }
        assert_eq!(most.load(Ordering::SeqCst), 1);
        // Room again.
        assert_eq!(pool.run(deadline, || 7).await, Ok(7));
    }

    #[tokio::test]
    async fn a_job_past_its_deadline_times_out_and_a_panic_is_reported() {
        let pool = Pool::new(1, 8).unwrap();
        let later = Instant::now() + Duration::from_secs(5);
        let soon = Instant::now() + Duration::from_millis(30);
        let slow = pool.run(later, || std::thread::sleep(Duration::from_millis(200)));
        let ran = Arc::new(AtomicUsize::new(0));
        let counted = ran.clone();
        // Queued behind the slow job, past its deadline before it can start: not run.
        let late = pool.run(soon, move || counted.fetch_add(1, Ordering::SeqCst));
        let (slow, late) = tokio::join!(slow, late);
        assert_eq!(slow, Ok(()));
        assert_eq!(late, Err(PoolError::TimedOut));
        let boom = pool.run(later, || -> () { panic!("boom") }).await;
        assert_eq!(boom, Err(PoolError::Panicked("boom".into())));
        // The thread lives on.
        assert_eq!(pool.run(later, || 7).await, Ok(7));
        assert_eq!(ran.load(Ordering::SeqCst), 0);
    }
}
