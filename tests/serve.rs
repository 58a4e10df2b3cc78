//! `dateline serve` under stress: slow and silent clients.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::serve::*;
use common::*;

/// What `HEADER_READ_TIMEOUT` is in `src/serve/conn.rs`.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection that the server has closed reads end of file, or a reset
/// once it was sent bytes it did not read; anything else within `wait`
/// means it is still open.
fn closed_within(tcp: &mut TcpStream, wait: Duration) -> bool {
    tcp.set_read_timeout(Some(wait)).unwrap();
    let mut byte = [0; 1];
    match tcp.read(&mut byte) {
        Ok(0) => true,
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        Ok(_) => false,
    }
}

/// 50 clients that sent nothing, or a header byte now and then (slowloris),
/// each held a connection for ever: with few file descriptors left, serve
/// answered no one else. A request head must now arrive within 10 s.
#[test]
fn silent_and_slow_clients_are_cut_off_and_cannot_starve_serve() {
    let site = copy_fixture("basic");
    // Some 33 descriptors are left for connections: the 50 clients take
    // them all, and the last 17 wait for the first to be closed.
    let server = serve_with_fd_limit(site.path(), 48);
    let connect = || TcpStream::connect(&server.addr).unwrap();
    let started = Instant::now();
    let mut silent: Vec<TcpStream> = (0..25).map(|_| connect()).collect();
    let mut slow: Vec<TcpStream> = (0..25)
        .map(|_| {
            let mut tcp = connect();
            write!(tcp, "GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ", server.addr).unwrap();
            tcp
        })
        .collect();
    let addr = server.addr.clone();
    let wait = Duration::from_secs(40);
    let answer = std::thread::spawn(move || ask(&addr, &addr, "GET /", &[], wait).status);
    while !answer.is_finished() && started.elapsed() < Duration::from_secs(30) {
        for tcp in &mut slow {
            let _ = tcp.write_all(b"a");
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(
        answer.is_finished(),
        "no answer in 30 s: the slow clients starved the server"
    );
    assert_eq!(answer.join().unwrap(), 200);
    // The first connection was served at once, so it was closed by now.
    assert!(closed_within(&mut silent[0], Duration::from_secs(1)));
    assert!(started.elapsed() < HEADER_READ_TIMEOUT + Duration::from_secs(8));
    // The others, accepted later, within the timeout of that.
    for (i, tcp) in silent.iter_mut().chain(&mut slow).enumerate() {
        let bound = HEADER_READ_TIMEOUT * 2 + Duration::from_secs(5);
        let left = bound.saturating_sub(started.elapsed()) + Duration::from_millis(1);
        assert!(closed_within(tcp, left), "connection {i} still open");
    }
}

/// The live-reload stream of `server`, its response head read.
fn events(server: &Server) -> BufReader<TcpStream> {
    let mut tcp = TcpStream::connect(&server.addr).unwrap();
    write!(
        tcp,
        "GET /__dateline/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let mut reader = BufReader::new(tcp);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    while line != "\r\n" {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    reader
}

/// The name of the next event (`reload`, `problems`) on a live-reload stream.
fn next_event(stream: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        let read = stream.read_line(&mut line).unwrap();
        assert!(read > 0, "the live-reload stream was closed");
        if let Some(name) = line.trim_end().strip_prefix("event: ") {
            return name.to_string();
        }
    }
}

/// The header-read timeout must not close a page's live-reload stream,
/// which stays open without a request of its own.
#[test]
fn the_live_reload_stream_outlives_the_header_read_timeout() {
    let site = copy_fixture("basic");
    let server = serve(site.path());
    let mut stream = events(&server);
    std::thread::sleep(HEADER_READ_TIMEOUT + Duration::from_secs(1));
    let file = site.path().join("content/china/parade.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("opening paragraph", "first paragraph")).unwrap();
    assert_eq!(next_event(&mut stream), "reload");
}
