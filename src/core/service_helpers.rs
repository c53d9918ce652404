//! The texts that `@netuno/service-client`'s helpers build (`encodedParameters`,
//! `urlWithEncodedParameters`, `randomString`), the same way. Encoding one component is the
//! caller's: the browser client passes `encodeURIComponent` (`js_sys::encode_uri_component`).

/// The characters of [`random_string`]: ASCII letters and digits, the reference's set.
pub const RANDOM_CHARS: &[u8; 62] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `key=value` pairs joined by `&`, each value through `encode` and each key as it is (as
/// the reference writes them: `${k}=${encodeURIComponent(v)}`); `""` for no pairs.
pub fn encoded_parameters<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    encode: impl Fn(&str) -> String,
) -> String {
    pairs
        .into_iter()
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `url?parameters`, or `url` when there are none. The `?` is added even to a url that has a
/// query already, as the reference does.
pub fn url_with_parameters(url: &str, parameters: &str) -> String {
    if parameters.is_empty() {
        url.to_owned()
    } else {
        format!("{url}?{parameters}")
    }
}

/// How many characters `randomString(length)` makes: the reference loops `i < length`, so a
/// fraction counts as a whole character and anything not above 0 (or not a number) as none.
/// `None` when it is more than `max`.
pub fn random_length(length: f64, max: usize) -> Option<usize> {
    if length.is_nan() || length <= 0.0 {
        return Some(0);
    }
    let count = length.ceil();
    // `max` is far below 2^53, so both conversions are exact.
    (count <= max as f64).then_some(count as usize)
}

/// `length` characters of [`RANDOM_CHARS`], each chosen by `random()` in `[0, 1)` (the
/// reference's `Math.random()`).
pub fn random_string(length: usize, mut random: impl FnMut() -> f64) -> String {
    (0..length)
        .map(|_| {
            let at = (random() * RANDOM_CHARS.len() as f64) as usize;
            char::from(RANDOM_CHARS[at.min(RANDOM_CHARS.len() - 1)])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for `encodeURIComponent` on the characters these tests use.
    fn encode(text: &str) -> String {
        text.replace('%', "%25")
            .replace(' ', "%20")
            .replace('&', "%26")
            .replace(',', "%2C")
            .replace('=', "%3D")
    }

    #[test]
    fn pairs_are_joined_with_values_encoded_and_keys_not() {
        let pairs = [("q", "a b&c"), ("n", "1"), ("k y", "x=y"), ("list", "a,b")];
        assert_eq!(
            encoded_parameters(pairs, encode),
            "q=a%20b%26c&n=1&k y=x%3Dy&list=a%2Cb"
        );
        assert_eq!(encoded_parameters([("", "")], encode), "=");
        assert_eq!(encoded_parameters([], encode), "");
    }

    #[test]
    fn parameters_follow_a_question_mark() {
        assert_eq!(url_with_parameters("/s/echo", "a=1"), "/s/echo?a=1");
        assert_eq!(url_with_parameters("/s/echo", ""), "/s/echo");
        assert_eq!(url_with_parameters("/s/echo?x=1", "a=1"), "/s/echo?x=1?a=1");
        assert_eq!(url_with_parameters("", "a=1"), "?a=1");
    }

    #[test]
    fn the_length_counts_like_the_reference_loop() {
        assert_eq!(random_length(8.0, 100), Some(8));
        assert_eq!(random_length(2.5, 100), Some(3));
        assert_eq!(random_length(0.1, 100), Some(1));
        assert_eq!(random_length(0.0, 100), Some(0));
        assert_eq!(random_length(-3.0, 100), Some(0));
        assert_eq!(random_length(f64::NAN, 100), Some(0));
        assert_eq!(random_length(100.0, 100), Some(100));
        assert_eq!(random_length(100.5, 100), None);
        assert_eq!(random_length(f64::INFINITY, 100), None);
    }

    #[test]
    fn random_strings_take_letters_and_digits() {
        let mut draws = [0.0, 0.5, 0.999_999_9, 25.5 / 62.0, 26.5 / 62.0].into_iter();
        let text = random_string(5, || draws.next().unwrap());
        assert_eq!(text, "Af9Za");
        assert_eq!(random_string(0, || unreachable!()), "");
        // A random source that reaches 1.0 still picks a character of the set.
        assert_eq!(random_string(1, || 1.0), "9");
    }
}
