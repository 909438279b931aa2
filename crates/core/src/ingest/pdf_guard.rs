//! What a PDF must satisfy before pdf-extract may read it, so that no file can make
//! the reader use unbounded memory, time or stack.
//!
//! pdf-extract and lopdf trust the file: they unpack every compressed stream whole, walk
//! a page's `/Parent` chain and draw nested form XObjects by recursion, with no bound.
//! A few kilobytes can then unpack to gigabytes, or send the reader round a loop until
//! the stack overflows, which is not a panic that can be caught: it ends the whole
//! process. So, before the document is opened:
//! - [`check_packed`] measures what each stream of the raw file unpacks to through the
//!   filters its dictionary names (Flate, LZW, ASCII85, in a chain), keeping only the
//!   layers a later filter needs: all streams together may unpack to the archive
//!   budget ([`archive::budget`](super::archive::budget)), as a DOCX may;
//! - [`check_structure`] walks each page's `/Parent` chain and the form XObjects each
//!   page draws, as pdf-extract will: a loop, a chain deeper than [`MOST_DEPTH`], or
//!   drawings that repeat one another past the budget make the file damaged.

use super::archive::budget;
use super::skip::SkipReason;
use flate2::read::{DeflateDecoder, ZlibDecoder};
use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

/// The deepest page tree, and the deepest nesting of form XObjects, a PDF may have.
/// Real files nest both a few levels deep.
pub(super) const MOST_DEPTH: usize = 64;

const FORMAT: &str = "PDF";

fn damaged(why: impl Into<String>) -> SkipReason {
    SkipReason::Damaged {
        format: FORMAT,
        why: why.into(),
    }
}

fn too_packed(budget: u64) -> SkipReason {
    damaged(format!(
        "its streams unpack to more than {} MiB (a compression bomb?)",
        budget.div_ceil(1024 * 1024)
    ))
}

/// Checks that the streams of the PDF `bytes` unpack to no more than the budget of a
/// file of its size, reading at most that much.
///
/// Each stream is found by its `stream` keyword and unpacked through the filters its
/// dictionary names, as lopdf will: Flate (zlib, else raw deflate after a broken
/// header), LZW and ASCII85, in order; other filters lopdf leaves packed. A stream
/// is read to its direct `/Length`, else to the end of the file (each decoder stops at
/// its own end), so a stream cannot hide what follows a false `endstream`.
pub(super) fn check_packed(bytes: &[u8]) -> Result<(), SkipReason> {
    let budget = budget(bytes.len());
    let mut left = budget;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"stream") {
        let keyword = at + found;
        let before = &bytes[at..keyword];
        at = keyword + b"stream".len();
        if before.ends_with(b"end") {
            continue;
        }
        let start = match &bytes[at..] {
            [b'\r', b'\n', ..] => at + 2,
            [b'\n' | b'\r', ..] => at + 1,
            _ => continue,
        };
        let Some(dict) = dictionary_before(before) else {
            continue;
        };
        let filters = filters(dict);
        if filters.is_empty() {
            continue;
        }
        let end = direct_length(dict)
            .and_then(|len| start.checked_add(len))
            .map_or(bytes.len(), |end| end.min(bytes.len()));
        let unpacked = unpacked(&bytes[start..end], &filters, left);
        if unpacked > left {
            return Err(too_packed(budget));
        }
        left -= unpacked;
    }
    Ok(())
}

/// The filters of a stream that lopdf unpacks.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Filter {
    Flate,
    Lzw,
    Ascii85,
}

/// The dictionary that ends right before a `stream` keyword, `<<` to `>>`.
fn dictionary_before(before: &[u8]) -> Option<&[u8]> {
    let end = before.len()
        - before
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    if !before[..end].ends_with(b">>") {
        return None;
    }
    let mut depth = 0usize;
    let mut i = end;
    while i >= 2 {
        match &before[i - 2..i] {
            b">>" => {
                depth += 1;
                i -= 2;
            }
            b"<<" => {
                depth -= 1;
                i -= 2;
                if depth == 0 {
                    return Some(&before[i..end]);
                }
            }
            _ => i -= 1,
        }
    }
    None
}

/// The value of the key `/name` in the dictionary text `dict`, from its first byte on.
fn value_of<'d>(dict: &'d [u8], name: &[u8]) -> Option<&'d [u8]> {
    let mut from = 0;
    while let Some(found) = find(&dict[from..], name) {
        let after = from + found + name.len();
        // `/Length` is not `/Length1`: a name ends at white space or a delimiter.
        match dict.get(after) {
            Some(b) if b.is_ascii_alphanumeric() => from = after,
            _ => {
                let value = &dict[after..];
                let blank = value.iter().take_while(|b| b.is_ascii_whitespace()).count();
                return Some(&value[blank..]);
            }
        }
    }
    None
}

