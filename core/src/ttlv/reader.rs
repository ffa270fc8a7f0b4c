//! The checked, borrowing TTLV reader.
//!
//! [`decode`] walks the whole message once and enforces every rule of the encoding (see
//! [`DecodeErrorKind`]); it allocates nothing and cannot panic. What it hands back, an [`Item`], is
//! a view into the caller's bytes whose accessors are then infallible: the only way to get an
//! `Item` is through that validating walk (inside the crate, also by revisiting bytes that walk
//! accepted and that stayed borrowed since: `Item::revisit`).

use super::{padded, DecodeError, DecodeErrorKind, ItemType, Tag};

/// The deepest nesting [`DecodeOptions::max_depth`] may allow; the validating walk keeps one
/// end offset per open structure in a fixed array of this size (no allocation, no recursion).
pub const MAX_DEPTH: u8 = 64;

/// Limits and strictness switches of the reader. The defaults are strict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Structures may nest at most this deep (the top-level message counts as 1). Values above
    /// [`MAX_DEPTH`] are treated as [`MAX_DEPTH`].
    pub max_depth: u8,
    /// The largest message accepted, header included. Checked against the declared length
    /// before anything else is read.
    pub max_message_size: u32,
    /// Reject tags outside 0x42xxxx and 0x54xxxx (the specification's SHALL).
    pub check_tag_range: bool,
    /// Reject non-zero padding bytes.
    pub check_padding: bool,
    /// Accept Date-Time Extended (0x0B), which exists from KMIP 2.0.
    pub allow_date_time_extended: bool,
}

impl DecodeOptions {
    /// Strict defaults: depth 32, 1 MiB messages, every check on, Date-Time Extended allowed.
    pub const STRICT: DecodeOptions = DecodeOptions {
        max_depth: 32,
        max_message_size: 1 << 20,
        check_tag_range: true,
        check_padding: true,
        allow_date_time_extended: true,
    };
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions::STRICT
    }
}

/// Decodes and validates one complete TTLV item (usually a message) that fills `bytes` exactly,
/// with the strict default options.
pub fn decode(bytes: &[u8]) -> Result<Item<'_>, DecodeError> {
    decode_with(bytes, &DecodeOptions::STRICT)
}

/// Decodes and validates one complete TTLV item that fills `bytes` exactly.
pub fn decode_with<'a>(bytes: &'a [u8], opts: &DecodeOptions) -> Result<Item<'a>, DecodeError> {
    decode_walking(bytes, opts, validate_tree)
}

/// The checks of the top-level item, then `walk` over a top-level Structure.
#[inline(always)]
fn decode_walking<'a>(
    bytes: &'a [u8],
    opts: &DecodeOptions,
    walk: fn(&[u8], usize, &DecodeOptions) -> Result<(), DecodeError>,
) -> Result<Item<'a>, DecodeError> {
    let header = read_header(bytes, 0, opts)?;
    let total = 8 + header.padded_len;
    if total > opts.max_message_size as u64 {
        return Err(err(
            0,
            DecodeErrorKind::MessageTooLarge {
                declared: total,
                max: opts.max_message_size,
            },
        ));
    }
    let available = bytes.len() as u64;
    if total > available {
        return Err(err(
            0,
            DecodeErrorKind::Truncated {
                needed: total,
                available,
            },
        ));
    }
    if total < available {
        return Err(err(
            total as usize,
            DecodeErrorKind::TrailingBytes {
                count: available - total,
            },
        ));
    }
    // `total <= bytes.len()`, so it fits in usize.
    let total = total as usize;
    if header.item_type == ItemType::Structure {
        walk(bytes, total, opts)?;
    } else {
        validate_value(bytes, 0, &header, opts)?;
    }
    Ok(Item { bytes, offset: 0 })
}

/// The type codes, as constants for `match` (the values of [`ItemType`]).
mod code {
    use super::ItemType;
    pub const STRUCTURE: u8 = ItemType::Structure.code();
    pub const INTEGER: u8 = ItemType::Integer.code();
    pub const LONG_INTEGER: u8 = ItemType::LongInteger.code();
    pub const BIG_INTEGER: u8 = ItemType::BigInteger.code();
    pub const ENUMERATION: u8 = ItemType::Enumeration.code();
    pub const BOOLEAN: u8 = ItemType::Boolean.code();
    pub const TEXT_STRING: u8 = ItemType::TextString.code();
    pub const BYTE_STRING: u8 = ItemType::ByteString.code();
    pub const DATE_TIME: u8 = ItemType::DateTime.code();
    pub const INTERVAL: u8 = ItemType::Interval.code();
    pub const DATE_TIME_EXTENDED: u8 = ItemType::DateTimeExtended.code();
}

