//! A jar's zip central directory — names, CRC-32 and uncompressed sizes — read from the end of the file
//! without decompressing anything.
//!
//! Parsed by hand rather than through the zip crate so that only the tail of each file is read (a few KiB
//! per jar, which is what makes scanning hundreds of jars fast) and so that every size is bounded before it
//! is trusted: a zip bomb costs its central directory, a truncated or lying directory is an error naming
//! what is wrong, never a panic or an unbounded allocation.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Central directories larger than this are refused (a real jar with 100,000 entries needs ~10 MB).
pub const MAX_DIRECTORY_BYTES: u64 = 256 * 1024 * 1024;
/// More entries than this are refused.
pub const MAX_ENTRIES: u64 = 2_000_000;

const EOCD_SIG: u32 = 0x0605_4b50;
const EOCD64_LOCATOR_SIG: u32 = 0x0706_4b50;
const EOCD64_SIG: u32 = 0x0606_4b50;
const CEN_SIG: u32 = 0x0201_4b50;

/// One central-directory entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// `/`-separated (a `\` written by a Windows tool is normalised).
    pub name: String,
    pub crc: u32,
    pub size: u64,
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..i + 8).map(|s| u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]))
}

/// Random access to the archive's bytes.
trait Tail {
    fn len(&mut self) -> std::io::Result<u64>;
    fn read_at(&mut self, offset: u64, len: usize) -> std::io::Result<Vec<u8>>;
}

impl Tail for File {
    fn len(&mut self) -> std::io::Result<u64> {
        Ok(self.metadata()?.len())
    }
    fn read_at(&mut self, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
        self.seek(SeekFrom::Start(offset))?;
        let mut buf = Vec::new();
        self.take(len as u64).read_to_end(&mut buf)?;
        Ok(buf)
    }
}

struct Bytes<'a>(&'a [u8]);

impl Tail for Bytes<'_> {
    fn len(&mut self) -> std::io::Result<u64> {
        Ok(self.0.len() as u64)
    }
    fn read_at(&mut self, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(self.0.len());
        let end = start.saturating_add(len).min(self.0.len());
        Ok(self.0[start..end].to_vec())
    }
}

/// Reads the central directory of the jar at `path`.
pub fn read_file(path: &Path) -> Result<Vec<Entry>, String> {
    let mut f = File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    read(&mut f)
}

/// Reads the central directory of a jar held in memory.
pub fn read_bytes(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    read(&mut Bytes(bytes))
}