/// The filters lopdf unpacks, in order, named by the dictionary's `/Filter` (a name or
/// an array of names; anything else lopdf does not unpack). The chain stops at the
/// first filter lopdf does not know, as lopdf does.
fn filters(dict: &[u8]) -> Vec<Filter> {
    let Some(value) = value_of(dict, b"/Filter") else {
        return Vec::new();
    };
    let names = match value.first() {
        Some(b'/') => &value[..name_end(value)],
        Some(b'[') => match value.iter().position(|&b| b == b']') {
            Some(close) => &value[1..close],
            None => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for name in names
        .split(|&b| b == b'/' || b.is_ascii_whitespace())
        .filter(|n| !n.is_empty())
    {
        out.push(match name {
            b"FlateDecode" => Filter::Flate,
            b"LZWDecode" => Filter::Lzw,
            b"ASCII85Decode" => Filter::Ascii85,
            _ => break,
        });
    }
    out
}

/// Where the name at the start of `value` (`/` included) ends.
fn name_end(value: &[u8]) -> usize {
    1 + value[1..]
        .iter()
        .take_while(|b| !b.is_ascii_whitespace() && !b"/[]<>()".contains(b))
        .count()
}

/// The dictionary's `/Length` when it is written as a number, not a reference.
fn direct_length(dict: &[u8]) -> Option<usize> {
    let value = value_of(dict, b"/Length")?;
    let digits = value.iter().take_while(|b| b.is_ascii_digit()).count();
    let number = std::str::from_utf8(&value[..digits]).ok()?.parse().ok()?;
    // `12 0 R` is a reference to the length, not the length.
    let rest = &value[digits..];
    let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let generation = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if generation > 0 {
        let after = &rest[generation..];
        let after = &after[after.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        if after.first() == Some(&b'R') {
            return None;
        }
    }
    Some(number)
}

/// The most bytes `data` is held as while lopdf unpacks it through `filters` (each
/// layer is held whole), counting at most `left + 1`.
fn unpacked(data: &[u8], filters: &[Filter], left: u64) -> u64 {
    let limit = left.saturating_add(1);
    let mut layer = std::borrow::Cow::Borrowed(data);
    let mut most = 0;
    for (i, &filter) in filters.iter().enumerate() {
        let keep = i + 1 < filters.len();
        let mut out = Limited::new(limit, keep);
        match filter {
            Filter::Flate => flate(&layer, &mut out),
            Filter::Lzw => lzw(&layer, &mut out),
            Filter::Ascii85 => ascii85(&layer, &mut out),
        }
        most = most.max(out.written);
        if out.written >= limit {
            return limit;
        }
        layer = std::borrow::Cow::Owned(out.kept);
    }
    most
}

/// Inflates `data` into `out` as lopdf does: zlib, and when that fails before giving
/// a byte, raw deflate after the two bytes of the broken header.
fn flate(data: &[u8], out: &mut Limited) {
    let _ = io::copy(&mut ZlibDecoder::new(data), out);
    if out.written == 0 && data.len() > 2 {
        let _ = io::copy(&mut DeflateDecoder::new(&data[2..]), out);
    }
}

/// Unpacks LZW `data` into `out`, as lopdf does with the default `EarlyChange`, and
/// without it; whichever gives more.
fn lzw(data: &[u8], out: &mut Limited) {
    use weezl::{decode::Decoder, BitOrder};
    let mut late = Limited::new(out.limit, false);
    let _ = Decoder::new(BitOrder::Msb, 8)
        .into_stream(&mut late)
        .decode_all(data);
    let _ = Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
        .into_stream(&mut *out)
        .decode_all(data);
    if late.written > out.written {
        out.written = late.written;
    }
}

/// Decodes ASCII85 `data` into `out`, up to `~>` or the first byte that is not one.
fn ascii85(data: &[u8], out: &mut Limited) {
    let mut group = [0u32; 5];
    let mut n = 0;
    for &b in data.iter().filter(|b| !b.is_ascii_whitespace()) {
        let written = match b {
            b'z' if n == 0 => out.write_all(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = u32::from(b - b'!');
                n += 1;
                if n < 5 {
                    continue;
                }
                n = 0;
                out.write_all(&base85(&group).to_be_bytes())
            }
            _ => break,
        };
        if written.is_err() {
            return;
        }
    }
    if n > 1 {
        // A last group of n digits, padded with the highest digit, gives n - 1 bytes.
        group[n..].fill(84);
        let _ = out.write_all(&base85(&group).to_be_bytes()[..n - 1]);
    }
}

fn base85(group: &[u32; 5]) -> u32 {
    group
        .iter()
        .fold(0u32, |v, &d| v.wrapping_mul(85).wrapping_add(d))
}

/// A writer that counts up to a limit and then fails, which stops any decoder writing
/// into it; it keeps what it was given when asked to.
struct Limited {
    written: u64,
    limit: u64,
    keep: bool,
    kept: Vec<u8>,
}

impl Limited {
    fn new(limit: u64, keep: bool) -> Self {
        Limited {
            written: 0,
            limit,
            keep,
            kept: Vec::new(),
        }
    }
}

impl Write for Limited {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.limit - self.written;
        if room == 0 {
            return Err(io::Error::other("over budget"));
        }
        let take = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        self.written += take as u64;
        if self.keep {
            self.kept.extend_from_slice(&buf[..take]);
        }
        Ok(take)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The first position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Checks that every page's `/Parent` chain ends, and that the form XObjects a page
/// draws neither loop, nor nest deeper than [`MOST_DEPTH`], nor add up past the budget
/// of a file of `len` bytes, counting every drawing each time it is drawn.
pub(super) fn check_structure(doc: &Document, len: usize) -> Result<(), SkipReason> {
    let mut walk = Walk {
        doc,
        left: budget(len),
        budget: budget(len),
        on_path: HashSet::new(),
        drawn: HashMap::new(),
    };
    for page in doc.page_iter() {
        let dict = doc
            .get_dictionary(page)
            .map_err(|_| damaged("a page of it is not a dictionary"))?;
        let resources = inherited_resources(doc, dict)?;
        let content = doc.get_page_content(page).unwrap_or_default();
        walk.content(&content, resources, 0)?;
    }
    Ok(())
}

/// A page's `/Resources`, looked up through its `/Parent` chain as pdf-extract does,
/// after checking that the chain ends within [`MOST_DEPTH`] steps.
fn inherited_resources<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
) -> Result<Option<&'a Dictionary>, SkipReason> {
    let mut seen = HashSet::new();
    let mut dict = page;
    let mut resources = None;
    for _ in 0..=MOST_DEPTH {
        if resources.is_none() {
            resources = dict
                .get(b"Resources")
                .ok()
                .and_then(|o| deref(doc, o).as_dict().ok());
        }
        let Some(parent) = dict.get(b"Parent").and_then(Object::as_reference).ok() else {
            return Ok(resources);
        };
        if !seen.insert(parent) {
            return Err(damaged("its page tree loops back on itself"));
        }
        match doc.get_dictionary(parent) {
            Ok(next) => dict = next,
            Err(_) => return Ok(resources),
        }
    }
    Err(damaged(format!(
        "its page tree is nested more than {MOST_DEPTH} levels deep"
    )))
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        other => other,
    }
}

/// The walk of one document's drawings.
struct Walk<'a> {
    doc: &'a Document,
    /// Content bytes that may still be drawn.
    left: u64,
    budget: u64,
    /// The forms being drawn, outermost first: drawing one of them again is a loop.
    on_path: HashSet<ObjectId>,
    /// Each form's names drawn with `Do`, decoded once.
    drawn: HashMap<ObjectId, (u64, Vec<Vec<u8>>)>,
}