/// A parsed item header.
#[derive(Clone, Copy, Debug)]
struct Header {
    item_type: ItemType,
    length: u32,
    padded_len: u64,
}

#[inline(always)]
fn err(offset: usize, kind: DecodeErrorKind) -> DecodeError {
    DecodeError { offset, kind }
}

/// Reads and checks the 8-byte header at `at`: the tag range, the type code and the length
/// rules of the type. Does not check that the value fits.
#[inline(always)]
fn read_header(bytes: &[u8], at: usize, opts: &DecodeOptions) -> Result<Header, DecodeError> {
    let h: &[u8; 8] = match bytes.get(at..).and_then(|b| b.first_chunk::<8>()) {
        Some(h) => h,
        None => {
            let available = bytes.len().saturating_sub(at) as u64;
            return Err(err(
                at,
                DecodeErrorKind::Truncated {
                    needed: 8,
                    available,
                },
            ));
        }
    };
    let tag = u32::from_be_bytes([0, h[0], h[1], h[2]]);
    if opts.check_tag_range && h[0] != 0x42 && h[0] != 0x54 {
        return Err(err(at, DecodeErrorKind::TagOutOfRange(Tag(tag))));
    }
    let item_type = match ItemType::from_code(h[3]) {
        Some(t) => t,
        None => return Err(err(at, DecodeErrorKind::InvalidType(h[3]))),
    };
    let length = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
    match item_type {
        ItemType::Structure | ItemType::BigInteger => {
            if length % 8 != 0 {
                return Err(err(
                    at,
                    DecodeErrorKind::LengthNotMultipleOf8 { item_type, length },
                ));
            }
            // Zero is 8 zero bytes; an empty Big Integer encodes no value at all.
            if length == 0 && item_type == ItemType::BigInteger {
                return Err(err(at, DecodeErrorKind::EmptyBigInteger));
            }
        }
        ItemType::TextString | ItemType::ByteString => {}
        ItemType::DateTimeExtended if !opts.allow_date_time_extended => {
            return Err(err(at, DecodeErrorKind::TypeNotAllowed(item_type)));
        }
        _ => {
            // Every other type has a fixed length.
            let expected = match item_type.fixed_length() {
                Some(n) => n,
                None => length,
            };
            if length != expected {
                return Err(err(
                    at,
                    DecodeErrorKind::WrongLength {
                        item_type,
                        length,
                        expected,
                    },
                ));
            }
        }
    }
    Ok(Header {
        item_type,
        length,
        padded_len: padded(length),
    })
}

