//! Connections: the accept loop, each connection served by hyper with a
//! header-read and an idle timeout, and a graceful stop.
//!
//! `axum::serve` sets no timer, so a client that sends nothing, or a header
//! byte now and then (slowloris), kept its connection, and a file
//! descriptor, for ever; enough of them and no one else was answered.

use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time::Instant;

/// A request head must arrive whole within this long of its connection
/// opening or of the previous response ending (hyper starts the clock when
/// a kept-alive connection goes idle, so this is the keep-alive timeout
/// too): long enough for any real client, short enough that silent or
/// slowloris clients give their file descriptors back soon.
pub(super) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection that moves no byte either way for this long is closed, so a
/// client that stops reading a response cannot hold it; the live-reload
/// stream's pings keep an open page's connection well inside it.
pub(super) const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// How long to wait after an accept failed for want of file descriptors
/// or memory: connections must close first, and retrying at once would spin.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// The limits put on each connection.
#[derive(Debug, Clone, Copy)]
pub(super) struct Timeouts {
    /// See [`HEADER_READ_TIMEOUT`].
    pub(super) header: Duration,
    /// See [`IDLE_TIMEOUT`].
    pub(super) idle: Duration,
}

impl Timeouts {
    /// The limits `dateline serve` uses.
    pub(super) const SERVE: Timeouts = Timeouts {
        header: HEADER_READ_TIMEOUT,
        idle: IDLE_TIMEOUT,
    };
}

/// Serves `app` on `listener` until `stop` turns true, then gives the
/// requests under way `grace` to finish (live-reload streams never do).
pub(super) async fn serve(
    listener: TcpListener,
    app: Router,
    timeouts: Timeouts,
    mut stop: watch::Receiver<bool>,
    grace: Duration,
) {
    // Each connection holds a receiver: all are gone once `closed` resolves.
    let (open, tracker) = watch::channel(());
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stopped(&mut stop) => break,
        };
        match accepted {
            Ok((tcp, _)) => {
                let task = connection(tcp, app.clone(), timeouts, stop.clone());
                let tracker = tracker.clone();
                tokio::spawn(async move {
                    task.await;
                    drop(tracker);
                });
            }
            Err(e) => after_accept_error(&e).await,
        }
    }
    drop(listener);
    drop(tracker);
    let _ = tokio::time::timeout(grace, open.closed()).await;
}

/// Resolves once `stop` is true; never, if its sender is gone (Ctrl-C
/// could not be listened for), as the server should then keep serving.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    if stop.wait_for(|s| *s).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// A client's own failure costs nothing; running out of descriptors waits.
async fn after_accept_error(e: &io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset, Interrupted};
    if !matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset | Interrupted
    ) {
        tokio::time::sleep(ACCEPT_RETRY).await;
    }
}