fn read(t: &mut dyn Tail) -> Result<Vec<Entry>, String> {
    let io = |e: std::io::Error| format!("cannot be read: {e}");
    let len = t.len().map_err(io)?;
    if len < 22 {
        return Err("is not a zip archive (too short for an end-of-central-directory record)".into());
    }
    // The end record is within the last 22 + 65535 (comment) bytes.
    let tail_len = len.min(22 + 65_535 + 20);
    let tail_start = len - tail_len;
    let tail = t.read_at(tail_start, tail_len as usize).map_err(io)?;
    let mut pos = None;
    let mut i = tail.len().saturating_sub(22);
    loop {
        if u32_at(&tail, i) == Some(EOCD_SIG) {
            pos = Some(i);
            break;
        }
        if i == 0 {
            break;
        }
        i -= 1;
    }
    let Some(eocd) = pos else {
        return Err("is not a zip archive (no end-of-central-directory record)".into());
    };
    let eocd_abs = tail_start + eocd as u64;
    let mut count = u64::from(u16_at(&tail, eocd + 10).unwrap_or(0));
    let mut dir_size = u64::from(u32_at(&tail, eocd + 12).unwrap_or(0));
    let mut dir_offset = u64::from(u32_at(&tail, eocd + 16).unwrap_or(0));
    let mut dir_end = eocd_abs;
    if count == 0xFFFF || dir_size == 0xFFFF_FFFF || dir_offset == 0xFFFF_FFFF {
        // Zip64: the locator sits right before the end record and points at the zip64 end record.
        let loc = eocd.checked_sub(20).filter(|&l| u32_at(&tail, l) == Some(EOCD64_LOCATOR_SIG));
        let Some(loc) = loc else { return Err("has a truncated zip64 end record".into()) };
        let rec_off = u64_at(&tail, loc + 8).unwrap_or(u64::MAX);
        if rec_off >= len {
            return Err("has a zip64 end record beyond the end of the file".into());
        }
        let rec = t.read_at(rec_off, 56).map_err(io)?;
        if u32_at(&rec, 0) != Some(EOCD64_SIG) || rec.len() < 56 {
            return Err("has a corrupt zip64 end record".into());
        }
        count = u64_at(&rec, 32).unwrap_or(0);
        dir_size = u64_at(&rec, 40).unwrap_or(0);
        dir_offset = u64_at(&rec, 48).unwrap_or(0);
        dir_end = rec_off;
    }
    if count > MAX_ENTRIES || dir_size > MAX_DIRECTORY_BYTES {
        return Err(format!("has {count} entries in a {dir_size}-byte central directory, over the limits"));
    }
    if dir_size > dir_end {
        return Err("has a truncated central directory".into());
    }
    // Data prepended to the archive shifts every offset; the directory ends where the end record starts.
    let start = dir_end - dir_size;
    if dir_offset > start {
        return Err("has a truncated central directory (it points past the end of the file)".into());
    }
    let dir = t.read_at(start, dir_size as usize).map_err(io)?;
    if (dir.len() as u64) < dir_size {
        return Err("has a truncated central directory".into());
    }
    // Each entry takes at least 46 bytes, so the count cannot make us allocate more than the directory.
    let mut out = Vec::with_capacity((count as usize).min(dir.len() / 46 + 1));
    let mut p = 0usize;
    for _ in 0..count {
        if u32_at(&dir, p) != Some(CEN_SIG) {
            return Err(format!("has a corrupt central directory (entry {} of {count})", out.len() + 1));
        }
        let crc = u32_at(&dir, p + 16).unwrap_or(0);
        let mut size = u64::from(u32_at(&dir, p + 24).unwrap_or(0));
        let name_len = usize::from(u16_at(&dir, p + 28).unwrap_or(0));
        let extra_len = usize::from(u16_at(&dir, p + 30).unwrap_or(0));
        let comment_len = usize::from(u16_at(&dir, p + 32).unwrap_or(0));
        let compressed = u32_at(&dir, p + 20).unwrap_or(0);
        let name_start = p + 46;
        let Some(name) = dir.get(name_start..name_start + name_len) else {
            return Err("has a truncated central directory".into());
        };
        if size == 0xFFFF_FFFF {
            // The zip64 extra field holds the uncompressed size first (then the compressed one).
            let extra = dir.get(name_start + name_len..name_start + name_len + extra_len).unwrap_or(&[]);
            let mut q = 0;
            while q + 4 <= extra.len() {
                let id = u16_at(extra, q).unwrap_or(0);
                let l = usize::from(u16_at(extra, q + 2).unwrap_or(0));
                if id == 0x0001 {
                    size = u64_at(extra, q + 4).unwrap_or(size);
                    break;
                }
                q += 4 + l;
            }
        }
        let _ = compressed;
        out.push(Entry { name: String::from_utf8_lossy(name).replace('\\', "/"), crc, size });
        p = name_start + name_len + extra_len + comment_len;
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A stored (uncompressed) zip of `entries`, written by hand so tests need no zip writer.
    pub fn make_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut cen = Vec::new();
        for (name, data) in entries {
            let crc = crc32(data);
            let off = out.len() as u32;
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            cen.extend_from_slice(&CEN_SIG.to_le_bytes());
            cen.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            cen.extend_from_slice(&crc.to_le_bytes());
            cen.extend_from_slice(&(data.len() as u32).to_le_bytes());
            cen.extend_from_slice(&(data.len() as u32).to_le_bytes());
            cen.extend_from_slice(&(name.len() as u16).to_le_bytes());
            cen.extend_from_slice(&[0; 12]);
            cen.extend_from_slice(&off.to_le_bytes());
            cen.extend_from_slice(name.as_bytes());
        }
        let cd_off = out.len() as u32;
        out.extend_from_slice(&cen);
        let zip64 = entries.len() > 0xFFFE;
        if zip64 {
            // Zip64 end record and locator, as any zip writer emits past 65,535 entries.
            let rec = out.len() as u64;
            out.extend_from_slice(&EOCD64_SIG.to_le_bytes());
            out.extend_from_slice(&44u64.to_le_bytes());
            out.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
            out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
            out.extend_from_slice(&(cen.len() as u64).to_le_bytes());
            out.extend_from_slice(&u64::from(cd_off).to_le_bytes());
            out.extend_from_slice(&EOCD64_LOCATOR_SIG.to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&rec.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
        }
        let count = if zip64 { 0xFFFF } else { entries.len() as u16 };
        out.extend_from_slice(&EOCD_SIG.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&(cen.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_off.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn reads_names_crcs_and_sizes() {
        let z = make_zip(&[("a/B.class", b"xyz"), ("c\\d.txt", b"")]);
        let e = read_bytes(&z).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].name, "a/B.class");
        assert_eq!(e[0].size, 3);
        assert_eq!(e[0].crc, crc32(b"xyz"));
        assert_eq!(e[1].name, "c/d.txt");
    }

    #[test]
    fn hostile_archives_are_errors() {
        assert!(read_bytes(b"PK not a zip at all, just text").is_err());
        assert!(read_bytes(b"").is_err());
        let z = make_zip(&[("a/B.class", b"xyz")]);
        // Truncated: cut the central directory in half but keep the end record.
        let eocd = z.len() - 22;
        let mut t = z[..eocd - 20].to_vec();
        t.extend_from_slice(&z[eocd..]);
        assert!(read_bytes(&t).is_err());
        // A lying entry count.
        let mut lie = z.clone();
        lie[eocd + 10] = 0xFE;
        assert!(read_bytes(&lie).is_err());
    }

    #[test]
    fn a_jar_with_100000_entries_uses_zip64() {
        let names: Vec<String> = (0..100_000).map(|i| format!("p/C{i}.class")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let z = make_zip(&entries);
        let e = read_bytes(&z).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.len(), 100_000);
        assert_eq!(e[99_999].name, "p/C99999.class");
    }

    #[test]
    fn a_zip_bomb_costs_only_its_directory() {
        // An entry claiming 4 GB uncompressed: the size is read, never allocated or inflated.
        let mut z = make_zip(&[("bomb.bin", b"x")]);
        let cen = z.len() - 22 - (46 + "bomb.bin".len());
        z[cen + 24..cen + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        let e = read_bytes(&z).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e[0].size, 0xFFFF_FFF0);
        // A directory claiming more entries or bytes than the caps is refused before any allocation.
        let mut z = make_zip(&entries_of(1));
        let eocd = z.len() - 22;
        z[eocd + 12..eocd + 16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read_bytes(&z).is_err());
    }

    fn entries_of(n: usize) -> Vec<(&'static str, &'static [u8])> {
        vec![("a.class", &b"a"[..]); n]
    }
}
