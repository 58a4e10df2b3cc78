//! Times one encode of a 2000-pixel-wide picture in each published format,
//! with the settings dateline's defaults use (see docs/images.md).
//! `cargo run --release --example encode_timing [path.jpg]`

use std::time::Instant;

use image::ImageEncoder;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or("static/images/harbour-dawn.jpg".into());
    let t = Instant::now();
    let img = image::open(&path).unwrap().to_rgb8();
    println!("decode {path}: {} ms", t.elapsed().as_millis());
    let t = Instant::now();
    let img = image::imageops::resize(
        &img,
        2000,
        2000 * img.height() / img.width(),
        image::imageops::FilterType::Lanczos3,
    );
    println!("resize to 2000 px: {} ms", t.elapsed().as_millis());
    let (w, h) = img.dimensions();
    let color = image::ExtendedColorType::Rgb8;
    let mut out = Vec::new();
    let t = Instant::now();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .write_image(&img, w, h, color)
        .unwrap();
    println!(
        "jpeg q80: {} ms, {} KB",
        t.elapsed().as_millis(),
        out.len() / 1024
    );
    let t = Instant::now();
    let webp = webp::Encoder::new(&img, webp::PixelLayout::Rgb, w, h).encode(75.0);
    println!(
        "webp q75: {} ms, {} KB",
        t.elapsed().as_millis(),
        webp.len() / 1024
    );
    let rgba: Vec<ravif::RGBA8> = img
        .pixels()
        .map(|p| ravif::RGBA8::new(p[0], p[1], p[2], 255))
        .collect();
    for speed in [9, 10] {
        let t = Instant::now();
        let out = ravif::Encoder::new()
            .with_quality(60.0)
            .with_alpha_quality(60.0)
            .with_speed(speed)
            .with_bit_depth(ravif::BitDepth::Eight)
            .with_num_threads(Some(1))
            .encode_rgba(ravif::Img::new(&rgba, w as usize, h as usize))
            .unwrap()
            .avif_file;
        println!(
            "avif q60 speed {speed}: {} ms, {} KB",
            t.elapsed().as_millis(),
            out.len() / 1024
        );
    }
}
