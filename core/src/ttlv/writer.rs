//! The TTLV writer: into a caller's buffer without allocation, or into a `Vec` (`alloc`).
//!
//! Structures are written header first with a zero length, which is patched once the children
//! are written, so nothing is measured twice and nothing is buffered.

use super::{EncodeError, ItemType, Tag};

/// Where an [`Encoder`] writes: a growable or fixed byte buffer that can patch a length.
pub trait Sink {
    /// Bytes written so far.
    fn position(&self) -> usize;
    /// Appends `bytes`, or fails without writing anything.
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError>;
    /// Overwrites the 4 bytes at `at` (always inside what was written).
    fn patch(&mut self, at: usize, bytes: [u8; 4]);
}

/// A [`Sink`] over a caller's fixed buffer.
#[derive(Debug)]
pub struct SliceSink<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> SliceSink<'b> {
    /// Writes into `buf` from its start.
    pub fn new(buf: &'b mut [u8]) -> Self {
        SliceSink { buf, len: 0 }
    }

    /// The bytes written.
    pub fn written(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// Ends writing; returns the written part of the buffer.
    pub fn into_written(self) -> &'b mut [u8] {
        let len = self.len;
        let buf = self.buf;
        let cap = buf.len();
        buf.split_at_mut(len.min(cap)).0
    }
}

impl Sink for SliceSink<'_> {
    #[inline]
    fn position(&self) -> usize {
        self.len
    }

    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        let capacity = self.buf.len();
        let end = self.len.saturating_add(bytes.len());
        match self.buf.get_mut(self.len..end) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len = end;
                Ok(())
            }
            None => Err(EncodeError::BufferFull {
                needed: end,
                capacity,
            }),
        }
    }

    #[inline]
    fn patch(&mut self, at: usize, bytes: [u8; 4]) {
        if let Some(dst) = self.buf.get_mut(at..at.saturating_add(4)) {
            dst.copy_from_slice(&bytes);
        }
    }
}

#[cfg(feature = "alloc")]
impl Sink for alloc::vec::Vec<u8> {
    #[inline]
    fn position(&self) -> usize {
        self.len()
    }

    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.extend_from_slice(bytes);
        Ok(())
    }

    #[inline]
    fn patch(&mut self, at: usize, bytes: [u8; 4]) {
        if let Some(dst) = self.get_mut(at..at.saturating_add(4)) {
            dst.copy_from_slice(&bytes);
        }
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn position(&self) -> usize {
        (**self).position()
    }
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        (**self).put(bytes)
    }
    fn patch(&mut self, at: usize, bytes: [u8; 4]) {
        (**self).patch(at, bytes)
    }
}

/// Marks an open structure; hand it back to [`Encoder::end_structure`].
#[derive(Debug)]
#[must_use = "a structure must be ended"]
pub struct StructureMark {
    header_at: usize,
}

const ZEROS: [u8; 8] = [0; 8];

/// Writes TTLV items into a [`Sink`].
#[derive(Debug)]
pub struct Encoder<S: Sink> {
    sink: S,
}

impl<S: Sink> Encoder<S> {
    /// An encoder writing into `sink`.
    pub fn new(sink: S) -> Self {
        Encoder { sink }
    }

    /// Bytes written so far.
    pub fn position(&self) -> usize {
        self.sink.position()
    }

    /// The sink, to get the written bytes back.
    pub fn into_sink(self) -> S {
        self.sink
    }

    /// The sink, borrowed.
    pub fn sink(&self) -> &S {
        &self.sink
    }

    #[inline]
    fn header(&mut self, tag: Tag, item_type: ItemType, len: usize) -> Result<(), EncodeError> {
        if tag.0 > Tag::MAX {
            return Err(EncodeError::TagTooLarge(tag.0));
        }
        let len = u32::try_from(len).map_err(|_| EncodeError::TooLong(len))?;
        let t = tag.0.to_be_bytes();
        let l = len.to_be_bytes();
        self.sink
            .put(&[t[1], t[2], t[3], item_type.code(), l[0], l[1], l[2], l[3]])
    }

