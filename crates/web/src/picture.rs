//! Pictures of the material catalogue, uploaded by staff. What was uploaded is never stored nor
//! served as it came: it is decoded (JPEG, PNG or WebP, told by its content), turned upright,
//! scaled down, and encoded anew by us; anything else is refused.
//!
//! Privacy: the new file is written from the decoded pixels alone, and no metadata is handed to
//! the encoders, so the EXIF block of a phone photo (GPS position, date, device), XMP, comments
//! and colour profiles are left behind by construction, as are any bytes hidden after the image.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageError, ImageFormat, ImageReader};
use image::{ExtendedColorType, Limits};

/// The request body limit is 2 MB anyway (`request_body.rs`); checked here too so that this
/// module's promise does not depend on the route it is called from.
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;
/// Longest side of a stored picture: enough for a catalogue page on a dense screen.
const MAX_SIDE: u32 = 1200;
/// A PNG of a few hundred bytes may claim 100 000 × 100 000 pixels: the decoders refuse such
/// sides, and more than this much decoded memory, before allocating anything.
const MAX_DECODED_SIDE: u32 = 8000;
const MAX_DECODED_BYTES: u64 = 128 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

/// A picture encoded by us, ready to be stored and served with its content type.
#[derive(Debug, Clone)]
pub struct Picture {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureError {
    Empty,
    TooLarge,
    NotAnImage,
    TooManyPixels,
}

impl PictureError {
    /// The sentence shown on the admin form.
    pub fn message(&self) -> &'static str {
        match self {
            PictureError::Empty => "Le fichier envoyé est vide : choisissez une image.",
            PictureError::TooLarge => "L'image dépasse 2 Mo : envoyez une version plus légère.",
            PictureError::NotAnImage => {
                "Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP)."
            }
            PictureError::TooManyPixels => {
                "L'image a trop de pixels (8000 au plus de chaque côté) : réduisez-la avant de \
                 l'envoyer."
            }
        }
    }
}

/// Decodes an uploaded picture and encodes it anew: JPEG when it is opaque, PNG when some of it
/// is transparent, its longest side at most 1200 pixels (never enlarged).
pub fn reencode(uploaded: &[u8]) -> Result<Picture, PictureError> {
    if uploaded.is_empty() {
        return Err(PictureError::Empty);
    }
    if uploaded.len() > MAX_UPLOAD_BYTES {
        return Err(PictureError::TooLarge);
    }
    let image = decode(uploaded)?;
    let (width, height) = scaled_size(image.width(), image.height());
    let image = if (width, height) == (image.width(), image.height()) {
        image
    } else {
        image.resize_exact(width, height, FilterType::Lanczos3)
    };
    encode(&image)
}

fn decode(uploaded: &[u8]) -> Result<DynamicImage, PictureError> {
    // The format is told by the first bytes: a file name or a declared content type is only
    // the sender's word.
    let mut reader = ImageReader::new(Cursor::new(uploaded))
        .with_guessed_format()
        .map_err(|_| PictureError::NotAnImage)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(PictureError::NotAnImage);
    }
    reader.limits(decoding_limits());
    // The decoder itself rather than `ImageReader::decode`, to read the EXIF orientation: a
    // phone photo stays upright once its EXIF block is gone.
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    // `into_decoder` checks the sides; the decoded size is checked here, as `decode` does.
    decoding_limits()
        .reserve(decoder.total_bytes())
        .map_err(refusal)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn decoding_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    limits
}

fn refusal(error: ImageError) -> PictureError {
    match error {
        ImageError::Limits(_) => PictureError::TooManyPixels,
        _ => PictureError::NotAnImage,
    }
}

/// The size that fits in `MAX_SIDE` × `MAX_SIDE` with the same ratio, rounded; never larger.
fn scaled_size(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= MAX_SIDE {
        return (width, height);
    }
    let scale = |side: u32| {
        let scaled =
            (u64::from(side) * u64::from(MAX_SIDE) + u64::from(longest) / 2) / u64::from(longest);
        // At most MAX_SIDE since side <= longest.
        (scaled as u32).max(1)
    };
    (scale(width), scale(height))
}

