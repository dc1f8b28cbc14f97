//! Numbers and lists in the register of a United Nations document: one to
//! nine in words, larger numbers in figures with thousands separated by
//! commas, lists joined with "and", figures numbered in Roman numerals.

/// `4` → `four`, `13` → `13`, `1004` → `1,004`.
pub fn number(n: u32) -> String {
    const WORDS: [&str; 10] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| thousands(n), |w| (*w).to_string())
}

/// `1, "need", "needs"` → `one need`; `42, …` → `42 needs`.
pub fn counted(n: u32, one: &str, many: &str) -> String {
    format!("{} {}", number(n), if n == 1 { one } else { many })
}

pub fn thousands(n: u32) -> String {
    crate::render::text::thousands(n)
}

/// `a`, `a and b`, `a, b and c`.
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [head @ .., last] => format!(
            "{} and {}",
            head.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// 1 → `I`, 14 → `XIV`.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// 0 → `a`, 25 → `z`, 26 → `aa`: the letters of a list's items.
pub fn ordinal_letter(i: usize) -> String {
    let letter = |k: usize| char::from(b'a' + (k % 26) as u8);
    if i < 26 {
        letter(i).to_string()
    } else {
        format!("{}{}", letter(i / 26 - 1), letter(i))
    }
}

/// A day as the United Nations writes it in prose: `28 April 2014`.
pub fn date(d: crate::date::Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS[usize::from(d.month.clamp(1, 12)) - 1];
    format!("{} {month} {}", d.day, d.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_the_register() {
        assert_eq!(number(4), "four");
        assert_eq!(
            counted(1, "State party", "States parties"),
            "one State party"
        );
        assert_eq!(
            counted(19, "State party", "States parties"),
            "19 States parties"
        );
        assert_eq!(number(13), "13");
        assert_eq!(number(1004), "1,004");
        assert_eq!(list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(4), "IV");
        assert_eq!(ordinal_letter(6), "g");
    }

    #[test]
    fn days_are_written_as_the_united_nations_writes_them() {
        let d = |y, m, day| crate::date::Date::new(y, m, day).unwrap();
        assert_eq!(date(d(2014, 4, 28)), "28 April 2014");
        assert_eq!(date(d(2013, 12, 1)), "1 December 2013");
        assert_eq!(date(d(2020, 1, 9)), "9 January 2020");
    }
}
