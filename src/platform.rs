//! Conversions the platform does best. In the browser, numbers are read and written by JS
//! itself (`Number(text)`, `String(n)`): exactly what `JSON.parse`/`JSON.stringify` do, and
//! Rust's float parser and formatter (several KB of wasm) stay out. Natively (tests), std.

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = Number)]
        pub fn number(text: &str) -> f64;
        #[wasm_bindgen(js_name = String)]
        pub fn string(n: f64) -> String;
    }
}

/// The number a JSON number literal denotes; `None` when it is not a number.
pub fn number_from_text(text: &str) -> Option<f64> {
    #[cfg(target_arch = "wasm32")]
    let n = js::number(text);
    #[cfg(not(target_arch = "wasm32"))]
    let n = text.parse::<f64>().unwrap_or(f64::NAN);
    (!n.is_nan()).then_some(n)
}

/// A finite number as JSON writes it (`1`, `0.5`, `1e+21`).
pub fn number_to_text(n: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    return js::string(n);
    #[cfg(not(target_arch = "wasm32"))]
    return n.to_string();
}
