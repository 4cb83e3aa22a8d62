//! Timing: latency percentiles of one request repeated, and throughput of concurrent
//! workers. Every case is warmed up first (caches, prepared statements) and stops after a
//! number of runs or a time budget, whichever comes first, so that a slow naive baseline
//! does not hold the run for minutes.

use std::future::Future;
use std::time::{Duration, Instant};

/// Latency of one case.
#[derive(Clone, Debug, PartialEq)]
pub struct Latency {
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// How long a case may run.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub warmup: usize,
    pub runs: usize,
    pub max_time: Duration,
}

/// The value at quantile `q` (0–1) of sorted durations, nearest-rank.
pub fn quantile_ms(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

/// Runs `f` until `budget.runs` timed runs or `budget.max_time`, after the warm-up
/// (at least 5 timed runs whatever the time).
pub async fn latency<F, Fut>(budget: Budget, mut f: F) -> Result<Latency, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    for _ in 0..budget.warmup {
        f().await?;
    }
    let started = Instant::now();
    let mut times = Vec::with_capacity(budget.runs);
    while times.len() < budget.runs && (times.len() < 5 || started.elapsed() < budget.max_time) {
        let t = Instant::now();
        f().await?;
        times.push(t.elapsed());
    }
    times.sort_unstable();
    Ok(Latency { runs: times.len(), p50_ms: quantile_ms(&times, 0.50), p95_ms: quantile_ms(&times, 0.95), p99_ms: quantile_ms(&times, 0.99) })
}

/// Requests per second of `workers` tasks each calling `f` in a loop for `duration`.
pub async fn throughput<F, Fut>(workers: usize, duration: Duration, f: F) -> Result<f64, String>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<(), String>> + Send,
{
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let f = f.clone();
            tokio::spawn(async move {
                let mut done = 0u64;
                while Instant::now() < deadline {
                    f().await?;
                    done += 1;
                }
                Ok::<_, String>(done)
            })
        })
        .collect();
    let mut total = 0u64;
    for t in tasks {
        total += t.await.map_err(|e| e.to_string())??;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let ms = |v: &[u64]| v.iter().map(|&m| Duration::from_millis(m)).collect::<Vec<_>>();
        let d = ms(&(1..=100).collect::<Vec<_>>());
        assert_eq!((quantile_ms(&d, 0.5), quantile_ms(&d, 0.95), quantile_ms(&d, 0.99)), (50.0, 95.0, 99.0));
        assert_eq!(quantile_ms(&ms(&[7]), 0.99), 7.0);
        assert!(quantile_ms(&[], 0.5).is_nan());
    }
}