/// The single validating pass over a structure tree that fills `bytes[..total]`.
///
/// Every item first meets a fast check that accepts exactly what the rules accept; an item
/// that fails it goes through [`step`], the rules one by one in their documented order, which
/// names the first one broken. Both paths agree by construction (`step` is the definition; the
/// tests compare the two walks on mutated messages).
fn validate_tree(bytes: &[u8], total: usize, opts: &DecodeOptions) -> Result<(), DecodeError> {
    let limit = opts.max_depth.min(MAX_DEPTH);
    if limit == 0 {
        return Err(err(0, DecodeErrorKind::TooDeep { limit }));
    }
    let limit = limit as usize;
    // `total` is at most `max_message_size` (a u32), so every offset fits in a u32 slot.
    let bytes = bytes.get(..total).unwrap_or(bytes);
    // End offsets of the open structures; ends[0] is the top-level message.
    let mut ends = [0u32; MAX_DEPTH as usize];
    ends[0] = total as u32;
    let mut depth = 1usize;
    // The end of the innermost open structure (ends[depth - 1]).
    let mut end = total;
    let mut pos = 8usize;
    let tag_range = opts.check_tag_range;
    let padding = opts.check_padding;
    loop {
        // `pos <= end` always holds: no item may overrun its parent.
        if pos == end {
            depth -= 1;
            if depth == 0 {
                return Ok(());
            }
            end = ends.get(depth - 1).map_or(total, |e| *e as usize);
            continue;
        }
        let h = match bytes.get(pos..).and_then(|b| b.first_chunk::<8>()) {
            Some(h) if end - pos >= 8 => u64::from_be_bytes(*h),
            _ => {
                return Err(err(
                    pos,
                    DecodeErrorKind::StructureNotFilled {
                        left_over: (end - pos) as u64,
                    },
                ))
            }
        };
        let code = (h >> 32) as u8;
        let len = h as u32;
        let item_end = pos as u64 + 8 + padded(len);
        let first = (h >> 56) as u8;
        let fits = item_end <= end as u64 && (!tag_range || first == 0x42 || first == 0x54);
        // The value: the first 8 bytes (fixed-size types) and the unpadded bytes.
        let value = bytes.get(pos + 8..).unwrap_or(&[]);
        let word = value
            .first_chunk::<8>()
            .map_or(0, |w| u64::from_be_bytes(*w));
        let ok = fits
            && match code {
                code::STRUCTURE => len % 8 == 0 && depth < limit,
                // 4 bytes, then 4 bytes of zero padding.
                code::INTEGER | code::ENUMERATION | code::INTERVAL => {
                    len == 4 && (!padding || word as u32 == 0)
                }
                code::LONG_INTEGER | code::DATE_TIME => len == 8,
                code::DATE_TIME_EXTENDED => len == 8 && opts.allow_date_time_extended,
                code::BOOLEAN => len == 8 && word <= 1,
                code::BIG_INTEGER => len % 8 == 0 && len != 0,
                code::TEXT_STRING | code::BYTE_STRING => {
                    let data = value.get(..len as usize).unwrap_or(&[]);
                    let pad_ok = !padding || len % 8 == 0 || {
                        // The padding is the low bytes of the value's last 8-byte word.
                        let last = padded(len) as usize - 8;
                        let w = value
                            .get(last..)
                            .and_then(|b| b.first_chunk::<8>())
                            .map_or(1, |w| u64::from_be_bytes(*w));
                        w & (u64::MAX >> (8 * (len % 8))) == 0
                    };
                    pad_ok && (code == code::BYTE_STRING || utf8_ok(data))
                }
                _ => false,
            };
        if ok && code == code::STRUCTURE {
            if let Some(slot) = ends.get_mut(depth) {
                *slot = item_end as u32;
            }
            depth += 1;
            end = item_end as usize;
            pos += 8;
            continue;
        }
        if !ok {
            // The slow path names the broken rule; if it finds none, the fast check was
            // stricter than the rules and the walk goes on with what `step` says.
            match step(bytes, pos, end, depth, limit, opts)? {
                Step::Open(child_end) => {
                    if let Some(slot) = ends.get_mut(depth) {
                        *slot = child_end as u32;
                    }
                    depth += 1;
                    end = child_end;
                    pos += 8;
                    continue;
                }
                Step::Next(next) => {
                    pos = next;
                    continue;
                }
            }
        }
        pos = item_end as usize;
    }
}

/// Valid UTF-8, with a quick answer for the usual ASCII text.
#[inline(always)]
fn utf8_ok(data: &[u8]) -> bool {
    data.is_ascii() || core::str::from_utf8(data).is_ok()
}

/// What the walk does after an item.
enum Step {
    /// A Structure opens; it ends at this offset.
    Open(usize),
    /// A primitive item; the next item starts at this offset.
    Next(usize),
}

/// The rules for the item at `pos`, inside a structure that ends at `parent_end` and is
/// `depth` deep, checked one by one in the order their errors take precedence.
#[cold]
#[inline(never)]
fn step(
    bytes: &[u8],
    pos: usize,
    parent_end: usize,
    depth: usize,
    limit: usize,
    opts: &DecodeOptions,
) -> Result<Step, DecodeError> {
    let room = parent_end.saturating_sub(pos) as u64;
    if room < 8 {
        return Err(err(
            pos,
            DecodeErrorKind::StructureNotFilled { left_over: room },
        ));
    }
    let header = read_header(bytes, pos, opts)?;
    let item_end = pos as u64 + 8 + header.padded_len;
    if item_end > parent_end as u64 {
        return Err(err(
            pos,
            DecodeErrorKind::ChildOverrunsParent {
                child_end: item_end,
                parent_end: parent_end as u64,
            },
        ));
    }
    if header.item_type == ItemType::Structure {
        if depth >= limit {
            return Err(err(pos, DecodeErrorKind::TooDeep { limit: limit as u8 }));
        }
        return Ok(Step::Open(item_end as usize));
    }
    validate_value(bytes, pos, &header, opts)?;
    Ok(Step::Next(item_end as usize))
}

