//! Draws the benchmark's pool of lead pictures: `COUNT` distinct 2000×1125
//! JPEGs (a sky, a horizon and a sun whose colours and places change with
//! the number, with a fine grain so they compress like photographs).
//! `bench/images` runs it; the pictures are the same on every run.
//!
//!     cargo run --release --example bench_pictures -- DIR COUNT

use image::{Rgb, RgbImage};

const W: u32 = 2000;
const H: u32 = 1125;

/// A small deterministic grain (a hash of the pixel's place).
fn grain(x: u32, y: u32, n: u32) -> f32 {
    let mut h = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ n;
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    (h % 1000) as f32 / 1000.0 * 6.0 - 3.0
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t)
}

/// Picture `n`: its colours, horizon and sun follow from the number.
fn picture(n: u32) -> RgbImage {
    let f = n as f32;
    let hue = |k: f32| 60.0 + 150.0 * (0.5 + 0.5 * (f * 0.37 + k).sin());
    let sky = [hue(0.0), hue(2.1), hue(4.2)];
    let ground = [hue(1.0) * 0.4, hue(3.0) * 0.5, hue(5.0) * 0.4];
    let horizon = 0.45 + 0.2 * (f * 0.61).sin().abs();
    let (sx, sy) = (
        0.15 + 0.7 * (f * 0.13).fract(),
        0.15 + 0.2 * (f * 0.29).fract(),
    );
    RgbImage::from_fn(W, H, |x, y| {
        let (u, v) = (x as f32 / W as f32, y as f32 / H as f32);
        let sun = ((u - sx) * 16.0 / 9.0).hypot(v - sy);
        let c = if sun < 0.05 {
            [255.0, 240.0, 200.0]
        } else if v < horizon {
            mix([250.0, 230.0, 200.0], sky, v / horizon + sun)
        } else {
            let ridge = ((u * 9.0 + f).sin() * 0.03 + horizon - v).abs();
            mix(ground, [20.0, 20.0, 30.0], (v - horizon) * 2.0 + ridge)
        };
        let g = grain(x, y, n);
        Rgb(c.map(|c| (c + g).clamp(0.0, 255.0) as u8))
    })
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench_pictures DIR COUNT";
    let dir = std::path::PathBuf::from(args.next().expect(usage));
    let count: u32 = args.next().and_then(|c| c.parse().ok()).expect(usage);
    std::fs::create_dir_all(&dir).unwrap();
    for n in 0..count {
        let path = dir.join(format!("{n:03}.jpg"));
        let file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(file, 82);
        enc.encode_image(&picture(n)).unwrap();
    }
    println!("{count} pictures in {}", dir.display());
}
