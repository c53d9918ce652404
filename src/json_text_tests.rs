use super::*;

fn obj(members: &[(&str, Value)]) -> Value {
    Value::Object(
        members
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

#[test]
fn parses_what_json_parse_parses() {
    let v =
        parse(r#" {"a": 1, "b": [true, false, null, "x"], "c": {"d": -2.5e1}, "e": {}} "#).unwrap();
    assert_eq!(
        v,
        obj(&[
            ("a", Value::Number(1.0)),
            (
                "b",
                Value::Array(vec![
                    Value::Bool(true),
                    Value::Bool(false),
                    Value::Null,
                    Value::String("x".into())
                ])
            ),
            ("c", obj(&[("d", Value::Number(-25.0))])),
            ("e", obj(&[])),
        ])
    );
    assert_eq!(parse("[]"), Some(Value::Array(vec![])));
    assert_eq!(parse("0"), Some(Value::Number(0.0)));
}

#[test]
fn reads_every_string_escape() {
    let v = parse(r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 \ud800 é""#).unwrap();
    assert_eq!(
        v,
        Value::String("q\" b\\ s/ \u{8}\u{c}\n\r\t é 😀 \u{fffd} é".into())
    );
}

#[test]
fn refuses_what_is_not_json() {
    for bad in [
        "",
        " ",
        "{",
        "}",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "'x'",
        "\"open",
        "tru",
        "nul",
        "1 2",
        "[1] x",
        "+1",
        ".5",
        "1.",
        "-",
        "Infinity",
        "NaN",
        "\"\\x\"",
        "\"\\u12\"",
        "\"tab\there\"",
        "{\"a\" 1}",
    ] {
        assert_eq!(parse(bad), None, "{bad:?} was accepted");
    }
    let deep = "[".repeat(100) + &"]".repeat(100);
    assert_eq!(parse(&deep), None, "nesting is bounded");
}

#[test]
fn writes_what_json_stringify_writes() {
    let v = obj(&[
        ("n", Value::Number(1.0)),
        ("f", Value::Number(0.5)),
        ("inf", Value::Number(f64::INFINITY)),
        ("s", Value::String("a\"b\\c\n\u{1}é😀".into())),
        (
            "a",
            Value::Array(vec![Value::Null, Value::Bool(true), Value::Bool(false)]),
        ),
        ("o", obj(&[])),
    ]);
    let text = write(&v);
    assert_eq!(
        text,
        r#"{"n":1,"f":0.5,"inf":null,"s":"a\"b\\c\n\u0001é😀","a":[null,true,false],"o":{}}"#
    );
    let mut back = v;
    if let Value::Object(members) = &mut back {
        members[2].1 = Value::Null;
    }
    assert_eq!(parse(&text), Some(back), "round trip");
}
