//! Draws the sample newsroom's pictures (`static/images/*.jpg` and an
//! author's photo): gradients, shapes and a chart, made by the project so the repository may ship them.
//! Run `cargo run --release --example sample_pictures` from the repository's root.

use image::{Rgb, RgbImage};

const W: u32 = 2000;
const H: u32 = 1125;

type Px = [f32; 3];

/// A picture as a colour at each point, `x` and `y` from 0 to 1.
type Painter = fn(f32, f32) -> Px;

fn mix(a: Px, b: Px, t: f32) -> Px {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

/// A small deterministic grain, so the pictures compress like photographs.
fn grain(x: u32, y: u32) -> f32 {
    let mut h = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    (h % 1000) as f32 / 1000.0 * 5.0 - 2.5
}

fn draw(w: u32, h: u32, f: impl Fn(f32, f32) -> Px) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let c = f(x as f32 / w as f32, y as f32 / h as f32);
        let g = grain(x, y);
        Rgb(c.map(|v| (v + g).clamp(0.0, 255.0) as u8))
    })
}

fn harbour(x: f32, y: f32) -> Px {
    let horizon = 0.58;
    if y < horizon {
        let sky = mix(
            [250.0, 196.0, 140.0],
            [70.0, 96.0, 150.0],
            1.0 - y / horizon,
        );
        let sun = ((x - 0.7).powi(2) + (y - 0.45).powi(2) * 3.0).sqrt();
        if sun < 0.06 {
            return [255.0, 236.0, 190.0];
        }
        return mix([255.0, 220.0, 160.0], sky, sun * 4.0);
    }
    // Boats: dark hulls on the water.
    for (bx, bw) in [(0.18, 0.12), (0.42, 0.08), (0.83, 0.1)] {
        let top = horizon + 0.02;
        if (x - bx).abs() < bw / 2.0 * (1.0 - (y - top) * 6.0) && y > top && y < top + 0.06 {
            return [40.0, 36.0, 44.0];
        }
        if (x - bx).abs() < 0.004 && y > top - 0.16 && y <= top {
            return [50.0, 44.0, 50.0];
        }
    }
    let wave = ((x * 60.0 + y * 200.0).sin() * 0.5 + 0.5) * 0.15;
    mix(
        [40.0, 70.0, 110.0],
        [200.0, 150.0, 120.0],
        0.35 - (y - horizon) + wave,
    )
}

fn glacier(x: f32, y: f32) -> Px {
    let peaks = [(0.2, 0.25, 0.35), (0.5, 0.12, 0.4), (0.78, 0.3, 0.3)];
    for (px, py, half) in peaks {
        let edge = py + (x - px).abs() * (0.7 / half);
        if y > edge {
            let snow = y < edge + 0.12;
            let ice = mix(
                [230.0, 240.0, 250.0],
                [120.0, 160.0, 200.0],
                (y - edge) * 2.0,
            );
            return if snow {
                ice
            } else {
                mix([90.0, 110.0, 140.0], [40.0, 60.0, 80.0], y)
            };
        }
    }
    mix([200.0, 225.0, 245.0], [110.0, 160.0, 215.0], 1.0 - y)
}

fn eclipse(x: f32, y: f32) -> Px {
    let d = ((x - 0.5) * 16.0 / 9.0).hypot(y - 0.5);
    let shadow = ((x - 0.56) * 16.0 / 9.0).hypot(y - 0.47);
    if d < 0.25 {
        let red = mix([200.0, 70.0, 40.0], [90.0, 20.0, 20.0], d * 4.0);
        return if shadow < 0.24 {
            mix(red, [30.0, 10.0, 12.0], 0.5)
        } else {
            red
        };
    }
    let star = grain((x * 997.0) as u32, (y * 991.0) as u32) > 2.48;
    if star {
        [230.0, 230.0, 240.0]
    } else {
        mix([10.0, 12.0, 30.0], [40.0, 20.0, 40.0], d)
    }
}

fn freight(x: f32, y: f32) -> Px {
    let colours = [
        [200.0, 80.0, 50.0],
        [40.0, 130.0, 140.0],
        [230.0, 170.0, 60.0],
        [70.0, 90.0, 160.0],
    ];
    if y > 0.35 && y < 0.85 {
        let col = (x * 10.0) as usize;
        let row = ((y - 0.35) * 8.0) as usize;
        let in_box = (x * 10.0).fract() > 0.04 && ((y - 0.35) * 8.0).fract() > 0.08;
        let stack = 4 - ((col * 7) % 4).min(3);
        if row >= 4 - stack && in_box {
            let c = colours[(col * 3 + row) % 4];
            let ridge = ((x * 300.0).sin() * 0.5 + 0.5) * 0.15;
            return mix(c, [20.0, 20.0, 20.0], ridge);
        }
    }
    if y >= 0.85 {
        return mix([60.0, 70.0, 80.0], [30.0, 35.0, 40.0], (y - 0.85) * 6.0);
    }
    mix([190.0, 215.0, 235.0], [120.0, 150.0, 190.0], 1.0 - y)
}