/// The walk with [`step`] alone: the reference the fast walk is tested against.
#[cfg(test)]
fn validate_tree_reference(
    bytes: &[u8],
    total: usize,
    opts: &DecodeOptions,
) -> Result<(), DecodeError> {
    let limit = opts.max_depth.min(MAX_DEPTH);
    if limit == 0 {
        return Err(err(0, DecodeErrorKind::TooDeep { limit }));
    }
    let mut ends = [0usize; MAX_DEPTH as usize];
    let mut depth = 1usize;
    ends[0] = total;
    let mut pos = 8usize;
    loop {
        while depth > 0 && ends[depth - 1] == pos {
            depth -= 1;
        }
        if depth == 0 {
            return Ok(());
        }
        match step(bytes, pos, ends[depth - 1], depth, limit as usize, opts)? {
            Step::Open(e) => {
                ends[depth] = e;
                depth += 1;
                pos += 8;
            }
            Step::Next(n) => pos = n,
        }
    }
}

/// Checks the value of a primitive item whose header is at `at` and whose padded value is
/// known to lie inside `bytes`.
#[inline(always)]
fn validate_value(
    bytes: &[u8],
    at: usize,
    header: &Header,
    opts: &DecodeOptions,
) -> Result<(), DecodeError> {
    let start = at + 8;
    let len = header.length as usize;
    let value = bytes
        .get(start..start + header.padded_len as usize)
        .unwrap_or(&[]);
    let (data, pad) = value.split_at(len.min(value.len()));
    // The offset of a padding error is where the padding starts, as other checkers report it.
    let padding_error = || err(start + len, DecodeErrorKind::NonZeroPadding);
    match header.item_type {
        ItemType::Integer | ItemType::Enumeration | ItemType::Interval
            if opts.check_padding && be_u32(pad) != 0 =>
        {
            return Err(padding_error());
        }
        ItemType::Boolean => {
            let v = be_u64(data);
            if v > 1 {
                return Err(err(at, DecodeErrorKind::InvalidBoolean(v)));
            }
        }
        ItemType::TextString | ItemType::ByteString => {
            if opts.check_padding && pad.iter().any(|b| *b != 0) {
                return Err(padding_error());
            }
            if header.item_type == ItemType::TextString && !utf8_ok(data) {
                return Err(err(at, DecodeErrorKind::InvalidUtf8));
            }
        }
        _ => {}
    }
    Ok(())
}

#[inline(always)]
fn be_u32(b: &[u8]) -> u32 {
    match b.first_chunk::<4>() {
        Some(c) => u32::from_be_bytes(*c),
        None => 0,
    }
}

#[inline(always)]
fn be_u64(b: &[u8]) -> u64 {
    match b.first_chunk::<8>() {
        Some(c) => u64::from_be_bytes(*c),
        None => 0,
    }
}

/// A validated TTLV item: a view into the message bytes.
///
/// Obtained from [`decode`] (or by iterating a validated structure's [`Item::children`]), so
/// every accessor is infallible.
#[derive(Clone, Copy)]
pub struct Item<'a> {
    /// The item's bytes: header, value and padding.
    bytes: &'a [u8],
    /// Where the item starts in the message, for error messages of higher layers.
    offset: usize,
}

