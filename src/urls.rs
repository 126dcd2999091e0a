//! Finding URLs and e-mail addresses in prose, so that `https://example.com/resellers` or
//! `var@example.com` is never read as a term. Hand-written because the rule is small and the
//! scan is on the hot path: one `memchr`-style search for `:`, `.` and `@` per span.

use std::ops::Range;

/// Byte ranges of URLs (`scheme://…`, `www.…`, `mailto:…`) and e-mail addresses in `text`,
/// in order and non-overlapping. Trailing sentence punctuation is not part of a URL.
///
/// ```
/// let t = "See https://example.com/var, or write to sales@var.example.";
/// let found: Vec<&str> = glossary_lsp::urls::find_urls(t).into_iter().map(|r| &t[r]).collect();
/// assert_eq!(found, ["https://example.com/var", "sales@var.example"]);
/// ```
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    // Every URL or address has a ':', '@' or '.' in it: jump between those with memchr.
    while let Some(k) = memchr::memchr3(b':', b'@', b'.', &b[from..]) {
        let i = from + k;
        let found = match b[i] {
            b':' if b[i + 1..].starts_with(b"//") => scheme_start(b, i)
                .map(|s| (s, url_end(b, i + 3)))
                .filter(|&(_, e)| e > i + 3),
            b':' if i >= 6
                && b[i - 6..i].eq_ignore_ascii_case(b"mailto")
                && (i == 6 || !is_word(b[i - 7])) =>
            {
                Some((i - 6, url_end(b, i + 1))).filter(|&(_, e)| e > i + 1)
            }
            b'.' if i >= 3
                && b[i - 3..i].eq_ignore_ascii_case(b"www")
                && (i == 3 || !is_word(b[i - 4])) =>
            {
                Some((i - 3, url_end(b, i + 1))).filter(|&(_, e)| e > i + 1)
            }
            b'@' => email(b, i),
            _ => None,
        };
        match found {
            Some((s, e)) => {
                // Merge with an overlapping earlier find (an e-mail inside a URL).
                match out.last_mut() {
                    Some(last) if s < last.end => last.end = last.end.max(e),
                    _ => out.push(s..e),
                }
                from = e.max(i + 1);
            }
            None => from = i + 1,
        }
    }
    out
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn scheme_start(b: &[u8], colon: usize) -> Option<usize> {
    let mut s = colon;
    while s > 0 && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'+' | b'-' | b'.')) {
        s -= 1;
    }
    (s < colon && b[s].is_ascii_alphabetic()).then_some(s)
}

fn url_end(b: &[u8], from: usize) -> usize {
    let mut e = from;
    let mut parens = 0i32;
    while e < b.len() {
        match b[e] {
            c if c.is_ascii_whitespace() || matches!(c, b'<' | b'>' | b'"' | b'`') => break,
            b'(' => parens += 1,
            b')' if parens == 0 => break,
            b')' => parens -= 1,
            _ => {}
        }
        e += 1;
    }
    while e > from
        && matches!(
            b[e - 1],
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' | b'_'
        )
    {
        e -= 1;
    }
    e
}

fn email(b: &[u8], at: usize) -> Option<(usize, usize)> {
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut s = at;
    while s > 0 && local(b[s - 1]) {
        s -= 1;
    }
    let mut e = at + 1;
    while e < b.len() && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'.' | b'-')) {
        e += 1;
    }
    while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
        e -= 1;
    }
    let domain = &b[at + 1..e];
    let tld_ok = domain
        .iter()
        .rposition(|&c| c == b'.')
        .is_some_and(|dot| domain.len() - dot > 2 && dot > 0);
    (s < at && tld_ok).then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(t: &str) -> Vec<&str> {
        find_urls(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn finds_urls_and_emails() {
        assert_eq!(urls("(see https://a.io/x_(y)) ok"), ["https://a.io/x_(y)"]);
        assert_eq!(urls("www.msp.example/path."), ["www.msp.example/path"]);
        assert_eq!(
            urls("mailto:a@b.co and c@d.org."),
            ["mailto:a@b.co", "c@d.org"]
        );
        assert!(urls("the @mention and a@b and 2:30 and time://").is_empty());
    }

    #[test]
    fn never_panics_on_edges() {
        for t in [
            "@", "a@", "@b.c", "://", "x://", "www.", "mailto:", "é@é.fr", "w",
        ] {
            let _ = find_urls(t);
        }
    }
}