fn court(x: f32, y: f32) -> Px {
    let blue = [40.0, 80.0, 150.0];
    let green = [60.0, 120.0, 90.0];
    let inside = (0.15..0.85).contains(&x) && (0.2..0.9).contains(&y);
    let line = |v: f32, at: f32| (v - at).abs() < 0.004;
    let lines = inside
        && (line(x, 0.15)
            || line(x, 0.85)
            || line(x, 0.25)
            || line(x, 0.75)
            || line(y, 0.2)
            || line(y, 0.9)
            || (line(x, 0.5) && (0.35..0.75).contains(&y))
            || line(y, 0.35)
            || line(y, 0.75));
    if lines {
        return [240.0, 240.0, 240.0];
    }
    if (y - 0.55).abs() < 0.006 && (0.1..0.9).contains(&x) {
        return [30.0, 30.0, 30.0];
    }
    let ball = ((x - 0.62) * 16.0 / 9.0).hypot(y - 0.42);
    if ball < 0.018 {
        return [210.0, 230.0, 60.0];
    }
    if inside {
        mix(blue, [30.0, 60.0, 120.0], y)
    } else {
        mix(green, [30.0, 70.0, 50.0], y)
    }
}

fn night(x: f32, y: f32) -> Px {
    let mut c = mix([5.0, 10.0, 30.0], [30.0, 40.0, 80.0], y);
    for lx in [0.15, 0.38, 0.62, 0.85] {
        let d = ((x - lx) * 16.0 / 9.0).hypot(y - 0.15);
        c = mix(c, [255.0, 250.0, 220.0], 0.04 / (d + 0.02) - 0.3);
    }
    if y > 0.7 {
        c = mix(c, [20.0, 70.0, 140.0], 0.8);
    }
    c
}

/// Coffee prices by month as bars, with axis lines: a chart, as a newsroom draws one.
fn chart(x: f32, y: f32) -> Px {
    let values = [
        0.35, 0.42, 0.4, 0.5, 0.58, 0.55, 0.66, 0.72, 0.7, 0.81, 0.86, 0.9,
    ];
    let (left, right, top, bottom) = (0.08, 0.96, 0.1, 0.88);
    if (x - left).abs() < 0.0015 && (top..bottom).contains(&y) {
        return [60.0, 60.0, 60.0];
    }
    if (y - bottom).abs() < 0.003 && (left..right).contains(&x) {
        return [60.0, 60.0, 60.0];
    }
    for k in 1..5 {
        let gy = bottom - (bottom - top) * k as f32 / 5.0;
        if (y - gy).abs() < 0.0012 && (left..right).contains(&x) {
            return [215.0, 215.0, 215.0];
        }
    }
    let slot = (right - left) / values.len() as f32;
    if (left..right).contains(&x) {
        let i = ((x - left) / slot) as usize;
        let inner = ((x - left) / slot).fract();
        let height = (bottom - top) * values[i.min(11)];
        if inner > 0.18 && inner < 0.82 && y > bottom - height && y < bottom {
            return mix(
                [120.0, 70.0, 40.0],
                [170.0, 110.0, 60.0],
                (y - top) / (bottom - top),
            );
        }
    }
    [250.0, 248.0, 244.0]
}

/// A head and shoulders against a studio backdrop, for an author's photo:
/// taller than wide, so the square crop and its focus matter.
fn portrait(x: f32, y: f32) -> Px {
    let backdrop = mix(
        [70.0, 110.0, 130.0],
        [20.0, 40.0, 60.0],
        (x - 0.2).hypot(y - 0.2),
    );
    let head = ((x - 0.5) / 0.17).hypot((y - 0.36) / 0.2);
    let shoulders = ((x - 0.5) / 0.42).hypot((y - 1.02) / 0.36);
    if head < 1.0 {
        return mix([205.0, 150.0, 115.0], [150.0, 100.0, 75.0], head * head);
    }
    if shoulders < 1.0 {
        return mix([60.0, 62.0, 70.0], [30.0, 32.0, 40.0], y);
    }
    backdrop
}

fn main() {
    let out = std::path::Path::new("static/images");
    std::fs::create_dir_all(out.join("authors")).unwrap();
    let pictures: [(&str, Painter, u8); 8] = [
        ("harbour-dawn", harbour, 82),
        ("glacier", glacier, 82),
        ("eclipse", eclipse, 82),
        ("freight", freight, 82),
        ("court", court, 82),
        ("night-session", night, 82),
        ("coffee-chart", chart, 88),
        ("authors/daniel-okafor", portrait, 85),
    ];
    for (name, f, quality) in pictures {
        let (w, h) = match name {
            "coffee-chart" => (1600, 1000),
            "authors/daniel-okafor" => (800, 1000),
            _ => (W, H),
        };
        let img = draw(w, h, f);
        let path = out.join(format!("{name}.jpg"));
        let file = std::fs::File::create(&path).unwrap();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(
            std::io::BufWriter::new(file),
            quality,
        );
        enc.encode_image(&img).unwrap();
        drop(enc);
        println!(
            "{} {} bytes",
            path.display(),
            std::fs::metadata(&path).unwrap().len()
        );
    }
}