impl<'a> Walk<'a> {
    /// Counts `content` drawn with `resources`, then every form it draws.
    fn content(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), SkipReason> {
        let names = drawn_names(content);
        self.spend(content.len() as u64)?;
        for name in names {
            self.form(&name, resources, depth)?;
        }
        Ok(())
    }

    fn spend(&mut self, bytes: u64) -> Result<(), SkipReason> {
        // Every drawing costs at least a byte, so that empty forms drawn a billion
        // times still add up.
        let bytes = bytes.max(1);
        if bytes > self.left {
            return Err(damaged(format!(
                "its drawings repeat one another past {} MiB",
                self.budget.div_ceil(1024 * 1024)
            )));
        }
        self.left -= bytes;
        Ok(())
    }

    /// Draws the XObject `name` of `resources`, when it is a form.
    fn form(
        &mut self,
        name: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), SkipReason> {
        let doc = self.doc;
        let Some(id) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| deref(doc, x).as_dict().ok())
            .and_then(|x| x.get(name).ok())
            .and_then(|o| o.as_reference().ok())
        else {
            return Ok(());
        };
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        if depth >= MOST_DEPTH {
            return Err(damaged(format!(
                "its drawings are nested more than {MOST_DEPTH} levels deep"
            )));
        }
        if !self.on_path.insert(id) {
            return Err(damaged("one of its drawings draws itself"));
        }
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o).as_dict().ok())
            .or(resources);
        let (len, names) = match self.drawn.get(&id) {
            Some(known) => known.clone(),
            None => {
                let content = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                let known = (content.len() as u64, drawn_names(&content));
                self.drawn.insert(id, known.clone());
                known
            }
        };
        self.spend(len)?;
        for name in names {
            self.form(&name, own, depth + 1)?;
        }
        self.on_path.remove(&id);
        Ok(())
    }
}

