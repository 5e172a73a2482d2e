//! A bounded pool for CPU-heavy work (searches, password hashing): at most
//! `workers` jobs run at once, at most `queue` more wait for a turn, and any
//! beyond that are refused at once with `CoreError::Busy` (the edge answers 503
//! with `Retry-After`), so overload shows as quick refusals instead of a growing
//! pile of threads, memory and latency.

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::{CoreError, CoreResult};

pub struct WorkGate {
    permits: Semaphore,
    waiting: AtomicUsize,
    workers: usize,
    queue: usize,
}

/// Counts one waiter while it exists.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl WorkGate {
    /// `workers` is at least 1.
    pub fn new(workers: usize, queue: usize) -> WorkGate {
        let workers = workers.max(1);
        WorkGate {
            permits: Semaphore::new(workers),
            waiting: AtomicUsize::new(0),
            workers,
            queue,
        }
    }

    /// One worker per core, sixteen waiting per worker.
    pub fn for_cores() -> WorkGate {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        WorkGate::new(cores, cores * 16)
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    pub fn queue(&self) -> usize {
        self.queue
    }

    /// A turn: at once when a worker is free, after waiting when the queue has room,
    /// else `CoreError::Busy`. The turn ends when the permit is dropped.
    pub async fn enter(&self) -> CoreResult<SemaphorePermit<'_>> {
        if let Ok(p) = self.permits.try_acquire() {
            return Ok(p);
        }
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(CoreError::Busy);
        }
        let _waiting = Waiting(&self.waiting);
        self.permits
            .acquire()
            .await
            .map_err(|e| CoreError::Storage(e.to_string()))
    }

    /// Runs `f` on tokio's blocking pool during a turn.
    pub async fn run<T, F>(&self, f: F) -> CoreResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _turn = self.enter().await?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| CoreError::Storage(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn past_the_queue_work_is_refused_and_turns_come_back() {
        let gate = std::sync::Arc::new(WorkGate::new(2, 3));
        let a = gate.enter().await.unwrap();
        let b = gate.enter().await.unwrap();
        // Three wait ...
        let mut waiters = Vec::new();
        for _ in 0..3 {
            let g = gate.clone();
            waiters.push(tokio::spawn(async move { g.enter().await.map(drop) }));
        }
        while gate.waiting.load(Ordering::Acquire) < 3 {
            tokio::task::yield_now().await;
        }
        // ... the fourth is refused at once.
        assert!(matches!(gate.enter().await, Err(CoreError::Busy)));
        drop((a, b));
        for w in waiters {
            w.await.unwrap().unwrap();
        }
        assert_eq!(gate.waiting.load(Ordering::Acquire), 0);
        assert_eq!(gate.run(|| 41 + 1).await.unwrap(), 42);
    }
}
