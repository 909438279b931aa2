//! Searches are CPU work: they run on tokio's blocking threads, a bounded number at a
//! time, so the threads that serve connections stay free and the
//! memory of searches in flight stays bounded.
//!
//! A request waits for a permit within its time budget; past [`Pool`]'s bound on
//! waiting requests it is turned away at once (the server is saturated, and a queue
//! longer than that would only answer late). A search that outlives its budget is
//! answered as timed out; it keeps its permit until it ends, so the bound holds.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;
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

pub(crate) struct Pool {
    semaphore: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

/// Counts a request as waiting until dropped (also when its future is dropped because
/// the client went away).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Pool {
    pub(crate) fn new(permits: usize, max_waiting: usize) -> Pool {
        let permits = permits.max(1);
        Pool {
            semaphore: Arc::new(Semaphore::new(permits)),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    /// Runs `job` on a blocking thread once a permit is free, if that and the job end
    /// before `deadline`.
    pub(crate) async fn run<T, F>(&self, deadline: Instant, job: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        if self.waiting.fetch_add(1, Ordering::Relaxed) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            return Err(PoolError::Busy);
        }
        let waiting = Waiting(&self.waiting);
        let permit = match timeout_at(deadline, self.semaphore.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_closed)) => return Err(PoolError::Busy),
            Err(_) => return Err(PoolError::TimedOut),
        };
        drop(waiting);
        let handle = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            job()
        });
        match timeout_at(deadline, handle).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(join)) => Err(PoolError::Panicked(panic_message(join))),
            Err(_) => Err(PoolError::TimedOut),
        }
    }
}

fn panic_message(join: tokio::task::JoinError) -> String {
    match join.try_into_panic() {
        Ok(panic) => panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a search failed".into()),
        Err(join) => join.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bounds_running_and_waiting_jobs() {
        let pool = Arc::new(Pool::new(1, 2));
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
        tokio::time::sleep(Duration::from_millis(20)).await;
        // One runs, one waits: a third waiter would still fit, a fourth would not.
        let third = pool.run(deadline, || ());
        let fourth = pool.run(deadline, || ());
        let (third, fourth) = tokio::join!(third, fourth);
        assert_eq!(
            [third.clone(), fourth.clone()]
                .iter()
                .filter(|r| r.is_ok())
                .count(),
            1
        );
        assert!([third, fourth].contains(&Err(PoolError::Busy)));
        for job in jobs {
            assert_eq!(job.await.ok(), Some(Ok(())));
        }
        assert_eq!(most.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_job_past_its_deadline_times_out_and_a_panic_is_reported() {
        let pool = Pool::new(1, 8);
        let soon = Instant::now() + Duration::from_millis(20);
        let slow = pool.run(soon, || std::thread::sleep(Duration::from_millis(200)));
        assert_eq!(slow.await, Err(PoolError::TimedOut));
        let later = Instant::now() + Duration::from_secs(5);
        let boom = pool.run(later, || -> () { panic!("boom") }).await;
        assert_eq!(boom, Err(PoolError::Panicked("boom".into())));
        // The slow job's permit comes back when it ends.
        assert_eq!(pool.run(later, || 7).await, Ok(7));
    }
}
