#!/usr/bin/env python3
"""Time from saving one article to its new text being served by `dateline serve`.

    bench/serve_latency.py [ARTICLES] [EDITS] [live]   defaults: 10000 articles, 15 edits

Generates (or reuses) the bench/gen_corpus.py corpus (through bench/corpus),
starts the release binary's `serve` on it, then edits one article's body EDITS
times; for each edit it polls the article's page every 2 ms until the new text
is served. With `live`, the article is made a live blog first and each edit
adds an update at the top, timed until the update is served.
Prints each latency and the median. The corpus is copied to a
temporary folder first, so the cached corpus is never changed. DATELINE_BIN
measures a given binary instead of building one with `cargo build --release`.
"""
import os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 15
live = len(sys.argv) > 3 and sys.argv[3] == "live"
corpus = subprocess.run([os.path.join(root, "bench", "corpus"), "plain", str(n)],
                        check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
binary = os.environ.get("DATELINE_BIN")
if not binary:
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)
    binary = os.path.join(root, "target/release/dateline")

work = tempfile.mkdtemp()
site = os.path.join(work, "site")
shutil.copytree(corpus, site)
# The corpus files articles under content/<category>/; author profiles are in content/authors/.
content = os.path.join(site, "content")
article = sorted(os.path.join(d, f) for d in os.listdir(content) if d != "authors" and os.path.isdir(os.path.join(content, d))
                 for f in os.listdir(os.path.join(content, d)) if f.endswith(".md"))[0]
path = os.path.join(content, article)
original = open(path, encoding="utf-8").read()
if live:
    # A live blog starting at the article's date, its body replaced by one update.
    front = original.split("+++\n")[1]
    day = next(l for l in front.splitlines() if l.startswith("date = ")).split(" = ")[1][:10]
    front = front.replace("\ndate = ", f"\nlive = {{ start = {day}T00:00:00Z }}\ndate = ", 1)
    original = f"+++\n{front}+++\n\nThe coverage so far.\n\n## {day} 00:01 First update\n\nText.\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(original)

server = subprocess.Popen([binary, "serve", "--root", site, "--port", "0"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    line = server.stdout.readline()
    base = line.split("http://")[1].split()[0]
    slug = os.path.basename(article)[:-3]
    # Find the article's URL in the sitemap.
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
        if live:
            # The new update goes on top, a minute after the one below it.
            update = f"## {day} {(i + 2) // 60:02}:{(i + 2) % 60:02} {marker}\n\nMore.\n\n"
            original = original.replace("## ", update + "## ", 1)
            text = original
        else:
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
    print(f"articles: {n}, edits: {edits}{' (live updates)' if live else ''}, median save-to-served: {statistics.median(latencies):.0f} ms "
          f"(min {min(latencies):.0f}, max {max(latencies):.0f})")
finally:
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)