    /// Header, value and zero padding for a variable-length value.
    #[inline]
    fn padded_value(&mut self, tag: Tag, item_type: ItemType, v: &[u8]) -> Result<(), EncodeError> {
        let pad = (8 - v.len() % 8) % 8;
        // Refuse before writing anything, so a failed write leaves no partial item.
        if u32::try_from(v.len() + pad).is_err() {
            return Err(EncodeError::TooLong(v.len()));
        }
        self.header(tag, item_type, v.len())?;
        self.sink.put(v)?;
        self.sink.put(&ZEROS[..pad])
    }

    /// Begins a Structure; write its children, then call [`Encoder::end_structure`].
    pub fn begin_structure(&mut self, tag: Tag) -> Result<StructureMark, EncodeError> {
        let header_at = self.sink.position();
        self.header(tag, ItemType::Structure, 0)?;
        Ok(StructureMark { header_at })
    }

    /// Ends a Structure: patches its Length with the size of what was written since it began.
    pub fn end_structure(&mut self, mark: StructureMark) -> Result<(), EncodeError> {
        let pos = self.sink.position();
        let len = pos
            .checked_sub(mark.header_at + 8)
            .ok_or(EncodeError::UnbalancedStructure)?;
        let len = u32::try_from(len).map_err(|_| EncodeError::TooLong(len))?;
        self.sink.patch(mark.header_at + 4, len.to_be_bytes());
        Ok(())
    }

    /// Writes a Structure whose children `body` writes.
    pub fn structure<F>(&mut self, tag: Tag, body: F) -> Result<(), EncodeError>
    where
        F: FnOnce(&mut Self) -> Result<(), EncodeError>,
    {
        let mark = self.begin_structure(tag)?;
        body(self)?;
        self.end_structure(mark)
    }

    /// Writes an Integer.
    pub fn integer(&mut self, tag: Tag, v: i32) -> Result<(), EncodeError> {
        self.header(tag, ItemType::Integer, 4)?;
        let b = v.to_be_bytes();
        self.sink.put(&[b[0], b[1], b[2], b[3], 0, 0, 0, 0])
    }

    /// Writes a Long Integer.
    pub fn long_integer(&mut self, tag: Tag, v: i64) -> Result<(), EncodeError> {
        self.header(tag, ItemType::LongInteger, 8)?;
        self.sink.put(&v.to_be_bytes())
    }

    /// Writes a Big Integer from its two's complement big-endian bytes, sign-extended on the
    /// left to a multiple of 8 bytes (bytes that already are a multiple of 8 are written as
    /// given, so a decoded Big Integer re-encodes exactly). An empty slice is written as zero.
    pub fn big_integer(&mut self, tag: Tag, twos_complement: &[u8]) -> Result<(), EncodeError> {
        let n = twos_complement.len();
        let ext = if n == 0 { 8 } else { (8 - n % 8) % 8 };
        let fill = if twos_complement.first().is_some_and(|b| b & 0x80 != 0) {
            [0xFF; 8]
        } else {
            [0; 8]
        };
        self.header(tag, ItemType::BigInteger, n + ext)?;
        self.sink.put(&fill[..ext])?;
        self.sink.put(twos_complement)
    }

    /// Writes an Enumeration.
    pub fn enumeration(&mut self, tag: Tag, v: impl Into<u32>) -> Result<(), EncodeError> {
        self.header(tag, ItemType::Enumeration, 4)?;
        let b = v.into().to_be_bytes();
        self.sink.put(&[b[0], b[1], b[2], b[3], 0, 0, 0, 0])
    }

    /// Writes a Boolean.
    pub fn boolean(&mut self, tag: Tag, v: bool) -> Result<(), EncodeError> {
        self.header(tag, ItemType::Boolean, 8)?;
        self.sink.put(&(v as u64).to_be_bytes())
    }

