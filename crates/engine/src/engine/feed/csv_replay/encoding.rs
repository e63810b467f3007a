//! File bytes to text: UTF-8 (with or without a byte-order mark) or UTF-16 with a
//! byte-order mark, as spreadsheet programs save "Unicode text". Anything else is refused
//! with the offset of the first byte that is not text.

use super::CsvError;

/// Decodes a file's bytes. UTF-8 is taken as is (no copy); UTF-16 LE/BE needs its BOM.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, CsvError> {
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => utf16(&bytes[2..], u16::from_le_bytes),
        Some([0xFE, 0xFF]) => utf16(&bytes[2..], u16::from_be_bytes),
        _ => String::from_utf8(bytes).map_err(|e| CsvError::NotText {
            offset: e.utf8_error().valid_up_to(),
        }),
    }
}

fn utf16(body: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, CsvError> {
    if body.len() % 2 == 1 {
        return Err(CsvError::NotText {
            offset: body.len() + 1,
        });
    }
    let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(body.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => out.push(c),
            Err(_) => return Err(CsvError::NotText { offset: 2 + 2 * i }),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode16(s: &str, le: bool) -> Vec<u8> {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf8_and_utf16_with_a_bom_decode_to_the_same_text() {
        let text = "timestamp,price\n2024-01-01,1.5\n";
        assert_eq!(decode_text(text.as_bytes().to_vec()).unwrap(), text);
        assert_eq!(decode_text(encode16(text, true)).unwrap(), text);
        assert_eq!(decode_text(encode16(text, false)).unwrap(), text);
    }

    #[test]
    fn other_bytes_are_refused_with_their_offset() {
        assert_eq!(
            decode_text(b"price\n1\xff".to_vec()),
            Err(CsvError::NotText { offset: 7 })
        );
        // UTF-16 without a BOM is not guessed at.
        let bare = encode16("price\n1\n", true)[2..].to_vec();
        assert!(decode_text(bare).is_ok_and(|t| t.contains('\0')));
        // A lone surrogate.
        assert_eq!(
            decode_text(vec![0xFF, 0xFE, 0x00, 0xD8, b'a', 0]),
            Err(CsvError::NotText { offset: 2 })
        );
        assert!(decode_text(vec![0xFF, 0xFE, b'a']).is_err());
    }
}
