//! Decoding single tokens the way ClickHouse's lexer reads them: numbers in
//! any of its notations, and quoted strings and identifiers with its escapes.

use super::error::TypeParseError;
use super::syntax::{Literal, Span};

/// Reads a number the way ClickHouse's lexer does: integers in decimal, hex
/// (`0x10`) or binary (`0b10`) stay exact, everything else is a float.
pub(crate) fn number(text: &str) -> Literal {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    let radix_digits = |prefixes: [&str; 2]| prefixes.iter().find_map(|p| digits.strip_prefix(p));
    let magnitude = if let Some(hex) = radix_digits(["0x", "0X"]) {
        i128::from_str_radix(hex, 16).ok()
    } else if let Some(binary) = radix_digits(["0b", "0B"]) {
        i128::from_str_radix(binary, 2).ok()
    } else {
        digits.parse::<i128>().ok()
    };
    match magnitude {
        Some(value) if negative => Literal::Integer(-value),
        Some(value) => Literal::Integer(value),
        None => Literal::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
    }
}

/// Decodes a quoted token with ClickHouse's escape rules: a doubled quote is a
/// quote; `\n`, `\t`, `\0`, `\xHH` and friends are control characters or bytes;
/// `\\`, `\'`, `\"`, `` \` ``, `\/` and `\=` drop the backslash; any other
/// escaped character keeps its backslash (`\d` stays `\d`, handy in regexps);
/// `\N` is nothing at all.
pub(crate) fn unquote(token: &str, quote: char, span: Span) -> Result<String, TypeParseError> {
    let body = token
        .strip_prefix(quote)
        .and_then(|rest| rest.strip_suffix(quote))
        .ok_or_else(|| {
            TypeParseError::new(span.clone(), "internal error: quoted token without quotes")
        })?;
    let mut bytes = Vec::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    let mut buffer = [0u8; 4];
    while let Some(c) = chars.next() {
        if c == quote {
            // The grammar only lets a quote through when it is doubled.
            chars.next();
            bytes.push(quote as u8);
            continue;
        }
        if c != '\\' {
            bytes.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            continue;
        }
        let Some(escaped) = chars.next() else {
            bytes.push(b'\\');
            break;
        };
        match escaped {
            'a' => bytes.push(0x07),
            'b' => bytes.push(0x08),
            'e' => bytes.push(0x1b),
            'f' => bytes.push(0x0c),
            'n' => bytes.push(b'\n'),
            'r' => bytes.push(b'\r'),
            't' => bytes.push(b'\t'),
            'v' => bytes.push(0x0b),
            '0' => bytes.push(0),
            'N' => {}
            'x' => {
                let high = chars.next_if(char::is_ascii_hexdigit);
                let low = chars.next_if(char::is_ascii_hexdigit);
                let (Some(high), Some(low)) = (high, low) else {
                    return Err(TypeParseError::new(
                        span,
                        "`\\x` must be followed by two hex digits",
                    ));
                };
                let value = (high.to_digit(16).unwrap_or(0) << 4) | low.to_digit(16).unwrap_or(0);
                bytes.push(u8::try_from(value).unwrap_or(0));
            }
            '\\' | '\'' | '"' | '`' | '/' | '=' => bytes.push(escaped as u8),
            other => {
                bytes.push(b'\\');
                bytes.extend_from_slice(other.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
    String::from_utf8(bytes)
        .map_err(|_| TypeParseError::new(span, "escapes in quoted text must form valid utf-8"))
}