impl<'a> Item<'a> {
    /// The item of `len` bytes at `offset` in `message`, where the validating walk accepted
    /// it before, seen again through a new borrow of the same, unchanged bytes: how the
    /// client's typed layer reads the payload of a response its session checked, without
    /// walking the message a second time. Only the crate calls it, and only on bytes it walked
    /// itself and kept borrowed since (on other bytes the accessors stay panic-free but read
    /// garbage). `None` when the range is not in `message`.
    pub(crate) fn revisit(message: &'a [u8], offset: usize, len: usize) -> Option<Item<'a>> {
        let bytes = message.get(offset..offset.checked_add(len)?)?;
        Some(Item { bytes, offset })
    }

    /// The item's tag.
    #[inline]
    pub fn tag(&self) -> Tag {
        match self.bytes.first_chunk::<3>() {
            Some(t) => Tag(u32::from_be_bytes([0, t[0], t[1], t[2]])),
            None => Tag(0),
        }
    }

    /// The Type byte (a valid type code: the walk checked it).
    #[inline(always)]
    fn code(&self) -> u8 {
        match self.bytes.get(3) {
            Some(c) => *c,
            None => code::STRUCTURE,
        }
    }

    /// The first 8 bytes of the value: the whole value of every fixed-size type, which the
    /// walk checked to be there.
    #[inline(always)]
    fn word(&self) -> u64 {
        match self.bytes.get(8..).and_then(|b| b.first_chunk::<8>()) {
            Some(w) => u64::from_be_bytes(*w),
            None => 0,
        }
    }

    /// The item's type.
    #[inline]
    pub fn item_type(&self) -> ItemType {
        ItemType::from_code(self.code()).unwrap_or(ItemType::Structure)
    }

    /// The Length field (value bytes without padding).
    #[inline]
    pub fn length(&self) -> u32 {
        be_u32(self.bytes.get(4..).unwrap_or(&[]))
    }

    /// The byte offset of the item in the message it was decoded from.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The item's complete encoding: header, value and padding.
    #[inline]
    pub fn encoded(&self) -> &'a [u8] {
        self.bytes
    }

    /// The value bytes, without header and padding.
    #[inline]
    pub fn raw_value(&self) -> &'a [u8] {
        let len = self.length() as usize;
        self.bytes.get(8..8usize.saturating_add(len)).unwrap_or(&[])
    }

    /// The decoded value.
    pub fn value(&self) -> Value<'a> {
        let w = self.word();
        match self.code() {
            code::INTEGER => Value::Integer((w >> 32) as i32),
            code::LONG_INTEGER => Value::LongInteger(w as i64),
            code::BIG_INTEGER => Value::BigInteger(self.raw_value()),
            code::ENUMERATION => Value::Enumeration((w >> 32) as u32),
            code::BOOLEAN => Value::Boolean(w == 1),
            code::TEXT_STRING => Value::TextString(self.text()),
            code::BYTE_STRING => Value::ByteString(self.raw_value()),
            code::DATE_TIME => Value::DateTime(w as i64),
            code::INTERVAL => Value::Interval((w >> 32) as u32),
            code::DATE_TIME_EXTENDED => Value::DateTimeExtended(w as i64),
            _ => Value::Structure(self.children()),
        }
    }

    /// The text of a Text String item. The walk checked that it is UTF-8, but safe code can
    /// only borrow a `str` by checking again (`from_utf8_unchecked` is `unsafe`): typed
    /// decoders read each text once, when they keep it.
    #[inline]
    fn text(&self) -> &'a str {
        core::str::from_utf8(self.raw_value()).unwrap_or("")
    }

    /// The children of a Structure (empty for any other type).
    #[inline]
    pub fn children(&self) -> Children<'a> {
        let rest = if self.code() == code::STRUCTURE {
            self.raw_value()
        } else {
            &[]
        };
        Children {
            rest,
            offset: self.offset + 8,
        }
    }

    /// The first child with this tag.
    pub fn child(&self, tag: Tag) -> Option<Item<'a>> {
        self.children().find(|c| c.tag() == tag)
    }

    /// The value as an Integer, if it is one.
    #[inline]
    pub fn as_integer(&self) -> Option<i32> {
        (self.code() == code::INTEGER).then(|| (self.word() >> 32) as i32)
    }

    /// The value as a Long Integer, if it is one.
    #[inline]
    pub fn as_long_integer(&self) -> Option<i64> {
        (self.code() == code::LONG_INTEGER).then(|| self.word() as i64)
    }

    /// The value as an Enumeration, if it is one.
    #[inline]
    pub fn as_enumeration(&self) -> Option<u32> {
        (self.code() == code::ENUMERATION).then(|| (self.word() >> 32) as u32)
    }

    /// The value as a Boolean, if it is one.
    #[inline]
    pub fn as_boolean(&self) -> Option<bool> {
        (self.code() == code::BOOLEAN).then(|| self.word() == 1)
    }

    /// The value as a Text String, if it is one.
    #[inline]
    pub fn as_text(&self) -> Option<&'a str> {
        (self.code() == code::TEXT_STRING).then(|| self.text())
    }

    /// The value as a Byte String, if it is one.
    #[inline]
    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        (self.code() == code::BYTE_STRING).then(|| self.raw_value())
    }

    /// The value as a Date-Time (POSIX seconds), if it is one.
    #[inline]
    pub fn as_date_time(&self) -> Option<i64> {
        (self.code() == code::DATE_TIME).then(|| self.word() as i64)
    }

    /// The value as an Interval (seconds), if it is one.
    #[inline]
    pub fn as_interval(&self) -> Option<u32> {
        (self.code() == code::INTERVAL).then(|| (self.word() >> 32) as u32)
    }
}