fn encode(image: &DynamicImage) -> Result<Picture, PictureError> {
    let (width, height) = (image.width(), image.height());
    let mut bytes = Vec::new();
    let content_type = if is_transparent(image) {
        let rgba = image.to_rgba8();
        PngEncoder::new(&mut bytes)
            .write_image(rgba.as_raw(), width, height, ExtendedColorType::Rgba8)
            .map(|()| "image/png")
    } else {
        let rgb = image.to_rgb8();
        JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
            .write_image(rgb.as_raw(), width, height, ExtendedColorType::Rgb8)
            .map(|()| "image/jpeg")
    }
    // Encoding 8-bit pixels into memory does not fail; were it to, the upload is refused
    // rather than the request ending in a panic.
    .map_err(|_| PictureError::NotAnImage)?;
    Ok(Picture {
        bytes,
        content_type,
        width,
        height,
    })
}

/// Some pixel at least partly transparent; an alpha channel that is opaque everywhere (common
/// in screenshots) makes a JPEG like any photo.
fn is_transparent(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.to_rgba8().pixels().any(|pixel| pixel[3] < u8::MAX)
}

#[cfg(test)]
mod tests {
    use image::codecs::webp::WebPEncoder;
    use image::{GenericImageView, Rgb, RgbImage, Rgba, RgbaImage};

