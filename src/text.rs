//! Strings built by hand: `core::fmt` and the standard library's generic slice `concat`/`join`
//! would add kilobytes to the wasm that every user of every app downloads.

/// The parts one after another.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The parts with `separator` between them.
pub fn join(parts: &[&str], separator: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn concatenates_and_joins() {
        assert_eq!(super::concat(&["a", "", "bc"]), "abc");
        assert_eq!(super::join(&["a", "b", "c"], ", "), "a, b, c");
        assert_eq!(super::join(&[], ", "), "");
    }
}
