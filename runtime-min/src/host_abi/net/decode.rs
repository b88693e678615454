//! The Content-Encoding decoding fetch does (Node's fetch decodes gzip, deflate and br; the
//! http module leaves bodies as they came).

use std::io::Read;

use flate2::read::{MultiGzDecoder, ZlibDecoder};

/// The most codings a response may list for fetch to decode it (undici's limit: a server could
/// otherwise stack thousands of decoders).
pub(crate) const MAX_CODINGS: usize = 5;

/// How many codings `content_encoding` lists.
pub(crate) fn count(content_encoding: &str) -> usize {
    content_encoding
        .split(',')
        .filter(|coding| !coding.trim().is_empty())
        .count()
}

/// `body` decoded by the codings `content_encoding` lists (applied in that order, so undone in
/// reverse); codings it does not know are left as they are, as Node's fetch does.
pub(crate) fn decoded(content_encoding: &str, body: Box<dyn Read + Send>) -> Box<dyn Read + Send> {
    content_encoding
        .split(',')
        .map(|coding| coding.trim().to_ascii_lowercase())
        .rev()
        .fold(body, |body, coding| match coding.as_str() {
            "gzip" | "x-gzip" => Box::new(MultiGzDecoder::new(body)),
            "deflate" => Box::new(ZlibDecoder::new(body)),
            "br" => Box::new(brotli_decompressor::Decompressor::new(body, 8192)),
            _ => body,
        })
}
