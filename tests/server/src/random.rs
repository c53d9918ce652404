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
}