    use super::*;

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
        })
    }

    /// Left half see-through, right half opaque red.
    fn half_transparent(width: u32, height: u32) -> RgbaImage {
        RgbaImage::from_fn(width, height, |x, _| {
            if x < width / 2 {
                Rgba([0, 0, 0, 0])
            } else {
                Rgba([200, 0, 0, 255])
            }
        })
    }

    fn encoded(image: impl Into<DynamicImage>, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Vec::new();
        image
            .into()
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        bytes
    }

    /// Decodes our output again, checking that it is what its content type says.
    fn decoded(picture: &Picture) -> DynamicImage {
        let reader = ImageReader::new(Cursor::new(&picture.bytes))
            .with_guessed_format()
            .unwrap();
        assert_eq!(
            reader.format().map(|format| format.to_mime_type()),
            Some(picture.content_type)
        );
        let image = reader.decode().unwrap();
        assert_eq!(image.dimensions(), (picture.width, picture.height));
        image
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle)
    }

    /// A PNG made by hand: its header claims `width` × `height` pixels of 8-bit `color_type`,
    /// its data is an empty zlib stream. Correct CRCs, so the decoder reads the header.
    fn png_claiming(width: u32, height: u32, color_type: u8) -> Vec<u8> {
        let mut header = Vec::new();
        header.extend(width.to_be_bytes());
        header.extend(height.to_be_bytes());
        header.extend([8, color_type, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        push_chunk(&mut png, b"IHDR", &header);
        push_chunk(
            &mut png,
            b"IDAT",
            &[
                0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
            ],
        );
        push_chunk(&mut png, b"IEND", &[]);
        png
    }

    fn push_chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        png.extend((data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend(kind);
        png.extend(data);
        let crc = crc32(&png[start..]);
        png.extend(crc.to_be_bytes());
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A little-endian EXIF (TIFF) block: orientation "rotate 90° clockwise", as a phone held
    /// upright writes it, followed by a text standing for the GPS position.
    fn phone_exif(secret: &[u8]) -> Vec<u8> {
        let mut exif = b"II*\0".to_vec();
        exif.extend(8u32.to_le_bytes());
        exif.extend(1u16.to_le_bytes());
        // Tag 0x0112 (Orientation), type SHORT, count 1, value 6.
        exif.extend(0x0112u16.to_le_bytes());
        exif.extend(3u16.to_le_bytes());
        exif.extend(1u32.to_le_bytes());
        exif.extend(6u32.to_le_bytes());
        exif.extend(0u32.to_le_bytes());
        exif.extend(secret);
        exif
    }

    #[test]
    fn a_large_picture_is_scaled_down_to_1200_pixels_on_its_longest_side() {
        let picture = reencode(&encoded(gradient(2000, 1000), ImageFormat::Png)).unwrap();

        assert_eq!((picture.width, picture.height), (1200, 600));
        assert_eq!(picture.content_type, "image/jpeg");
        let image = decoded(&picture);
        // The gradient survives the scaling: dark on the left, bright on the right.
        let (left, right) = (image.get_pixel(5, 300), image.get_pixel(1194, 300));
        assert!(left[0] < 20 && right[0] > 235, "{left:?} {right:?}");
    }

    #[test]
    fn a_tall_picture_is_scaled_by_its_height_and_keeps_its_ratio() {
        let picture = reencode(&encoded(gradient(1000, 3000), ImageFormat::Png)).unwrap();

        assert_eq!((picture.width, picture.height), (400, 1200));
        decoded(&picture);
    }

    #[test]
    fn a_small_picture_is_never_enlarged() {
        let picture = reencode(&encoded(gradient(300, 200), ImageFormat::Png)).unwrap();

        assert_eq!((picture.width, picture.height), (300, 200));
        assert_eq!(decoded(&picture).dimensions(), (300, 200));
    }

    #[test]
    fn a_jpeg_is_encoded_anew_and_scaled() {
        let uploaded = encoded(gradient(1600, 1200), ImageFormat::Jpeg);

        let picture = reencode(&uploaded).unwrap();

        assert_eq!((picture.width, picture.height), (1200, 900));
        assert_eq!(picture.content_type, "image/jpeg");
        assert_ne!(picture.bytes, uploaded);
        decoded(&picture);
    }

    #[test]
    fn a_transparent_png_stays_a_png_with_its_transparency() {
        let picture = reencode(&encoded(half_transparent(64, 32), ImageFormat::Png)).unwrap();

        assert_eq!(picture.content_type, "image/png");
        assert_eq!((picture.width, picture.height), (64, 32));
        let image = decoded(&picture).to_rgba8();
        assert_eq!(image.get_pixel(5, 16)[3], 0);
        assert_eq!(*image.get_pixel(60, 16), Rgba([200, 0, 0, 255]));
    }

    #[test]
    fn a_large_transparent_png_is_scaled_and_keeps_its_transparency() {
        let picture = reencode(&encoded(half_transparent(2400, 600), ImageFormat::Png)).unwrap();

        assert_eq!(picture.content_type, "image/png");
        assert_eq!((picture.width, picture.height), (1200, 300));
        let image = decoded(&picture).to_rgba8();
        assert_eq!(image.get_pixel(100, 150)[3], 0);
        assert_eq!(image.get_pixel(1100, 150)[3], 255);
    }

    #[test]
    fn an_opaque_png_with_an_alpha_channel_becomes_a_jpeg() {
        let opaque = RgbaImage::from_pixel(80, 60, Rgba([10, 120, 200, 255]));

        let picture = reencode(&encoded(opaque, ImageFormat::Png)).unwrap();

        assert_eq!(picture.content_type, "image/jpeg");
        assert_eq!(decoded(&picture).dimensions(), (80, 60));
    }

    #[test]
    fn a_lossless_webp_is_accepted() {
        let mut uploaded = Vec::new();
        WebPEncoder::new_lossless(&mut uploaded)
            .encode(
                gradient(400, 300).as_raw(),
                400,
                300,
                ExtendedColorType::Rgb8,
            )
            .unwrap();
        assert_eq!(&uploaded[..4], b"RIFF");

        let picture = reencode(&uploaded).unwrap();

        assert_eq!(picture.content_type, "image/jpeg");
        assert_eq!(decoded(&picture).dimensions(), (400, 300));
    }

    #[test]
    fn a_transparent_webp_becomes_a_png() {
        let mut uploaded = Vec::new();
        WebPEncoder::new_lossless(&mut uploaded)
            .encode(
                half_transparent(40, 20).as_raw(),
                40,
                20,
                ExtendedColorType::Rgba8,
            )
            .unwrap();

        let picture = reencode(&uploaded).unwrap();

        assert_eq!(picture.content_type, "image/png");
        assert_eq!(decoded(&picture).to_rgba8().get_pixel(2, 10)[3], 0);
    }

    #[test]
    fn a_phone_photo_loses_its_exif_and_is_turned_upright() {
        let secret = b"GPS 48.8566N 2.3522E";
        let mut uploaded = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut uploaded, 90);
        encoder.set_exif_metadata(phone_exif(secret)).unwrap();
        encoder
            .write_image(
                gradient(200, 100).as_raw(),
                200,
                100,
                ExtendedColorType::Rgb8,
            )
            .unwrap();
        assert!(contains(&uploaded, secret));
        assert!(contains(&uploaded, b"Exif\0\0"));

        let picture = reencode(&uploaded).unwrap();

        assert!(!contains(&picture.bytes, secret));
        assert!(!contains(&picture.bytes, b"Exif"));
        // Stored 200 × 100 sideways, shown 100 × 200 upright.
        assert_eq!((picture.width, picture.height), (100, 200));
        decoded(&picture);
    }

    #[test]
    fn bytes_appended_after_a_png_are_not_kept() {
        let mut uploaded = encoded(gradient(120, 80), ImageFormat::Png);
        uploaded.extend(b"<html><script>alert(document.cookie)</script></html>");

        let picture = reencode(&uploaded).unwrap();

        assert!(!contains(&picture.bytes, b"<script"));
        assert!(!contains(&picture.bytes, b"alert"));
        assert!(!contains(&picture.bytes, b"<html"));
        assert_eq!(decoded(&picture).dimensions(), (120, 80));
    }

    #[test]
    fn an_empty_upload_is_refused_as_empty() {
        assert_eq!(reencode(&[]).unwrap_err(), PictureError::Empty);
    }

    #[test]
    fn an_upload_over_the_limit_is_refused_before_decoding() {
        let mut uploaded = encoded(gradient(30, 20), ImageFormat::Png);
        uploaded.resize(MAX_UPLOAD_BYTES, 0);
        assert!(reencode(&uploaded).is_ok(), "a PNG padded to the limit");

        uploaded.push(0);

        assert_eq!(reencode(&uploaded).unwrap_err(), PictureError::TooLarge);
    }

    #[test]
    fn random_bytes_are_not_an_image() {
        // A fixed pseudo-random sequence (xorshift), so that a failure can be replayed.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();

        assert_eq!(reencode(&bytes).unwrap_err(), PictureError::NotAnImage);
    }

    #[test]
    fn an_html_page_is_not_an_image_even_with_a_png_inside() {
        let mut page = b"<!DOCTYPE html><html><body><script>alert(1)</script>".to_vec();
        page.extend(encoded(gradient(10, 10), ImageFormat::Png));

        assert_eq!(reencode(&page).unwrap_err(), PictureError::NotAnImage);
    }

    #[test]
    fn an_svg_is_not_accepted() {
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>"#;

        assert_eq!(reencode(svg).unwrap_err(), PictureError::NotAnImage);
    }

    #[test]
    fn a_gif_is_not_accepted() {
        // A valid 1 × 1 GIF.
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

        assert_eq!(reencode(gif).unwrap_err(), PictureError::NotAnImage);
    }

    #[test]
    fn a_truncated_png_is_not_an_image() {
        let png = encoded(gradient(200, 200), ImageFormat::Png);

        let truncated = &png[..png.len() / 2];

        assert_eq!(reencode(truncated).unwrap_err(), PictureError::NotAnImage);
    }

    #[test]
    fn a_png_claiming_100000_by_100000_pixels_is_refused_before_decoding() {
        let bomb = png_claiming(100_000, 100_000, 2);
        assert!(bomb.len() < 100);

        assert_eq!(reencode(&bomb).unwrap_err(), PictureError::TooManyPixels);
    }

    #[test]
    fn a_png_one_pixel_too_wide_is_refused() {
        assert_eq!(
            reencode(&png_claiming(8001, 1, 2)).unwrap_err(),
            PictureError::TooManyPixels
        );
        // The same header within the limits reaches the pixel data, which is missing.
        assert_eq!(
            reencode(&png_claiming(8000, 1, 2)).unwrap_err(),
            PictureError::NotAnImage
        );
    }

    #[test]
    fn a_png_within_the_sides_but_too_heavy_to_decode_is_refused() {
        // 7900 × 7900 RGBA: 250 MB once decoded, over the 128 MiB budget.
        let heavy = png_claiming(7900, 7900, 6);

        assert_eq!(reencode(&heavy).unwrap_err(), PictureError::TooManyPixels);
    }

    #[test]
    fn scaled_sizes_keep_the_ratio_and_never_reach_zero() {
        assert_eq!(scaled_size(2000, 1000), (1200, 600));
        assert_eq!(scaled_size(1201, 1201), (1200, 1200));
        assert_eq!(scaled_size(8000, 3), (1200, 1));
        assert_eq!(scaled_size(1200, 5), (1200, 5));
        assert_eq!(scaled_size(3, 7999), (1, 1200));
    }
}
