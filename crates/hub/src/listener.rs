//! The serving side of overload: a file-descriptor limit raised at start, a cap on
//! open connections, and an accept loop that outlives running out of descriptors.
//!
//! [`Limited`] waits for a free connection slot *before* it accepts, so connections
//! past `max_connections` wait in the kernel's backlog instead of taking descriptors
//! the database pool, the index and the logs need. When `accept` fails for lack of
//! resources (EMFILE, ENFILE, ENOBUFS, ENOMEM) it logs, sleeps a moment and accepts
//! again; the process never crashes or spins on it.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Descriptors kept free of connections: the database pool (mhub_storage::MAX_POOL_FDS),
/// the search index's open segment files and its writer, logs, the runtime's own
/// (epoll, eventfd, signal pipe), standard streams, and the listening socket.
pub const RESERVED_FDS: u64 = 128 + mhub_storage::MAX_POOL_FDS;

/// Raises the soft limit on open files to the hard limit; returns (soft, hard) as they
/// are afterwards, or `None` where they cannot be read.
#[cfg(unix)]
#[allow(unsafe_code)] // the workspace's only unsafe: two libc calls, see SAFETY below
pub fn raise_fd_limit() -> Option<(u64, u64)> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed by pointer.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim = raised;
            }
        }
    }
    // `rlim_t` is u64 on Linux but not everywhere.
    #[allow(clippy::unnecessary_cast)]
    Some((lim.rlim_cur as u64, lim.rlim_max as u64))
}

#[cfg(not(unix))]
pub fn raise_fd_limit() -> Option<(u64, u64)> {
    None
}

/// Connections allowed when none is configured: what the descriptor limit leaves after
/// [`RESERVED_FDS`], at least 16 and at most 100,000 (an unlimited or huge limit
/// still gets a bound).
pub fn default_max_connections(fd_limit: Option<u64>) -> usize {
    let fds = fd_limit.unwrap_or(1024);
    fds.saturating_sub(RESERVED_FDS).clamp(16, 100_000) as usize
}

/// What to do after `accept` failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptFailure {
    /// The peer gave up before we took it: accept the next one at once.
    Connection,
    /// Out of descriptors, buffers or memory: wait for some to be freed.
    Resources,
    /// Anything else: log it and wait a little, never spin.
    Other,
}

pub fn classify(e: &io::Error) -> AcceptFailure {
    match e.kind() {
        io::ErrorKind::ConnectionRefused
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::Interrupted => return AcceptFailure::Connection,
        io::ErrorKind::OutOfMemory => return AcceptFailure::Resources,
        _ => {}
    }
    #[cfg(unix)]
    if let Some(code) = e.raw_os_error()
        && [libc::EMFILE, libc::ENFILE, libc::ENOBUFS, libc::ENOMEM].contains(&code)
    {
        return AcceptFailure::Resources;
    }
    AcceptFailure::Other
}

/// How long to wait before accepting again.
pub fn backoff(failure: AcceptFailure) -> Duration {
    match failure {
        AcceptFailure::Connection => Duration::ZERO,
        AcceptFailure::Resources => Duration::from_millis(50),
        AcceptFailure::Other => Duration::from_millis(200),
    }
}

/// A TCP listener that holds at most `max` connections open.
pub struct Limited {
    inner: TcpListener,
    slots: Arc<Semaphore>,
    last_warning: Option<Instant>,
}

impl Limited {
    pub fn new(inner: TcpListener, max: usize) -> Limited {
        Limited {
            inner,
            slots: Arc::new(Semaphore::new(max.max(1))),
            last_warning: None,
        }
    }

    /// Free connection slots.
    #[cfg(test)]
    pub fn free_slots(&self) -> usize {
        self.slots.available_permits()
    }

    fn warn(&mut self, e: &io::Error, failure: AcceptFailure) {
        // One line a second at most, so a descriptor shortage does not flood the log.
        if self
            .last_warning
            .is_none_or(|t| t.elapsed() >= Duration::from_secs(1))
        {
            self.last_warning = Some(Instant::now());
            tracing::warn!(error = %e, ?failure, "accept failed; retrying");
        }
    }
}

impl axum::serve::Listener for Limited {
    type Io = Counted;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Counted, SocketAddr) {
        // Never closed, so acquiring only waits.
        let slot = loop {
            match self.slots.clone().acquire_owned().await {
                Ok(slot) => break slot,
                Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
            }
        };
        metrics::gauge!("http_open_connections").increment(1.0);
        loop {
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    return (
                        Counted {
                            stream,
                            _slot: slot,
                        },
                        addr,
                    );
                }
                Err(e) => {
                    let failure = classify(&e);
                    if failure != AcceptFailure::Connection {
                        metrics::counter!("http_accept_errors_total").increment(1);
                        self.warn(&e, failure);
                    }
                    tokio::time::sleep(backoff(failure)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// An accepted connection holding its slot until it closes.
pub struct Counted {
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
}

impl Drop for Counted {
    fn drop(&mut self) {
        metrics::gauge!("http_open_connections").decrement(1.0);
    }
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use axum::serve::Listener;

    use super::*;

    #[test]
    fn descriptor_shortage_waits_and_lost_peers_do_not() {
        let emfile = io::Error::from_raw_os_error(libc::EMFILE);
        let enfile = io::Error::from_raw_os_error(libc::ENFILE);
        assert_eq!(classify(&emfile), AcceptFailure::Resources);
        assert_eq!(classify(&enfile), AcceptFailure::Resources);
        assert_eq!(
            classify(&io::Error::from(io::ErrorKind::ConnectionAborted)),
            AcceptFailure::Connection
        );
        assert_eq!(
            classify(&io::Error::from_raw_os_error(libc::EINVAL)),
            AcceptFailure::Other
        );
        assert!(backoff(AcceptFailure::Resources) > Duration::ZERO);
        assert!(backoff(AcceptFailure::Other) > Duration::ZERO);
        assert_eq!(backoff(AcceptFailure::Connection), Duration::ZERO);
    }

    #[test]
    fn connection_cap_leaves_room_for_the_rest() {
        assert_eq!(
            default_max_connections(Some(256)),
            256 - RESERVED_FDS as usize
        );
        assert_eq!(default_max_connections(Some(100)), 16);
        assert_eq!(default_max_connections(Some(u64::MAX)), 100_000);
        assert_eq!(default_max_connections(None), 1024 - RESERVED_FDS as usize);
    }

    #[tokio::test]
    async fn a_connection_holds_its_slot_until_it_closes() {
        let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = tcp.local_addr().unwrap();
        let mut listener = Limited::new(tcp, 2);
        let _client = TcpStream::connect(addr).await.unwrap();
        let (conn, _) = listener.accept().await;
        assert_eq!(listener.free_slots(), 1);
        drop(conn);
        assert_eq!(listener.free_slots(), 2);
    }
}