/// Serves one connection until it ends, times out, or the server stops.
async fn connection(
    tcp: TcpStream,
    app: Router,
    timeouts: Timeouts,
    mut stop: watch::Receiver<bool>,
) {
    let _ = tcp.set_nodelay(true);
    let activity = Activity::new();
    let io = TokioIo::new(Watched {
        tcp,
        activity: activity.clone(),
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header);
    let mut conn = pin!(builder.serve_connection(io, TowerToHyperService::new(app)));
    let mut idle = pin!(activity.quiet_for(timeouts.idle));
    // Errors (a timeout, a client gone) concern that client alone.
    tokio::select! {
        _ = conn.as_mut() => return,
        () = idle.as_mut() => return,
        () = stopped(&mut stop) => conn.as_mut().graceful_shutdown(),
    }
    tokio::select! {
        _ = conn => {}
        () = idle => {}
    }
}

/// When a connection last moved a byte, shared by its stream and its watch.
#[derive(Clone)]
struct Activity {
    start: Instant,
    /// Milliseconds from `start` to the last read or write.
    last: Arc<AtomicU64>,
}

impl Activity {
    fn new() -> Self {
        Activity {
            start: Instant::now(),
            last: Arc::default(),
        }
    }

    fn touch(&self) {
        let now = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(now, Ordering::Relaxed);
    }

    fn quiet(&self) -> Duration {
        let last = Duration::from_millis(self.last.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }

    /// Resolves once no byte has moved for `limit`.
    async fn quiet_for(self, limit: Duration) {
        loop {
            let quiet = self.quiet();
            if quiet >= limit {
                return;
            }
            tokio::time::sleep(limit - quiet).await;
        }
    }
}

/// A connection's socket, noting each read or write that moves bytes.
struct Watched {
    tcp: TcpStream,
    activity: Activity,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.tcp).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl Watched {
    fn noted(&self, polled: Poll<io::Result<usize>>) -> Poll<io::Result<usize>> {
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.tcp).poll_write(cx, data);
        self.noted(polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs);
        self.noted(polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpStream};
    use std::time::Instant;

    use axum::body::Body;
    use axum::routing::get;
    use futures_util::stream;

    use super::*;

    /// Short limits, so that the tests take a second or two.
    const SHORT: Timeouts = Timeouts {
        header: Duration::from_millis(300),
        idle: Duration::from_millis(600),
    };

    /// A server with [`SHORT`] limits: `/` answers `ok`, `/drip` sends a
    /// line every 100 ms for 1.5 s, `/big` 64 MiB.
    fn start() -> (tokio::runtime::Runtime, SocketAddr) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new()
            .route("/", get(|| async { "ok" }))
            .route("/drip", get(|| async { Body::from_stream(drip()) }))
            .route("/big", get(|| async { Body::from_stream(big()) }));
        let (stop, stopping) = watch::channel(false);
        runtime.spawn(async move {
            serve(listener, app, SHORT, stopping, Duration::ZERO).await;
            drop(stop);
        });
        (runtime, addr)
    }

    fn drip() -> impl futures_util::Stream<Item = io::Result<String>> {
        stream::unfold(0, |i| async move {
            if i == 15 {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            Some((Ok(format!("line {i}\n")), i + 1))
        })
    }

    fn big() -> impl futures_util::Stream<Item = io::Result<Vec<u8>>> {
        stream::iter((0..1024).map(|_| Ok(vec![b'x'; 64 * 1024])))
    }

    fn connect(addr: SocketAddr) -> TcpStream {
        let tcp = TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        tcp
    }

    /// Reads until the server closes the connection: the bytes read, and
    /// how long that took.
    fn until_closed(tcp: &mut TcpStream) -> (usize, Duration) {
        let started = Instant::now();
        let mut total = 0;
        let mut buf = vec![0; 64 * 1024];
        loop {
            match tcp.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => total += n,
                Err(e) if e.kind() == io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!("not closed after {:?}: {e}", started.elapsed()),
            }
        }
        (total, started.elapsed())
    }

    #[test]
    fn a_connection_that_sends_nothing_is_closed() {
        let (_runtime, addr) = start();
        let mut tcp = connect(addr);
        let (read, took) = until_closed(&mut tcp);
        assert_eq!(read, 0);
        assert!(took < Duration::from_secs(2), "closed after {took:?}");
    }

    #[test]
    fn a_request_head_sent_a_byte_at_a_time_is_cut_off() {
        let (_runtime, addr) = start();
        let mut tcp = connect(addr);
        let started = Instant::now();
        write!(tcp, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
        // Bytes keep coming, so only the header-read timeout can end this.
        while tcp.write_all(b"a").is_ok() && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let took = started.elapsed();
        assert!(took < Duration::from_secs(2), "still open after {took:?}");
    }

    #[test]
    fn a_kept_alive_connection_that_goes_idle_is_closed() {
        let (_runtime, addr) = start();
        let mut tcp = connect(addr);
        write!(tcp, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut head = [0; 12];
        tcp.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 200");
        let (_, took) = until_closed(&mut tcp);
        assert!(took < Duration::from_secs(2), "closed after {took:?}");
    }

    /// A response that keeps sending outlives both limits: the live-reload
    /// stream must not be cut.
    #[test]
    fn a_response_still_sending_is_not_cut() {
        let (_runtime, addr) = start();
        let mut tcp = connect(addr);
        write!(
            tcp,
            "GET /drip HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        tcp.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8(raw).unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("line ")).collect();
        assert_eq!(lines.len(), 15, "{text}");
        assert!(text.ends_with("0\r\n\r\n"), "the chunked body ends: {text}");
    }

    /// A client that asks for a large file and stops reading held the
    /// connection as long as it liked.
    #[test]
    fn a_client_that_stops_reading_is_cut_off() {
        let (_runtime, addr) = start();
        let mut tcp = connect(addr);
        write!(tcp, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        std::thread::sleep(SHORT.idle * 3);
        let (read, _) = until_closed(&mut tcp);
        assert!(read < 64 * 1024 * 1024, "read all {read} bytes");
    }
}
