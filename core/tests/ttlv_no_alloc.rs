//! Decoding, walking and printing a message allocate nothing, nor does decoding it as a typed
//! KMIP message, and writing into a caller's buffer allocates nothing: counted by a global
//! allocator that this test binary installs.

use kmipkit_core::kmip::ops::GetResponse;
use kmipkit_core::kmip::{ProtocolVersion, ResponseMessage};
use kmipkit_core::ttlv::{decode, print, Encoder, Item, PrintOptions, Tag, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A Get response like PyKMIP's, written without allocation.
fn get_response(buf: &mut [u8]) -> usize {
    let mut enc = Encoder::for_slice(buf);
    enc.structure(Tag::RESPONSE_MESSAGE, |e| {
        e.structure(Tag::RESPONSE_HEADER, |e| {
            e.structure(Tag::PROTOCOL_VERSION, |e| {
                e.integer(Tag::PROTOCOL_VERSION_MAJOR, 1)?;
                e.integer(Tag::PROTOCOL_VERSION_MINOR, 4)
            })?;
            e.date_time(Tag::TIME_STAMP, 1_795_857_744)?;
            e.integer(Tag::BATCH_COUNT, 1)
        })?;
        e.structure(Tag::BATCH_ITEM, |e| {
            e.enumeration(Tag::OPERATION, 0x0Au32)?;
            e.enumeration(Tag::RESULT_STATUS, 0u32)?;
            e.structure(Tag::RESPONSE_PAYLOAD, |e| {
                e.enumeration(Tag::OBJECT_TYPE, 2u32)?;
                e.text(Tag::UNIQUE_IDENTIFIER, "15")?;
                e.structure(Tag::SYMMETRIC_KEY, |e| {
                    e.structure(Tag::KEY_BLOCK, |e| {
                        e.enumeration(Tag::KEY_FORMAT_TYPE, 1u32)?;
                        e.structure(Tag::KEY_VALUE, |e| e.bytes(Tag::KEY_MATERIAL, &[7; 32]))?;
                        e.enumeration(Tag::CRYPTOGRAPHIC_ALGORITHM, 3u32)?;
                        e.integer(Tag::CRYPTOGRAPHIC_LENGTH, 256)
                    })
                })
            })
        })
    })
    .unwrap();
    enc.position()
}

fn walk(item: &Item<'_>) -> usize {
    match item.value() {
        Value::Structure(c) => 1 + c.map(|c| walk(&c)).sum::<usize>(),
        Value::TextString(s) => s.len(),
        Value::ByteString(b) => b.len(),
        _ => 1,
    }
}

/// A `fmt::Write` into a fixed buffer.
struct Fixed<'a>(&'a mut [u8], usize);

impl std::fmt::Write for Fixed<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.1 + s.len();
        self.0
            .get_mut(self.1..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.1 = end;
        Ok(())
    }
}

#[test]
fn decode_walk_print_and_write_allocate_nothing() {
    let mut buf = [0u8; 512];
    let mut text = [0u8; 4096];
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let n = get_response(&mut buf);
    let item = decode(&buf[..n]).unwrap();
    let items = walk(&item);
    let mut out = Fixed(&mut text, 0);
    print(&item, &PrintOptions::default(), &mut out).unwrap();
    let printed = out.1;
    let typed = ResponseMessage::<1>::decode(&buf[..n], ProtocolVersion::V1_4).unwrap();
    let key = typed.batch_items[0]
        .payload_as::<GetResponse>()
        .and_then(|p| p.object.key_block().and_then(|k| k.plain_key()));
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert_eq!(n, 280);
    assert!(items > 10 && printed > 500);
    assert_eq!(key, Some(&[7u8; 32][..]));
    assert_eq!(after - before, 0, "decoding allocated");
}