impl core::fmt::Debug for Item<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Item")
            .field("tag", &self.tag())
            .field("type", &self.item_type())
            .field("length", &self.length())
            .field("offset", &self.offset)
            .finish()
    }
}

/// A decoded value. Strings and byte strings borrow from the message.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    /// The children of a Structure.
    Structure(Children<'a>),
    /// Integer.
    Integer(i32),
    /// Long Integer.
    LongInteger(i64),
    /// Big Integer: the two's complement big-endian bytes as encoded (a multiple of 8).
    BigInteger(&'a [u8]),
    /// Enumeration.
    Enumeration(u32),
    /// Boolean.
    Boolean(bool),
    /// Text String.
    TextString(&'a str),
    /// Byte String.
    ByteString(&'a [u8]),
    /// Date-Time, POSIX seconds.
    DateTime(i64),
    /// Interval, seconds.
    Interval(u32),
    /// Date-Time Extended, microseconds since the epoch.
    DateTimeExtended(i64),
}

/// Iterator over the children of a validated Structure.
#[derive(Clone, Copy, Debug)]
pub struct Children<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> Children<'a> {
    /// True when there are no more children.
    pub fn is_empty(&self) -> bool {
        self.rest.len() < 8
    }
}

impl<'a> Iterator for Children<'a> {
    type Item = Item<'a>;

    #[inline]
    fn next(&mut self) -> Option<Item<'a>> {
        if self.rest.len() < 8 {
            return None;
        }
        let len = be_u32(self.rest.get(4..)?);
        let total = (8 + padded(len)).min(self.rest.len() as u64) as usize;
        let (bytes, rest) = self.rest.split_at(total);
        let item = Item {
            bytes,
            offset: self.offset,
        };
        self.rest = rest;
        self.offset += total;
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(hex: &str) -> DecodeErrorKind {
        let mut buf = [0u8; 64];
        let n = hex.len() / 2;
        hex::decode_to_slice(hex, &mut buf[..n]).unwrap();
        decode(&buf[..n]).unwrap_err().kind
    }

    #[test]
    fn an_empty_big_integer_is_rejected() {
        // Found by the ttlv_decode fuzz target: it re-encoded as 8 zero bytes.
        assert_eq!(kind("4200010400000000"), DecodeErrorKind::EmptyBigInteger);
    }

    #[test]
    fn each_rule_has_its_error() {
        use DecodeErrorKind::*;
        assert!(matches!(
            kind("42002006000000080000000000000002"),
            InvalidBoolean(2)
        ));
        assert!(matches!(
            kind("4200200700000001ff00000000000000"),
            InvalidUtf8
        ));
        assert!(matches!(
            kind("1100200200000004000000080000000000"),
            TagOutOfRange(Tag(0x110020))
        ));
        assert!(matches!(kind("4200200C00000004"), InvalidType(0x0C)));
        assert!(matches!(
            kind("420020030000000400000000"),
            WrongLength { expected: 8, .. }
        ));
        assert!(matches!(
            kind("42002002000000040000000800000000ff"),
            TrailingBytes { count: 1 }
        ));
        assert!(matches!(
            kind("420020010000001842002002000000040000000800000000"),
            Truncated { .. }
        ));
        assert!(matches!(
            kind("42002001000000084200200200000004"),
            ChildOverrunsParent {
                child_end: 24,
                parent_end: 16
            }
        ));
        assert!(matches!(
            kind("42002001000000104200200200000004000000080000000042"),
            TrailingBytes { .. } | Truncated { .. }
        ));
        assert!(matches!(kind("4200200400000000"), EmptyBigInteger));
        assert!(matches!(
            kind("420020"),
            Truncated {
                needed: 8,
                available: 3
            }
        ));
    }

    #[test]
    fn date_time_extended_can_be_refused_before_2_0() {
        let bytes = [0x42, 0x00, 0x20, 0x0B, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1];
        assert!(decode(&bytes).is_ok());
        let v1 = DecodeOptions {
            allow_date_time_extended: false,
            ..DecodeOptions::STRICT
        };
        assert_eq!(
            decode_with(&bytes, &v1).unwrap_err().kind,
            DecodeErrorKind::TypeNotAllowed(ItemType::DateTimeExtended)
        );
    }

    /// The fast walk and the rule-by-rule reference give the same answer (the same error, at
    /// the same offset) for every single-byte change of messages that use every type.
    #[test]
    fn the_fast_walk_agrees_with_the_rules_on_every_mutation() {
        let samples = [
            // PyKMIP's Get response (kmip14_07_get_resp).
            "42007b010000011042007a0100000048420069010000002042006a0200000004000000010000000042006b020000000400000004000000004200920900000008000000006b0a9d5042000d0200000004000000010000000042000f01000000b842005c05000000040000000a0000000042007f0500000004000000000000000042007c0100000090420057050000000400000002000000004200940700000002313500000000000042008f0100000068420040010000006042004205000000040000000100000000420045010000002842004308000000206f608544e7654553627f0b7770b262976b013d7f25eb2caaa367c274f31946794200280500000004000000030000000042002a02000000040000010000000000",
            // One item of every type, texts and bytes of several lengths, an empty structure.
            concat!(
                "42000101000000d8",
                "4200020200000004000000070000000042000303000000080000000000000009",
                "42000404000000100000000000000000000000000000000142000505000000040000000a00000000",
                "42000606000000080000000000000001420007070000000361c3a9000000000042000708000000056162636465000000",
                "420008070000000800000000000000004200090900000008000000006b0a9d50",
                "42000a0a00000004000000050000000042000b0b00000008000000000000000b",
                "5400010100000000420002010000001042000707000000014100000000000000",
            ),
        ];
        let mut options = [DecodeOptions::STRICT; 6];
        options[1].check_padding = false;
        options[2].check_tag_range = false;
        options[3].allow_date_time_extended = false;
        options[4].max_depth = 2;
        options[5].max_depth = 0;
        let mut checked = 0;
        for hex in samples {
            let mut buf = [0u8; 512];
            let n = hex.len() / 2;
            hex::decode_to_slice(hex, &mut buf[..n]).unwrap();
            let original = buf;
            assert!(decode(&buf[..n]).is_ok(), "{:?}", decode(&buf[..n]));
            for opts in &options {
                let fast = decode_walking(&buf[..n], opts, validate_tree).map(|i| i.offset());
                let reference =
                    decode_walking(&buf[..n], opts, validate_tree_reference).map(|i| i.offset());
                assert_eq!(fast, reference, "unchanged sample, {opts:?}");
            }
            for at in 0..n {
                let b = original[at];
                // Type codes, the tag prefixes, bit flips.
                let values = [
                    0x00, 0x01, 0x04, 0x07, 0x08, 0x0B, 0x0C, 0x42, 0x54, 0x80, 0xFF,
                ];
                for v in values.into_iter().chain([b ^ 1, b ^ 8, b ^ 0x40]) {
                    buf[at] = v;
                    for opts in &options {
                        let fast =
                            decode_walking(&buf[..n], opts, validate_tree).map(|i| i.offset());
                        let reference = decode_walking(&buf[..n], opts, validate_tree_reference)
                            .map(|i| i.offset());
                        assert_eq!(fast, reference, "byte {at} = {v:#04x}, {opts:?}");
                        checked += 1;
                    }
                }
                buf[at] = b;
            }
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn the_maximum_size_is_checked_before_the_body_is_read() {
        let header = [0x42, 0x00, 0x78, 0x01, 0x7F, 0xFF, 0xFF, 0xF8];
        let e = decode(&header).unwrap_err();
        assert!(
            matches!(e.kind, DecodeErrorKind::MessageTooLarge { .. }),
            "{e}"
        );
    }
}
