//! A readable dump of a TTLV tree: one line per item with its name, hex tag, type and value.
//! Enumerations appear by name, Date-Times as RFC 3339, bit masks by their bits. Key material
//! (see [`super::context::SECRET_TAGS`]) is redacted unless the caller asks to reveal it.

use super::context::{is_secret, Context};
use super::datetime::rfc3339;
use super::{Item, ItemType, Value};
use core::fmt::{self, Write};

/// What the printer shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct PrintOptions {
    /// Show key material, passwords and plaintext instead of `<redacted>`.
    pub reveal: bool,
}

/// Writes `item` and everything below it, one line per item, each ending in `\n`.
pub fn print(item: &Item<'_>, opts: &PrintOptions, out: &mut dyn Write) -> fmt::Result {
    print_at(item, 0, &Context::default(), opts, out)
}

/// A [`fmt::Display`] adapter for [`print`].
#[derive(Clone, Copy, Debug)]
pub struct Pretty<'i, 'a> {
    /// The item.
    pub item: &'i Item<'a>,
    /// The options.
    pub opts: PrintOptions,
}

impl fmt::Display for Pretty<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        print(self.item, &self.opts, f)
    }
}

fn print_at(
    item: &Item<'_>,
    depth: usize,
    ctx: &Context,
    opts: &PrintOptions,
    out: &mut dyn Write,
) -> fmt::Result {
    for _ in 0..depth {
        out.write_str("  ")?;
    }
    let tag = item.tag();
    match tag.name() {
        Some(n) => write!(out, "{n} [{:06X}] ", tag.0)?,
        None => write!(out, "[{:06X}] ", tag.0)?,
    }
    let ty = item.item_type();
    write!(out, "{ty}")?;
    if ty == ItemType::Structure {
        writeln!(out, " ({} bytes)", item.length())?;
        let mut inner = Context::default();
        for child in item.children() {
            print_at(&child, depth + 1, &inner, opts, out)?;
            inner.observe(child.tag(), child.as_text());
        }
        return Ok(());
    }
    out.write_str(": ")?;
    if is_secret(tag) && !opts.reveal {
        match ty {
            ItemType::ByteString | ItemType::BigInteger | ItemType::TextString => {
                writeln!(out, "<redacted, {} bytes>", item.length())?
            }
            _ => writeln!(out, "<redacted>")?,
        }
        return Ok(());
    }
    match item.value() {
        Value::Structure(_) => {}
        Value::Integer(v) => {
            write!(out, "{v}")?;
            if let Some(mask) = ctx.mask_table(tag) {
                out.write_str(" (")?;
                mask.write(v as u32, out)?;
                out.write_char(')')?;
            }
        }
        Value::LongInteger(v) => write!(out, "{v}")?,
        Value::BigInteger(b) => {
            out.write_str("0x")?;
            hex_to(b, out)?;
        }
        Value::Enumeration(v) => match ctx.enum_name(tag, v) {
            Some(n) => write!(out, "{n} (0x{v:08X})")?,
            None => write!(out, "0x{v:08X}")?,
        },
        Value::Boolean(v) => write!(out, "{v}")?,
        Value::TextString(s) => write!(out, "{s:?}")?,
        Value::ByteString(b) => {
            hex_to(b, out)?;
            write!(out, " ({} bytes)", b.len())?;
        }
        Value::DateTime(s) => match rfc3339(s) {
            Some(d) => write!(out, "{d} ({s})")?,
            None => write!(out, "{s}")?,
        },
        Value::Interval(v) => write!(out, "{v} s")?,
        Value::DateTimeExtended(us) => match rfc3339(us.div_euclid(1_000_000)) {
            Some(d) => write!(out, "{d} +{}us ({us})", us.rem_euclid(1_000_000))?,
            None => write!(out, "{us} us")?,
        },
    }
    out.write_char('\n')
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex_to(bytes: &[u8], out: &mut dyn Write) -> fmt::Result {
    let mut buf = [0u8; 64];
    for chunk in bytes.chunks(32) {
        let n = chunk.len() * 2;
        // Cannot fail: the buffer is exactly twice the chunk.
        if hex::encode_to_slice(chunk, &mut buf[..n]).is_ok() {
            out.write_str(core::str::from_utf8(&buf[..n]).unwrap_or(""))?;
        }
    }
    Ok(())
}
