//! Unguessable identifiers from the operating system's generator.

use crate::error::Error;

/// `bytes` random bytes as lowercase hex (twice as many characters).
///
/// # Errors
/// [`Error::Random`] if the OS generator fails.
pub fn hex_id(bytes: usize) -> Result<String, Error> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|err| Error::Random(err.to_string()))?;
    Ok(buffer.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// A random (version 4) UUID, as Netuno's `uid`s are:
/// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lowercase.
///
/// # Errors
/// [`Error::Random`] if the OS generator fails.
pub fn uuid_v4() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|err| Error::Random(err.to_string()))?;
    // RFC 9562 §5.4: version 4 in the high nibble of byte 6, variant 10 in
    // the two high bits of byte 8.
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_hex_and_differ() {
        let a = super::hex_id(16).unwrap_or_default();
        let b = super::hex_id(16).unwrap_or_default();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn uuids_are_version_4() {
        let uuid = super::uuid_v4().unwrap_or_default();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{uuid}");
        assert_eq!(uuid.as_bytes()[14], b'4', "{uuid}");
        assert!(
            matches!(uuid.as_bytes()[19], b'8' | b'9' | b'a' | b'b'),
            "{uuid}"
        );
        assert_ne!(uuid, super::uuid_v4().unwrap_or_default());
    }
}