    /// Writes a Text String.
    pub fn text(&mut self, tag: Tag, v: &str) -> Result<(), EncodeError> {
        self.padded_value(tag, ItemType::TextString, v.as_bytes())
    }

    /// Writes a Byte String.
    pub fn bytes(&mut self, tag: Tag, v: &[u8]) -> Result<(), EncodeError> {
        self.padded_value(tag, ItemType::ByteString, v)
    }

    /// Writes a Date-Time (POSIX seconds).
    pub fn date_time(&mut self, tag: Tag, secs: i64) -> Result<(), EncodeError> {
        self.header(tag, ItemType::DateTime, 8)?;
        self.sink.put(&secs.to_be_bytes())
    }

    /// Writes an Interval (seconds).
    pub fn interval(&mut self, tag: Tag, secs: u32) -> Result<(), EncodeError> {
        self.header(tag, ItemType::Interval, 4)?;
        let b = secs.to_be_bytes();
        self.sink.put(&[b[0], b[1], b[2], b[3], 0, 0, 0, 0])
    }

    /// Writes a Date-Time Extended (microseconds since the epoch; KMIP 2.0+).
    pub fn date_time_extended(&mut self, tag: Tag, micros: i64) -> Result<(), EncodeError> {
        self.header(tag, ItemType::DateTimeExtended, 8)?;
        self.sink.put(&micros.to_be_bytes())
    }

    /// Copies an already encoded item (for example an [`super::Item::encoded`]) verbatim.
    pub fn raw_item(&mut self, encoded: &[u8]) -> Result<(), EncodeError> {
        self.sink.put(encoded)
    }
}

impl<'b> Encoder<SliceSink<'b>> {
    /// An encoder writing into a caller's buffer.
    pub fn for_slice(buf: &'b mut [u8]) -> Self {
        Encoder::new(SliceSink::new(buf))
    }
}

#[cfg(feature = "alloc")]
impl Encoder<alloc::vec::Vec<u8>> {
    /// An encoder writing into a new `Vec`.
    pub fn for_vec() -> Self {
        Encoder::new(alloc::vec::Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ttlv::decode;

    fn spec_structure(enc: &mut Encoder<SliceSink<'_>>) -> Result<(), EncodeError> {
        enc.structure(Tag(0x420020), |e| {
            e.enumeration(Tag(0x420004), 254u32)?;
            e.integer(Tag(0x420005), 255)
        })
    }

    #[test]
    fn writes_the_spec_structure_example() {
        let mut buf = [0u8; 64];
        let mut enc = Encoder::for_slice(&mut buf);
        spec_structure(&mut enc).unwrap();
        let out = enc.into_sink().into_written();
        let expected: [u8; 40] = [
            0x42, 0x00, 0x20, 0x01, 0, 0, 0, 0x20, 0x42, 0x00, 0x04, 0x05, 0, 0, 0, 4, 0, 0, 0,
            0xFE, 0, 0, 0, 0, 0x42, 0x00, 0x05, 0x02, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0, 0, 0, 0,
        ];
        assert_eq!(&out[..], &expected[..]);
        assert!(decode(out).is_ok());
    }

    #[test]
    fn a_small_buffer_is_an_error_not_a_panic() {
        for cap in 0..40 {
            let mut buf = [0u8; 40];
            let mut enc = Encoder::for_slice(&mut buf[..cap]);
            assert!(matches!(
                spec_structure(&mut enc),
                Err(EncodeError::BufferFull { .. })
            ));
        }
    }

    #[test]
    fn big_integers_are_sign_extended_to_8_bytes() {
        let mut buf = [0u8; 64];
        let mut enc = Encoder::for_slice(&mut buf);
        enc.big_integer(Tag(0x420020), &[0x80]).unwrap();
        enc.big_integer(Tag(0x420020), &[0x7F]).unwrap();
        let out = enc.into_sink().into_written();
        assert_eq!(
            &out[8..16],
            &[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x80]
        );
        assert_eq!(&out[24..32], &[0, 0, 0, 0, 0, 0, 0, 0x7F]);
    }
}
