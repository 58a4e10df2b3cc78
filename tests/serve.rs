//! `dateline serve` under stress: slow and silent clients, large static
//! files and byte ranges, and a first build that fails.

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

/// Bytes that differ from offset to offset, so that a wrong range shows.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn static_files_are_served_whole_or_in_byte_ranges() {
    let site = copy_fixture("basic");
    let data = noise(24 * 1024 * 1024 + 3);
    let len = data.len();
    std::fs::create_dir_all(site.path().join("static/media")).unwrap();
    std::fs::write(site.path().join("static/media/clip.bin"), &data).unwrap();
    let server = serve(site.path());
    let get = |range: Option<&str>| {
        let headers: Vec<(&str, &str)> = range.map(|r| ("Range", r)).into_iter().collect();
        get_with(&server.addr, "/media/clip.bin", &headers)
    };

    let whole = get(None);
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    assert_eq!(whole.header("content-length"), Some(&*len.to_string()));
    assert_eq!(
        whole.header("content-type"),
        Some("application/octet-stream")
    );
    assert!(whole.body == data, "the whole file, byte for byte");

    let part = get(Some("bytes=1000-1999"));
    assert_eq!(part.status, 206);
    let range = format!("bytes 1000-1999/{len}");
    assert_eq!(part.header("content-range"), Some(&*range));
    assert_eq!(part.header("content-length"), Some("1000"));
    assert!(part.body == data[1000..2000]);

    let tail = get(Some("bytes=-10"));
    assert_eq!(tail.status, 206);
    assert!(tail.body == data[len - 10..]);
    let past_end = get(Some(&format!("bytes={}-{}", len - 5, len + 100)));
    assert_eq!(past_end.status, 206);
    let range = format!("bytes {}-{}/{len}", len - 5, len - 1);
    assert_eq!(past_end.header("content-range"), Some(&*range));
    assert!(past_end.body == data[len - 5..]);
    let from = get(Some("bytes=12000000-"));
    assert!(from.status == 206 && from.body == data[12_000_000..]);

    let outside = get(Some(&format!("bytes={len}-")));
    assert_eq!(outside.status, 416);
    assert_eq!(
        outside.header("content-range"),
        Some(&*format!("bytes */{len}"))
    );
    assert!(outside.body.is_empty());

    // Several ranges may be answered with the whole file (RFC 9110 §14.2).
    let several = get(Some("bytes=0-1,5-6"));
    assert!(several.status == 200 && several.body.len() == len);
}

/// The bytes of `server`'s largest resident set so far (`VmHWM`).
fn peak_memory(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

/// Each request for a static file read it whole into memory first: a
/// 1 GiB video cost 1 GiB per request. It is streamed from disk now.
#[test]
fn a_large_static_file_is_streamed_not_read_into_memory() {
    let site = copy_fixture("basic");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    let size: u64 = 256 * 1024 * 1024;
    // A sparse file: it costs the disk nothing.
    let file = std::fs::File::create(site.path().join("static/video.mp4")).unwrap();
    file.set_len(size).unwrap();
    let server = serve(site.path());
    assert_eq!(get(&server.addr, "/").0, 200);
    let before = peak_memory(&server);
    let mut tcp = TcpStream::connect(&server.addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        tcp,
        "GET /video.mp4 HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .unwrap();
    let read = std::io::copy(&mut tcp, &mut std::io::sink()).unwrap();
    assert!(read > size, "{read} bytes: the head and the whole file");
    let grown = peak_memory(&server).saturating_sub(before);
    assert!(
        grown < 32 * 1024 * 1024,
        "serving a 256 MiB file took {} MiB",
        grown >> 20
    );
}

/// A serve whose very first build failed answered "503, see the terminal"
/// in plain text: no problems on the page, and no reload once fixed.
#[test]
fn a_first_build_that_fails_shows_the_problems_and_recovers_on_the_next_good_save() {
    let site = copy_fixture("basic");
    let file = site.path().join("content/china/parade.md");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replacen("title = ", "titel = ", 1)).unwrap();
    let server = serve(site.path());

    let broken = get_with(&server.addr, "/china/parade/", &[]);
    assert_eq!(broken.status, 503);
    assert_eq!(
        broken.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let page = broken.html();
    let problems = texts(&page, "pre#dateline-problems");
    assert_eq!(problems.len(), 1, "{}", broken.text());
    assert!(
        problems[0].contains("parade.md:2:1: error: unknown field `titel`"),
        "{}",
        problems[0]
    );
    let scripts = texts(&page, "script");
    assert!(
        scripts.iter().any(|s| s.contains("/__dateline/events")),
        "the page listens for the fix: {scripts:?}"
    );

    // An open page hears of the problems, then of the fix.
    let mut stream = events(&server);
    assert_eq!(next_event(&mut stream), "problems");
    std::fs::write(&file, &good).unwrap();
    assert_eq!(next_event(&mut stream), "reload");
    let fixed = wait_for_reply(&server.addr, "/china/parade/", "the good build", |r| {
        r.status == 200
    });
    let page = fixed.html();
    assert_eq!(
        texts(&page, "h1"),
        ["Leaders gather for the September parade"]
    );
    assert!(texts(&page, "#dateline-problems").is_empty());
}

/// The page count in the search index's entry file, as serve answers it.
fn indexed_pages(addr: &str) -> Option<u64> {
    let reply = get_with(addr, "/pagefind/pagefind-entry.json", &[]);
    let entry: serde_json::Value = serde_json::from_str(&reply.text()).ok()?;
    (reply.status == 200).then(|| entry["languages"]["en"]["page_count"].as_u64())?
}

/// The search index is made in the background when first asked for after a
/// build, and a request for one of its files waits for it: a new article
/// is searchable.
#[test]
fn serve_keeps_the_search_index_current() {
    let site = copy_fixture("basic");
    let config = site.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[search]\nenabled = true\n")).unwrap();
    let server = serve(site.path());
    let before = indexed_pages(&server.addr).expect("an index");
    assert!(before > 0);
    let story = "+++\ntitle = \"Harbour reopens\"\ndate = 2025-09-04 09:00\ncategory = \"World\"\n+++\nThe harbour reopened.\n";
    let mut stream = events(&server);
    std::fs::write(site.path().join("content/world/harbour.md"), story).unwrap();
    assert_eq!(next_event(&mut stream), "reload");
    let start = Instant::now();
    while indexed_pages(&server.addr) != Some(before + 1) {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the index never grew"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
