#!/usr/bin/env python3
"""Time from saving one article to its new text being served by `dateline serve`.

    bench/serve_latency.py [ARTICLES] [EDITS]      defaults: 10000 articles, 15 edits

Generates (or reuses) the shared/bench corpus, starts the release binary's
`serve` on it, then edits one article's body EDITS times; for each edit it polls
the article's page every 2 ms until the new text is served. Prints each latency
and the median. The corpus is copied to a temporary folder first, so the cached
corpus is never changed.
"""
import os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 15
gen = os.environ.get("GEN_CORPUS", os.path.join(root, "..", "shared", "bench", "gen_corpus.py"))
corpus = os.path.join(os.environ.get("BENCH_DIR", "/tmp/bench-sites"), f"plain-{n}")
if not os.path.isdir(corpus):
    subprocess.run([sys.executable, gen, "--format", "plain", "-n", str(n), "--out", corpus], check=True, stdout=subprocess.DEVNULL)
subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)

work = tempfile.mkdtemp()
site = os.path.join(work, "site")
shutil.copytree(corpus, site)
article = sorted(f for f in os.listdir(os.path.join(site, "content")) if f.endswith(".md"))[0]
path = os.path.join(site, "content", article)
original = open(path, encoding="utf-8").read()

server = subprocess.Popen([os.path.join(root, "target/release/dateline"), "serve", "--root", site, "--port", "0"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    line = server.stdout.readline()
    base = line.split("http://")[1].split()[0]
    slug = article[:-3]
    # The corpus files its articles under their category: find the page from the home page links.
    url = None
    for attempt in range(200):
        try:
            home = urllib.request.urlopen(f"http://{base}sitemap.xml").read().decode()
            url = next(l for l in home.split("<loc>")[1:] if f"/{slug}/" in l).split("</loc>")[0]
            break
        except Exception:
            time.sleep(0.05)
    latencies = []
    for i in range(edits):
        marker = f"EDIT-MARKER-{i}-{time.time_ns()}"
        head, body = original.split("+++\n", 2)[1:], None
        text = original.replace("\n\n", f"\n\n{marker} ", 1)
        time.sleep(0.3)  # let the previous rebuild settle
        start = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        while True:
            page = urllib.request.urlopen(url).read().decode()
            if marker in page:
                break
            if time.perf_counter() - start > 30:
                sys.exit("timed out waiting for the edit to be served")
            time.sleep(0.002)
        latencies.append((time.perf_counter() - start) * 1000)
        print(f"edit {i + 1}: {latencies[-1]:.0f} ms", flush=True)
    print(f"articles: {n}, edits: {edits}, median save-to-served: {statistics.median(latencies):.0f} ms "
          f"(min {min(latencies):.0f}, max {max(latencies):.0f})")
finally:
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)