/// The names a content stream draws with `Do`, in order.
fn drawn_names(content: &[u8]) -> Vec<Vec<u8>> {
    let Ok(content) = Content::decode(content) else {
        return Vec::new();
    };
    content
        .operations
        .into_iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn with_stream(packed: &[u8]) -> Vec<u8> {
        with_filter("/FlateDecode", packed)
    }

    fn with_filter(filter: &str, packed: &[u8]) -> Vec<u8> {
        let mut pdf = format!("%PDF-1.4\n1 0 obj\n<< /Filter {filter} >>\nstream\n").into_bytes();
        pdf.extend_from_slice(packed);
        pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        pdf
    }

    #[test]
    fn a_small_stream_passes() {
        assert!(check_packed(&with_stream(&zlib(b"BT (Hola) Tj ET"))).is_ok());
    }

    #[test]
    fn a_flate_bomb_is_refused() {
        let bomb = zlib(&vec![0u8; 64 << 20]);
        let err = check_packed(&with_stream(&bomb)).unwrap_err();
        assert!(err.to_string().contains("compression bomb"), "{err}");
    }

    #[test]
    fn a_bomb_in_two_flate_layers_is_refused() {
        let inner = zlib(&vec![0u8; 64 << 20]);
        let outer = zlib(&inner);
        assert!(outer.len() < 4096, "{}", outer.len());
        let twice = with_filter("[/FlateDecode /FlateDecode]", &outer);
        assert!(check_packed(&twice).is_err());
        // Named once, the filter is applied once: the inner layer stays packed.
        assert!(check_packed(&with_stream(&outer)).is_ok());
    }

    #[test]
    fn ascii85_decodes() {
        // "Hola" and "Hola!" in ASCII85.
        for (text, bytes) in [
            (&b"88i<Q~>"[..], &b"Hola"[..]),
            (b"88i<Q+T~>", b"Hola!"),
            (b"z~>", &[0; 4]),
        ] {
            let mut out = Limited::new(100, true);
            ascii85(text, &mut out);
            assert_eq!(out.kept, bytes);
        }
    }

    #[test]
    fn stream_dictionaries() {
        let pdf = b"1 0 obj\n<< /Length 12 /Filter [/ASCII85Decode /FlateDecode] \
                    /DecodeParms << /Predictor 12 >> >>\n";
        let dict = dictionary_before(pdf).unwrap();
        assert!(dict.starts_with(b"<< /Length 12"), "{:?}", dict);
        assert_eq!(filters(dict), [Filter::Ascii85, Filter::Flate]);
        assert_eq!(direct_length(dict), Some(12));
        assert_eq!(direct_length(b"<< /Length 7 0 R >>"), None);
        assert_eq!(direct_length(b"<< /Length1 5 /Length 9 >>"), Some(9));
        assert_eq!(filters(b"<< /Filter /FlateDecode >>"), [Filter::Flate]);
        assert_eq!(filters(b"<< /Filter /DCTDecode >>"), []);
        assert_eq!(filters(b"<< /Filter 5 0 R >>"), []);
        assert!(dictionary_before(b"no dictionary").is_none());
    }

    #[test]
    fn a_bomb_past_a_false_endstream_is_refused() {
        // The compressed bytes carry "endstream" in a stored block, then the bomb; the
        // direct /Length says where the stream really ends.
        let mut packed = zlib_raw_stored(b"\nendstream\nendobj\n");
        packed.extend_from_slice(&deflate_tail(&vec![0u8; 64 << 20]));
        let mut pdf = format!(
            "%PDF-1.4\n1 0 obj\n<< /Filter /FlateDecode /Length {} >>\nstream\n",
            packed.len()
        )
        .into_bytes();
        pdf.extend_from_slice(&packed);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        assert!(check_packed(&pdf).is_err());
    }

    /// A zlib header and a non-final stored block holding `bytes`.
    fn zlib_raw_stored(bytes: &[u8]) -> Vec<u8> {
        let len = u16::try_from(bytes.len()).unwrap();
        let mut out = vec![0x78, 0x01, 0x00];
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(bytes);
        out
    }

    /// `data` as the final blocks of a raw deflate stream (the checksum left out:
    /// lopdf reads past a bad one).
    fn deflate_tail(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }
}
