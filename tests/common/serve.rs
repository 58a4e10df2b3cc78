//! A `dateline serve` child process, and a raw HTTP/1.1 client for it that
//! sends paths and headers exactly as given.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use scraper::Html;

/// A running `dateline serve`, stopped when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `dateline serve` of the site at `root`, on a free port.
pub(crate) fn serve(root: &Path) -> Server {
    start(Command::new(env!("CARGO_BIN_EXE_dateline")), root)
}

/// `dateline serve` allowed `files` open file descriptors (sh's `ulimit -n`).
pub(crate) fn serve_with_fd_limit(root: &Path, files: u32) -> Server {
    let mut sh = Command::new("sh");
    sh.args([
        "-c",
        &format!("ulimit -n {files} && exec \"$0\" \"$@\""),
        env!("CARGO_BIN_EXE_dateline"),
    ]);
    start(sh, root)
}

fn start(mut command: Command, root: &Path) -> Server {
    let mut child = command
        .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    Server { child, addr }
}

/// A response: its status, headers (names in lower case) and body (chunked
/// transfer coding undone).
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// The value of header `name` (lower case), if sent.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }
}

/// A raw request to `addr`: `method path` with `Host: host`, the extra
/// `headers`, and `Connection: close`; the reply read within `wait`.
pub(crate) fn ask(
    addr: &str,
    host: &str,
    request: &str,
    headers: &[(&str, &str)],
    wait: Duration,
) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut head = format!("{request} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse_reply(&raw)
}

fn parse_reply(raw: &[u8]) -> Reply {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut reply = Reply {
        status: status.parse().unwrap(),
        headers,
        body: raw[end + 4..].to_vec(),
    };
    if reply.header("transfer-encoding") == Some("chunked") {
        reply.body = unchunk(&reply.body);
    }
    reply
}

fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = std::str::from_utf8(&raw[..line_end]).unwrap();
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return body;
        }
        let start = line_end + 2;
        body.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
}

/// A GET of `path` with extra `headers`, answered within 10 s.
pub(crate) fn get_with(addr: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    ask(
        addr,
        addr,
        &format!("GET {path}"),
        headers,
        Duration::from_secs(10),
    )
}

/// A raw GET: (status, body). The path is sent as given.
pub(crate) fn get(addr: &str, path: &str) -> (u16, String) {
    get_as(addr, addr, path)
}

/// A raw GET to `addr` naming `host` in its Host header: (status, body).
pub(crate) fn get_as(addr: &str, host: &str, path: &str) -> (u16, String) {
    let reply = ask(
        addr,
        host,
        &format!("GET {path}"),
        &[],
        Duration::from_secs(10),
    );
    (reply.status, reply.text())
}

/// GETs `path` until `until` holds for the reply, for at most 15 s.
pub(crate) fn wait_for_reply(
    addr: &str,
    path: &str,
    what: &str,
    until: impl Fn(&Reply) -> bool,
) -> Reply {
    let start = Instant::now();
    loop {
        let reply = get_with(addr, path, &[]);
        if until(&reply) {
            return reply;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// GETs `path` until `until` holds for the body, for at most 15 s.
pub(crate) fn wait_for(addr: &str, path: &str, what: &str, until: impl Fn(&str) -> bool) -> String {
    wait_for_reply(addr, path, what, |r| until(&r.text())).text()
}
